"""FIN-2: the quarterly revenue and expenditure report.

generate (staff: the report row, the rendering queued through the outbox) → render (the
Celery task: the ledger's figures into a PDF and an .xlsx) → put on an enlarged meeting's
agenda (the secretary, through `meetings.services.agenda_item_propose`, as a
FINANCE_REPORT item the meeting hears and closes) → decided (the item closed; recorded
nightly) → its summary published in the column (project funds) through the publishing
service, owned by this mechanism.
"""

from __future__ import annotations

from django.core.files.base import ContentFile
from django.db import transaction

from committees import access
from committees.models import Body, Township
from core import outbox
from core.errors import NotPermitted
from core.history import save_with_history
from finance.reports import clock as statements_clock
from finance.reports import errors
from finance.reports import selectors as report_selectors
from finance.reports.data import quarter_span
from finance.selectors import budget_in_force
from finance.statements.models import QuarterlyReport
from meetings.models import AgendaItem

REPORT_OWNER = "finance.quarterly_report"
RENDER_TASK = "finance.tasks.quarterly_report_render"
SOURCE_LABEL = "季度财政收支情况报告"


def source_ref(report: QuarterlyReport) -> str:
    return f"finance.quarterly_report:{report.pk}"


def _already_on_agenda(report: QuarterlyReport) -> errors.ReportAlreadyOnAgenda:
    item = AgendaItem.objects.select_related("meeting").get(pk=report.agenda_item_id)
    return errors.ReportAlreadyOnAgenda(
        params={
            "year": report.year,
            "quarter": report.quarter,
            "meeting": item.meeting.title,
        }
    )


def agenda_refusal(report: QuarterlyReport) -> errors.DomainError | None:
    """FIN-2: why the report cannot go on an agenda now (None: it can). The service raises
    it; the report page reads it, so the page never disagrees with the service."""
    if report.agenda_item_id:
        return _already_on_agenda(report)
    if report.status != QuarterlyReport.Status.GENERATED:
        return errors.ReportNotGenerated()
    return None


def publish_refusal(report: QuarterlyReport, decided_on) -> errors.DomainError | None:
    """FIN-2: why the summary cannot be published now (None: it can)."""
    if report.column_item_id:
        return errors.SummaryAlreadyPublished()
    if decided_on is None:
        return errors.ReportNotDecided()
    return None


@transaction.atomic
def quarterly_report_generate(
    *, actor, township: Township, year: int, quarter: int
) -> QuarterlyReport:
    """FIN-2: (re)generate a quarter's report from the ledger once the quarter has ended.

    The row is written now (status "being generated") and the PDF and spreadsheet are
    rendered by the task after commit. A report already on an agenda is not regenerated:
    the meeting hears the figures it was given."""
    access.require_actor(actor, township, access.TOWNSHIP_STAFF)
    if not 1 <= int(quarter) <= 4:
        raise errors.QuarterNotEnded(
            params={"year": year, "quarter": quarter, "last_day": "—"}
        )
    first, last = quarter_span(year, quarter)
    if statements_clock.today() <= last:
        raise errors.QuarterNotEnded(
            params={"year": year, "quarter": quarter, "last_day": last.isoformat()}
        )
    if budget_in_force(township, year) is None:
        raise errors.NoBudgetInForce(params={"year": year})
    # Lock the township's row: two clerks generating one quarter at once make one row.
    Township.objects.select_for_update().get(pk=township.pk)
    report = (
        QuarterlyReport.objects.select_for_update()
        .filter(township=township, year=year, quarter=quarter)
        .order_by("pk")
        .first()
    )
    if report is None:
        report = QuarterlyReport(township=township, year=year, quarter=quarter)
    elif report.agenda_item_id:
        raise _already_on_agenda(report)
    report.status = QuarterlyReport.Status.PENDING
    report.generated_at = None
    save_with_history(report, actor=actor, reason="quarterly report requested (FIN-2)")
    outbox.enqueue(RENDER_TASK, report.pk)
    return report


def quarterly_report_render(*, actor=None, report_id: int) -> QuarterlyReport | None:
    """The task's work: draw the figures, render both files, store them. Idempotent: a
    report no longer "being generated" is left as it is. The rendering (a second or two)
    happens outside the transaction; the row is locked only to store the result."""
    report = (
        QuarterlyReport.objects.select_related("township__county")
        .filter(pk=report_id)
        .first()
    )
    if report is None or report.status != QuarterlyReport.Status.PENDING:
        return report
    access.require_actor(actor, report.township_id, access.TOWNSHIP_STAFF)
    from core import documents
    from finance.reports.pdf import render_quarter_pdf
    from finance.reports.xlsx import render_xlsx

    data = report_selectors.quarter_report_data(
        report.township, report.year, report.quarter, statements_clock.today()
    )
    if data is None:
        return report  # the budget left force in between: nothing to draw
    pdf = render_quarter_pdf(data, footer=documents.pdf_footer(report))  # AUD-2
    xlsx = render_xlsx(data)
    name = f"{report.township.slug}-{report.year}-q{report.quarter}"
    with transaction.atomic():
        report = QuarterlyReport.objects.select_for_update().get(pk=report.pk)
        if report.status != QuarterlyReport.Status.PENDING:
            return report
        report.pdf.save(f"{name}.pdf", ContentFile(pdf), save=False)
        report.xlsx.save(f"{name}.xlsx", ContentFile(xlsx), save=False)
        report.summary = data.summary_zh()
        report.status = QuarterlyReport.Status.GENERATED
        report.generated_at = statements_clock.now()
        save_with_history(report, actor=actor, reason="quarterly report generated")
        documents.register_document(pdf, report)  # AUD-2: the public verify page
    return report


def quarterly_report_put_on_agenda(
    *, actor, report: QuarterlyReport, meeting
) -> QuarterlyReport:
    """FIN-2: the secretary puts the generated report on an enlarged meeting's agenda as
    a FINANCE_REPORT item (DEC-2's rules apply: not after the notice)."""
    from meetings import errors as meeting_errors
    from meetings import services as meeting_services

    access.require_actor(actor, report.township_id, access.SECRETARY_ONLY)
    frozen = None
    with transaction.atomic():
        # Lock the report alone (no join): a row locked after waiting is re-read, but
        # a joined row another transaction just wrote would read as missing.
        report = QuarterlyReport.objects.select_for_update().get(pk=report.pk)
        if meeting.township_id != report.township_id:
            raise NotPermitted()
        refusal = agenda_refusal(report)
        if refusal is not None:
            raise refusal
        body = Body.objects.get(pk=meeting.body_id)
        if body.kind != Body.Kind.ENLARGED:
            raise errors.NotEnlargedMeeting(
                params={"meeting": meeting.title, "body": body.get_kind_display()}
            )
        try:
            item = meeting_services.agenda_item_propose(
                actor=actor,
                meeting=meeting,
                title=f"{report.year}年第{report.quarter}季度财政收支情况报告",
                kind=AgendaItem.Kind.FINANCE_REPORT,
                description=report.summary,
            )
        except meeting_errors.AgendaFrozen as refusal:
            # DEC-2 keeps the refused attempt as a compliance fact: let this
            # transaction commit it (nothing of the report was changed), then refuse.
            frozen = refusal
        else:
            report.agenda_item = item
            report.status = QuarterlyReport.Status.ON_AGENDA
            save_with_history(
                report, actor=actor, reason="put on the enlarged meeting's agenda"
            )
    if frozen is not None:
        raise frozen
    return report


def quarterly_reports_mark_decided(*, actor=None, township=None) -> int:
    """FIN-2 (nightly, and after a meeting): reports whose item the enlarged meeting
    closed are recorded as decided. Returns how many changed. Idempotent."""
    found = QuarterlyReport.objects.filter(status=QuarterlyReport.Status.ON_AGENDA)
    if township is not None:
        access.require_actor(actor, township, access.TOWNSHIP_STAFF)
        found = found.filter(township=township)
    changed = 0
    for report in report_selectors.with_items(found):
        if report_selectors.decided_on(report.agenda_item) is None:
            continue
        with transaction.atomic():
            locked = QuarterlyReport.objects.select_for_update().get(pk=report.pk)
            if locked.status != QuarterlyReport.Status.ON_AGENDA:
                continue
            locked.status = QuarterlyReport.Status.DECIDED
            save_with_history(
                locked, actor=actor, reason="heard by the enlarged meeting (FIN-2)"
            )
            changed += 1
    return changed


@transaction.atomic
def quarterly_report_publish(*, actor, report: QuarterlyReport) -> QuarterlyReport:
    """FIN-2: the report's summary goes to the column (project funds), once the
    enlarged meeting has heard it. The column item is owned by this mechanism."""
    from disclosure import services as column_services
    from disclosure.models import Category

    access.require_actor(actor, report.township_id, access.TOWNSHIP_STAFF)
    locked = (
        QuarterlyReport.objects.select_for_update(of=("self",))
        .select_related("township")
        .get(pk=report.pk)
    )
    (state,) = [
        s
        for s in report_selectors.quarter_states(locked.township, locked.year)
        if s.quarter == locked.quarter
    ]
    refusal = publish_refusal(locked, state.decided_on)
    if refusal is not None:
        raise refusal
    locked.column_item = column_services.item_publish(
        actor=actor,
        township=locked.township,
        category=Category.PROJECT_FUNDS,
        title=f"{locked.township.name}{locked.year}年第{locked.quarter}季度财政收支情况",
        body=locked.summary,
        source_label=SOURCE_LABEL,
        source_ref=source_ref(locked),
        owner=REPORT_OWNER,
    )
    if locked.status == QuarterlyReport.Status.ON_AGENDA:
        locked.status = QuarterlyReport.Status.DECIDED
    save_with_history(locked, actor=actor, reason="summary published in the column")
    return locked
