"""LRN-3 deadline arithmetic: due day of the next month, Shanghai time, reminder days."""

import datetime

import pytest

from cadres.learning import deadlines
from cadres.learning.deadlines import TZ

SH = TZ


def test_lrn3_due_date_is_the_township_day_of_the_next_month():
    assert deadlines.due_date(2026, 10, 5) == datetime.date(2026, 11, 5)
    assert deadlines.due_date(2026, 12, 5) == datetime.date(2027, 1, 5)


@pytest.mark.parametrize(
    ("moment", "late"),
    [
        (datetime.datetime(2026, 11, 5, 23, 59, 59, tzinfo=SH), False),
        (datetime.datetime(2026, 11, 6, 0, 0, tzinfo=SH), True),
        # 15:59 UTC on the 5th is 23:59 in Shanghai: still on time.
        (datetime.datetime(2026, 11, 5, 15, 59, tzinfo=datetime.UTC), False),
        (datetime.datetime(2026, 11, 5, 16, 0, tzinfo=datetime.UTC), True),
    ],
)
def test_lrn3_late_from_the_first_minute_after_the_due_day(moment, late):
    assert deadlines.is_late(moment, 2026, 10, 5) is late


@pytest.mark.parametrize(
    ("today", "due_day", "expected"),
    [
        (datetime.date(2026, 11, 2), 5, ("before", 2026, 10)),
        (datetime.date(2026, 11, 3), 5, None),
        (datetime.date(2026, 11, 5), 5, ("due_day", 2026, 10)),
        (datetime.date(2026, 11, 6), 5, None),
        # Due on the 2nd: three days before falls in the report's own month.
        (datetime.date(2026, 10, 30), 2, ("before", 2026, 10)),
        (datetime.date(2026, 11, 2), 2, ("due_day", 2026, 10)),
        (datetime.date(2027, 1, 5), 5, ("due_day", 2026, 12)),
    ],
)
def test_lrn3_reminder_days(today, due_day, expected):
    assert deadlines.reminder_kind(today, due_day) == expected


def test_lrn3_open_month_is_last_month_until_its_due_day():
    assert deadlines.open_month(datetime.date(2026, 11, 5), 5) == (2026, 10)
    assert deadlines.open_month(datetime.date(2026, 11, 6), 5) == (2026, 11)
    assert deadlines.open_month(datetime.date(2026, 1, 3), 5) == (2025, 12)


def test_lrn3_grid_status():
    before = datetime.datetime(2026, 11, 5, 23, 59, tzinfo=SH)
    after = datetime.datetime(2026, 11, 6, 0, 0, tzinfo=SH)
    common = {"year": 2026, "month": 10, "due_day": 5}
    status = deadlines.report_status
    assert status(status=None, late=False, now=before, **common) == "none"
    assert status(status="draft", late=False, now=before, **common) == "draft"
    assert status(status="draft", late=False, now=after, **common) == "missing"
    assert status(status=None, late=False, now=after, **common) == "missing"
    assert status(status="submitted", late=False, now=after, **common) == "submitted"
    assert status(status="submitted", late=True, now=after, **common) == "late"
    assert (
        status(status=None, late=False, now=before, year=2026, month=12, due_day=5)
        == "not_due"
    )
