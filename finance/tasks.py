"""Thin Celery tasks of the township's money: ids in, re-fetch, call the service; safe to
run twice."""

from celery import shared_task


@shared_task(name="finance.tasks.quarterly_report_render")
def quarterly_report_render(report_id: int) -> bool:
    """FIN-2: render a requested quarterly report (PDF and .xlsx) from the ledger."""
    from finance.reports import services

    report = services.quarterly_report_render(report_id=report_id)
    return report is not None


@shared_task(name="finance.tasks.statement_period_checks")
def statement_period_checks() -> dict:
    """Nightly (beat): FIN-2 reports heard by the meeting are recorded as decided; FIN-2
    gaps, FIN-7 comments and findings, FIN-8 filing and publication are counted."""
    from finance.reports.checks import period_checks

    return period_checks()
