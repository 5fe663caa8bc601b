"""Reads of the quarterly reports (FIN-2): each quarter's state, the report's data drawn
from the ledger, and the county figure's per-township reading.

A quarter is decided when its report's agenda item was closed by the enlarged meeting
(`meetings` closes a report item without a vote: the meeting heard it); its day is the
meeting's day. A quarter is a compliance gap by `finance.rules.quarter_report_gap`: not
decided by the end of the next month (a late decision stays a gap). The secretary's home,
the reports page, the county figure and its drill-down all read `quarter_states`, so they
cannot disagree.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db.models import Prefetch, QuerySet
from django.utils import timezone

from committees import access
from committees.selectors import first_counted_day
from finance import roles as finance_roles
from finance import rules
from finance.budget.models import Budget
from finance.reports.data import QuarterReportData, ReportRow, quarter_span
from finance.selectors import budget_in_force, line_figures
from finance.statements.models import QuarterlyReport
from meetings.models import AgendaItem

# FIN-2: those who read the township's money (finance.roles); a cadre sees nothing.
READERS = finance_roles.READERS
BASIS = rules.QUARTER_REPORT_BASIS


def reports_of(township) -> QuerySet[QuarterlyReport]:
    return QuarterlyReport.objects.filter(township=township).select_related(
        "agenda_item__meeting__body", "column_item"
    )


def report_for_user(user, pk: int, township=None, roles=READERS) -> QuarterlyReport:
    return access.governed_or_404(
        QuarterlyReport.objects.select_related(
            "township__county", "agenda_item__meeting__body", "column_item"
        ),
        user,
        pk,
        township=township,
        roles=roles,
    )


def _local_day(moment: datetime.datetime) -> datetime.date:
    return timezone.localtime(moment).date()


def decided_on(item: AgendaItem | None) -> datetime.date | None:
    """The day the enlarged meeting closed the report's item (or the item a postponement
    carried it to), None while it is not closed. Reads `carried_to` prefetched."""
    if item is None:
        return None
    if item.status == AgendaItem.Status.CLOSED:
        return _local_day(item.meeting.start)
    for later in item.carried_to.all():
        day = decided_on(later)
        if day is not None:
            return day
    return None


@dataclass(frozen=True)
class QuarterState:
    year: int
    quarter: int
    first_day: datetime.date
    last_day: datetime.date
    due: datetime.date
    report: QuarterlyReport | None
    decided_on: datetime.date | None
    ended: bool
    counted: bool  # within the months the township keeps its records here
    gap: bool
    basis: str = BASIS

    @property
    def overdue_undecided(self) -> bool:
        return self.gap and self.decided_on is None

    @property
    def label(self) -> str:
        return f"{self.year}年第{self.quarter}季度"


def with_items(queryset):
    return queryset.select_related(
        "agenda_item__meeting__body", "column_item"
    ).prefetch_related(
        Prefetch(
            "agenda_item__carried_to",
            queryset=AgendaItem.objects.select_related("meeting").prefetch_related(
                "carried_to__meeting"
            ),
        )
    )


def _states(township, year, reports, today) -> list[QuarterState]:
    first_counted = first_counted_day(township, datetime.date(year, 1, 1))
    states = []
    for quarter in (1, 2, 3, 4):
        first, last = quarter_span(year, quarter)
        report = reports.get(quarter)
        day = decided_on(report.agenda_item if report else None)
        counted = last >= first_counted and first_counted.year == year
        states.append(
            QuarterState(
                year=year,
                quarter=quarter,
                first_day=first,
                last_day=last,
                due=rules.quarter_report_due(year, quarter),
                report=report,
                decided_on=day,
                ended=today > last,
                counted=counted,
                gap=counted and rules.quarter_report_gap(year, quarter, day, today),
            )
        )
    return states


def _today(now) -> datetime.date:
    return timezone.localdate(now) if now is not None else timezone.localdate()


def quarter_states(township, year: int, now=None) -> list[QuarterState]:
    """FIN-2: the four quarters of `year`, each with its report and whether it is a gap."""
    reports = {
        r.quarter: r
        for r in with_items(
            QuarterlyReport.objects.filter(township=township, year=year)
        )
    }
    return _states(township, year, reports, _today(now))


def gaps(township, year: int, now=None) -> list[QuarterState]:
    return [s for s in quarter_states(township, year, now) if s.gap]


def year_recorded(township, year: int) -> bool:
    """The township keeps the year's money here (a budget or a report of that year):
    before that the county figure reads "not yet recorded", never zero."""
    return (
        Budget.objects.filter(township=township, year=year).exists()
        or QuarterlyReport.objects.filter(township=township, year=year).exists()
    )


def quarter_states_by_township(townships, year: int, now=None):
    """`quarter_states` of many townships in a fixed number of queries: (recorded
    township ids, {township id: states})."""
    today = _today(now)
    ids = [t.pk for t in townships]
    recorded = set(
        Budget.objects.filter(township_id__in=ids, year=year).values_list(
            "township_id", flat=True
        )
    )
    reports: dict[int, dict[int, QuarterlyReport]] = {pk: {} for pk in ids}
    for report in with_items(
        QuarterlyReport.objects.filter(township_id__in=ids, year=year)
    ):
        reports[report.township_id][report.quarter] = report
        recorded.add(report.township_id)
    return recorded, {t.pk: _states(t, year, reports[t.pk], today) for t in townships}


def quarter_report_data(
    township, year: int, quarter: int, generated_on: datetime.date
) -> QuarterReportData | None:
    """The report drawn from the ledger: per line of the budget in force, approved,
    adjusted, actual in the quarter and from 1 January (`finance.selectors.line_figures`,
    summed in the database). None when no budget of `year` is in force."""
    budget = budget_in_force(township, year)
    if budget is None:
        return None
    first, last = quarter_span(year, quarter)
    rows = tuple(
        ReportRow(
            code=f.line.code,
            name=f.line.name,
            kind=f.line.direction,
            approved=f.approved,
            adjusted=f.adjusted,
            quarter_actual=f.actual_period,
            year_actual=f.actual_ytd,
        )
        for f in line_figures(budget, first, last)
    )
    return QuarterReportData(
        county=township.county.name,
        township=township.name,
        year=year,
        quarter=quarter,
        generated_on=generated_on,
        rows=rows,
    )


def open_enlarged_meetings(township) -> QuerySet:
    """Enlarged meetings whose agenda is still open (scheduled, notice not yet sent):
    where the secretary may put a report (DEC-2: no item after the notice)."""
    from committees.models import Body
    from meetings.models import Meeting

    return (
        Meeting.objects.filter(
            township=township,
            body__kind=Body.Kind.ENLARGED,
            status=Meeting.Status.SCHEDULED,
        )
        .select_related("body")
        .order_by("start")
    )
