"""APT-3: the notice period as Chinese law counts it (pure arithmetic, no database)."""

from __future__ import annotations

import datetime

import pytest
import time_machine
from django.utils import timezone

from cadres.appointments.notice import SHANGHAI, WorkCalendar, notice_period

D = datetime.date


@pytest.mark.parametrize(
    ("published", "days", "last", "working", "moved", "extended"),
    [
        # Mon 23 Nov 2026: Tue..Mon = 7 days, 5 working days, last day a Monday.
        (D(2026, 11, 23), 7, D(2026, 11, 30), 5, False, False),
        # Fri 27 Nov: day 7 is Fri 4 Dec, a working day; Sat/Sun inside the period.
        (D(2026, 11, 27), 7, D(2026, 12, 4), 5, False, False),
        # Sat 21 Nov: day 7 is Sat 28 Nov (rest day) -> Mon 30 Nov.
        (D(2026, 11, 21), 7, D(2026, 11, 30), 6, True, False),
        # Ends on a public holiday: Fri 12 Jun 2026 + 7 = Fri 19 Jun, Dragon Boat
        # Festival -> the next working day, Mon 22 Jun.
        (D(2026, 6, 12), 7, D(2026, 6, 22), 5, True, False),
        # Ends on a Labour Day day off (调休): Tue 28 Apr + 7 = Tue 5 May -> Wed 6 May,
        # which holds only 3 working days (29, 30 Apr, 6 May) -> extended to Fri 8 May.
        (D(2026, 4, 28), 7, D(2026, 5, 8), 5, True, True),
        # Just before National Day: Tue 29 Sep 2026 + 7 = 6 Oct (holiday) -> Thu 8 Oct
        # holds only 2 working days (30 Sep, 8 Oct); extended over Fri 9, Sat 10 Oct
        # (a make-up working day) to Mon 12 Oct: five working days.
        (D(2026, 9, 29), 7, D(2026, 10, 12), 5, True, True),
        # Published on 30 Sep 2026: the whole first week is the holiday.
        (D(2026, 9, 30), 7, D(2026, 10, 13), 5, True, True),
        # National Day 2025 (1-8 Oct): published Fri 26 Sep; 28 Sep and 11 Oct are make-up
        # working days.
        (D(2025, 9, 26), 7, D(2025, 10, 10), 5, True, True),
        # A township setting of 10 days needs no extension.
        (D(2026, 11, 23), 10, D(2026, 12, 3), 8, False, False),
    ],
)
def test_apt3_notice_period_table(published, days, last, working, moved, extended):
    """APT-3: publication day not counted; last day moved off a holiday; >= 5 working days."""
    period = notice_period(published, days)
    assert period.first_day == published + datetime.timedelta(days=1)
    assert period.last_day == last
    assert period.working_days == working
    assert period.moved_for_day_off is moved
    assert period.extended is extended
    assert period.working_days >= 5


def test_apt3_national_day_still_five_working_days():
    """APT-3: a notice published just before the National Day holiday (1–7 Oct) still
    holds five working days: every day of it is checked against the calendar."""
    calendar = WorkCalendar()
    period = notice_period(D(2026, 9, 30), 7, calendar)
    days = [
        period.first_day + datetime.timedelta(days=n)
        for n in range((period.last_day - period.first_day).days + 1)
    ]
    working = [day for day in days if calendar.is_working_day(day)]
    assert working == [D(2026, 10, 8), D(2026, 10, 9), D(2026, 10, 10), D(2026, 10, 12),
                       D(2026, 10, 13)]  # fmt: skip
    assert not any(calendar.is_working_day(D(2026, 10, n)) for n in range(1, 8))


def test_apt3_calendar_knows_official_holidays_and_make_up_days():
    """APT-3: the `holidays` China calendar: holidays off, 调休 weekend days on."""
    calendar = WorkCalendar()
    assert not calendar.is_working_day(D(2026, 10, 1))  # National Day
    assert not calendar.is_working_day(D(2026, 10, 7))  # a day off moved by 调休
    assert calendar.is_working_day(D(2026, 10, 10))  # Saturday, a make-up working day
    assert not calendar.is_working_day(D(2026, 11, 28))  # an ordinary Saturday
    assert calendar.is_working_day(D(2026, 11, 27))  # an ordinary Friday


def test_apt3_county_corrections_override_the_library():
    """APT-3: a county correction wins over the package (a day off the package missed)."""
    published = D(2026, 11, 23)
    assert notice_period(published, 7).last_day == D(2026, 11, 30)
    calendar = WorkCalendar({D(2026, 11, 30): False, D(2026, 11, 26): False})
    period = notice_period(published, 7, calendar)
    # 30 Nov is now a day off: moved to Tue 1 Dec; 26 Nov off too -> 4 working days by
    # then (24, 25, 27 Nov, 1 Dec) -> extended to Wed 2 Dec.
    assert period.last_day == D(2026, 12, 2)
    assert period.working_days == 5
    weekend_work = WorkCalendar({D(2026, 11, 28): True})
    assert weekend_work.is_working_day(D(2026, 11, 28))


def _at(day, hour, minute, second=0):
    return datetime.datetime(
        day.year, day.month, day.day, hour, minute, second, tzinfo=SHANGHAI
    )


def test_apt3_notice_ends_at_the_last_second_of_the_last_day():
    """APT-3: open through 23:59 of the last day (Asia/Shanghai); over at 00:00 after."""
    period = notice_period(D(2026, 11, 23), 7)
    last = period.last_day
    assert period.ends_at == _at(last, 23, 59, 59).replace(microsecond=999999)
    assert period.is_open_at(_at(last, 23, 59))
    assert period.is_open_at(_at(last, 23, 59, 59))
    assert not period.has_ended_at(_at(last, 23, 59, 59))
    assert period.has_ended_at(_at(last + datetime.timedelta(days=1), 0, 0))
    assert not period.is_open_at(_at(last + datetime.timedelta(days=1), 0, 0))
    # The same instant written in UTC: 15:59 UTC is 23:59 in Shanghai.
    utc = datetime.datetime(2026, 11, 30, 15, 59, tzinfo=datetime.UTC)
    assert period.is_open_at(utc)
    assert period.has_ended_at(utc + datetime.timedelta(minutes=1))


def test_apt3_days_left_with_frozen_time():
    """APT-3: the days left, counted with the clock frozen (today included)."""
    period = notice_period(D(2026, 11, 23), 7)
    with time_machine.travel(_at(D(2026, 11, 23), 9, 0), tick=False):
        # Up and taking objections today, though today is not one of the 7 days counted.
        assert period.days_left(timezone.now()) == 8
    with time_machine.travel(_at(D(2026, 11, 24), 0, 0), tick=False):
        assert period.days_left(timezone.now()) == 7
    with time_machine.travel(_at(D(2026, 11, 30), 23, 59), tick=False):
        assert period.days_left(timezone.now()) == 1
        assert period.is_open_at(timezone.now())
    with time_machine.travel(_at(D(2026, 12, 1), 0, 0), tick=False):
        assert period.days_left(timezone.now()) == 0
        assert period.has_ended_at(timezone.now())


def test_apt3_at_least_one_day():
    with pytest.raises(ValueError):
        notice_period(D(2026, 11, 23), 0)
