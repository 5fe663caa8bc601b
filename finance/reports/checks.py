"""The nightly period checks of the statements (beat: finance.tasks.statement_period_checks).

FIN-2: reports whose item the enlarged meeting closed are recorded as decided, and the
gap quarters are counted; FIN-7: comments not received within 10 days and findings past
their due date; FIN-8: final accounts not filed within 30 days or not published within 20.
The screens compute the same from the same selectors; the check records the decided
reports and logs what is overdue for the operators."""

from __future__ import annotations

import logging

from django.utils import timezone

from committees.models import Township

logger = logging.getLogger("finance.checks")


def period_checks(now=None) -> dict:
    from finance.accounts import selectors as accounts
    from finance.audits import selectors as audits
    from finance.reports import selectors as reports
    from finance.reports import services as report_services

    now = now or timezone.now()
    today = timezone.localdate(now)
    decided = report_services.quarterly_reports_mark_decided()
    counts = {"decided": decided, "fin2_gaps": 0, "fin7_overdue": 0, "fin8_overdue": 0}
    townships = list(Township.objects.select_related("county"))
    for year in {today.year, today.year - 1}:
        recorded, states = reports.quarter_states_by_township(townships, year, now)
        counts["fin2_gaps"] += sum(1 for tid in recorded for s in states[tid] if s.gap)
    for township in townships:
        for state in audits.audit_states(township, now):
            counts["fin7_overdue"] += int(state.comments_overdue) + len(
                [f for f in state.overdue_findings if f.closed_on is None]
            )
        for state in accounts.accounts_states(township, now):
            counts["fin8_overdue"] += sum(
                1 for d in (state.filing, state.publication) if d and d.overdue
            )
    logger.info("finance period checks: %s", counts)
    return counts
