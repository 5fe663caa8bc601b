"""The one period engine (core.periods): calendar and working days, the first day not
counted, a last day off moved where the law says so, a working-day floor, the China
calendar with its make-up working days, county corrections, and the article of each period.

APT-3's own table (every kind of notice week of 2026) is in tests/cadres/appointments/test_notice.py.
"""

from __future__ import annotations

import datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from core.periods import (
    SHANGHAI,
    PeriodRule,
    Unit,
    WorkCalendar,
    latest_start,
    local_date,
    period,
)

D = datetime.date
CAL = WorkCalendar()


@pytest.mark.parametrize(
    ("rule", "start", "last", "moved", "extended"),
    [
        # 30 calendar days, last day a Saturday, not moved (DEC-8's window).
        (PeriodRule(30), D(2026, 11, 1), D(2026, 12, 1), False, False),
        (PeriodRule(30), D(2026, 9, 3), D(2026, 10, 3), False, False),
        # The same period where the law moves a last day off: Sat 3 Oct (National Day)
        # -> the next working day, Thu 8 Oct (4-7 Oct are days off).
        (
            PeriodRule(30, last_day_off_moves=True),
            D(2026, 9, 3),
            D(2026, 10, 8),
            True,
            False,
        ),
        # The first day counted (a rare rule): one day shorter.
        (
            PeriodRule(7, first_day_counted=True),
            D(2026, 11, 23),
            D(2026, 11, 29),
            False,
            False,
        ),
        # 7 working days from Thu 24 Sep 2026: Fri 25 Sep is Mid-Autumn; Sun 20 Sep was a
        # make-up day before, Sat 10 Oct is one after; 1-7 Oct off.
        (
            PeriodRule(7, unit=Unit.WORKING_DAYS),
            D(2026, 9, 24),
            D(2026, 10, 12),
            False,
            False,
        ),
        # 2 working days from Fri 27 Nov 2026: Mon 30 Nov, Tue 1 Dec.
        (
            PeriodRule(2, unit=Unit.WORKING_DAYS),
            D(2026, 11, 27),
            D(2026, 12, 1),
            False,
            False,
        ),
        # A floor: 3 calendar days over the Spring Festival hold no working day; extended
        # to the fifth working day after: Tue 24 to Fri 27 Feb, then Sat 28 Feb, a
        # make-up working day.
        (
            PeriodRule(3, min_working_days=5),
            D(2026, 2, 15),
            D(2026, 2, 28),
            False,
            True,
        ),
    ],
)
def test_periods_table(rule, start, last, moved, extended):
    """APT-3 / DEC-8 / PRJ-5: the engine's rules one by one, on 2026's calendar."""
    result = period(rule, start, CAL)
    assert result.last_day == last
    assert result.first_day == (
        start if rule.first_day_counted else start + datetime.timedelta(1)
    )
    assert result.moved_for_day_off is moved
    assert result.extended is extended
    assert result.working_days == CAL.working_days(result.first_day, result.last_day)


def test_periods_make_up_working_day_counts():
    """PRJ-5: a weekend make-up working day (调休上班) counts as a working day."""
    assert CAL.is_working_day(D(2026, 10, 10))  # Saturday, make-up day
    assert CAL.add_working_days(D(2026, 10, 9), 1) == D(2026, 10, 10)
    assert not CAL.is_working_day(D(2026, 10, 7))  # Wednesday, moved day off


def test_periods_county_corrections_override_the_calendar():
    """APT-3: the county's corrections win over the library's calendar."""
    corrected = WorkCalendar({D(2026, 12, 1): False, D(2026, 11, 28): True})
    assert not corrected.is_working_day(D(2026, 12, 1))
    assert corrected.is_working_day(D(2026, 11, 28))
    rule = PeriodRule(2, unit=Unit.WORKING_DAYS)
    assert period(rule, D(2026, 11, 27), corrected).last_day == D(2026, 11, 30)


def test_periods_end_at_midnight_in_shanghai_and_carry_their_article():
    """DEC-8 / APT-3: a period ends at 24:00 of its last day, Asia/Shanghai."""
    rule = PeriodRule(7, basis="民法典第二百零三条")
    result = period(rule, D(2026, 11, 23))
    assert result.basis == "民法典第二百零三条"
    last_minute = datetime.datetime(2026, 11, 30, 23, 59, 59, tzinfo=SHANGHAI)
    assert result.is_open_at(last_minute) and not result.has_ended_at(last_minute)
    next_day = datetime.datetime(2026, 12, 1, 0, 0, tzinfo=SHANGHAI)
    assert result.has_ended_at(next_day) and result.days_left(next_day) == 0
    # 16:00 UTC on 30 Nov is already 1 Dec in Shanghai.
    utc = datetime.datetime(2026, 11, 30, 16, 0, tzinfo=datetime.UTC)
    assert local_date(utc) == D(2026, 12, 1) and result.has_ended_at(utc)
    assert result.days_left(datetime.datetime(2026, 11, 23, 9, tzinfo=SHANGHAI)) == 8


def test_periods_refuse_what_is_not_a_period():
    with pytest.raises(ValueError):
        PeriodRule(0)
    with pytest.raises(ValueError):
        local_date(datetime.datetime(2026, 11, 30, 12, 0))  # naive: which day?


@pytest.mark.parametrize("unit", list(Unit))
@given(
    start=st.dates(D(2025, 1, 1), D(2027, 12, 1)),
    length=st.integers(1, 40),
    moves=st.booleans(),
    floor=st.integers(0, 6),
)
def test_periods_latest_start_is_the_last_day_that_fits(
    unit, start, length, moves, floor
):
    """PRJ-2 style limits counted back from a deadline: the day found fits, the next not."""
    rule = PeriodRule(
        length, unit=unit, last_day_off_moves=moves, min_working_days=floor
    )
    deadline = start + datetime.timedelta(days=60)
    day = latest_start(rule, deadline, CAL)
    assert period(rule, day, CAL).last_day <= deadline
    assert period(rule, day + datetime.timedelta(1), CAL).last_day > deadline
