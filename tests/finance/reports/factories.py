"""Quarterly reports, final accounts and audits built through the services."""

from __future__ import annotations

import datetime
from decimal import Decimal

import time_machine
from django.utils import timezone

from committees.models import Body
from finance import services as finance_services
from finance.models import LedgerEntry, QuarterlyReport
from finance.reports import services
from meetings import services as meetings_services
from tests.finance import factories as ff
from tests.meetings import factories as mf

D = Decimal
SHANGHAI_NOON = datetime.time(12, 0)


def moment(day: datetime.date, hour: int = 12) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))


def on(day: datetime.date, hour: int = 12):
    """Travel to `day` at `hour` (local time), the clock ticking."""
    return time_machine.travel(moment(day, hour), tick=True)


def year_with_entries(town, year=2026):
    """A budget in force (approved 10 January) and a few entries in Q1 and Q2.

    Q1: 行政运行 −30,000.10, 社会救助 −12,345.67, 行政事业性收费 +8,000.05;
    Q2: 行政运行 −20,000.00, 农村道路养护 −49,999.99, 上级补助收入 +240,000.00."""
    with on(datetime.date(year, 1, 5)):
        budget = ff.budget_in_force(town, year)
    entries = [
        ("2010101", LedgerEntry.Kind.SPENT, "30000.10", datetime.date(year, 2, 3)),
        ("2080201", LedgerEntry.Kind.SPENT, "12345.67", datetime.date(year, 3, 31)),
        ("1030401", LedgerEntry.Kind.PAID_IN, "8000.05", datetime.date(year, 3, 1)),
        ("2010101", LedgerEntry.Kind.SPENT, "20000.00", datetime.date(year, 4, 1)),
        ("2130101", LedgerEntry.Kind.SPENT, "49999.99", datetime.date(year, 6, 30)),
        ("1100201", LedgerEntry.Kind.PAID_IN, "240000.00", datetime.date(year, 5, 20)),
    ]
    for number, (code, kind, amount, day) in enumerate(entries):
        with on(day):
            finance_services.entry_record(
                actor=town.clerk,
                line=ff.line(budget, code),
                kind=kind,
                amount=D(amount),
                date=day,
                counterparty="某单位",
                purpose=f"用途{number}",
            )
    return budget


def generated(town, year, quarter, day, capture) -> QuarterlyReport:
    """Generate a quarter's report on `day`, the outbox's task run after commit."""
    with on(day), capture(execute=True):
        report = services.quarterly_report_generate(
            actor=town.clerk, township=town.township, year=year, quarter=quarter
        )
    report.refresh_from_db()
    return report


def enlarged_meeting(town, start: datetime.datetime):
    with meetings_services.clock(start - datetime.timedelta(days=3)):
        return mf.schedule(town, start=start, body_kind=Body.Kind.ENLARGED)


def heard(town, report, start: datetime.datetime, close=True) -> QuarterlyReport:
    """The report put on an enlarged meeting starting at `start`, noticed three days
    before, the meeting opened at its start and (if `close`) the item closed."""
    meeting = enlarged_meeting(town, start)
    with on(timezone.localtime(start - datetime.timedelta(days=3)).date()):
        with meetings_services.clock(start - datetime.timedelta(days=3)):
            report = services.quarterly_report_put_on_agenda(
                actor=town.secretary, report=report, meeting=meeting
            )
            mf.notice(town, meeting)
    if close:
        with time_machine.travel(start, tick=True):
            mf.arrive(town, meeting, town.members)
            meetings_services.meeting_open(actor=town.clerk, meeting=meeting)
            meetings_services.item_close(
                actor=town.clerk, item=report.agenda_item, discussion="听取并同意报告。"
            )
    report.refresh_from_db()
    return report
