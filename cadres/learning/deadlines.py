"""LRN-3 deadline arithmetic, pure: dates in, verdicts out (no ORM).

A report for month M is due by the township's due day of month M+1, in Asia/Shanghai time:
submitted before midnight at the end of that day it is on time; from the first minute of the
next day it is late, and a report not submitted by then is overdue ("missing").
"""

from __future__ import annotations

import datetime
from zoneinfo import ZoneInfo

TZ = ZoneInfo("Asia/Shanghai")
REMINDER_DAYS_BEFORE = 3


def next_month(year: int, month: int) -> tuple[int, int]:
    return (year + 1, 1) if month == 12 else (year, month + 1)


def previous_month(year: int, month: int) -> tuple[int, int]:
    return (year - 1, 12) if month == 1 else (year, month - 1)


def due_date(year: int, month: int, due_day: int) -> datetime.date:
    """The last day on which the report of (year, month) is on time."""
    due_year, due_month = next_month(year, month)
    return datetime.date(due_year, due_month, due_day)


def deadline(year: int, month: int, due_day: int) -> datetime.datetime:
    """The first moment at which the report is late: midnight after the due day, Shanghai."""
    day_after = due_date(year, month, due_day) + datetime.timedelta(days=1)
    return datetime.datetime.combine(day_after, datetime.time(0, 0), tzinfo=TZ)


def is_late(
    submitted_at: datetime.datetime, year: int, month: int, due_day: int
) -> bool:
    return submitted_at >= deadline(year, month, due_day)


def month_started(year: int, month: int, today: datetime.date) -> bool:
    return (year, month) <= (today.year, today.month)


def open_month(today: datetime.date, due_day: int) -> tuple[int, int]:
    """The month whose report is being written now: last month until its due day, else this one."""
    last = previous_month(today.year, today.month)
    if today <= due_date(*last, due_day):
        return last
    return today.year, today.month


def days_left(today: datetime.date, year: int, month: int, due_day: int) -> int:
    """Whole days until the due day (0 on the due day, negative once overdue)."""
    return (due_date(year, month, due_day) - today).days


def reminder_kind(today: datetime.date, due_day: int) -> tuple[str, int, int] | None:
    """LRN-3 reminders: ("before", y, m) three days before the due day, ("due_day", y, m) on it."""
    # With a due day of 1–3 the "before" reminder falls in the report's own month.
    for year, month in (
        previous_month(today.year, today.month),
        (today.year, today.month),
    ):
        due = due_date(year, month, due_day)
        if today == due - datetime.timedelta(days=REMINDER_DAYS_BEFORE):
            return ("before", year, month)
        if today == due:
            return ("due_day", year, month)
    return None


# Grid status of one cadre's month (the secretary's grid and the compliance figures).
SUBMITTED = "submitted"
LATE = "late"
MISSING = "missing"
DRAFT = "draft"
NOT_DUE = "not_due"
NONE = "none"


def report_status(
    *,
    status: str | None,
    late: bool,
    year: int,
    month: int,
    due_day: int,
    now: datetime.datetime,
) -> str:
    """The status shown for one cadre's month: submitted / late / missing / draft / not due."""
    if status == "submitted":
        return LATE if late else SUBMITTED
    if now >= deadline(year, month, due_day):
        return MISSING
    if status == "draft":
        return DRAFT
    if not month_started(year, month, now.astimezone(TZ).date()):
        return NOT_DUE
    return NONE
