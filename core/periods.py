"""The one period engine: every time limit of SPEC.md is computed here, as pure arithmetic.

No ORM and no Django settings: this module imports only the standard library and the
`holidays` package, so a rule module, a selector or a test can use it on its own. The caller
loads what is data (a township's notice days, the county's calendar corrections) and passes
it in.

How Chinese law counts a period (民法典 arts. 200–204; the same reading in 招标投标法 and
政府采购法 and their implementing regulations), in the order applied here:

1. The day the period starts from (publication, the decision, the receipt) is not counted:
   the period runs from the next day (art. 201). A few periods count that day; their rule
   says so (`first_day_counted`).
2. The period is `length` calendar days or `length` working days (`Unit`).
3. Where the law says so, a last day that is a public holiday or a rest day moves to the
   next working day (art. 203). Not every period does: a report window set by the seed
   ends on its day.
4. A floor in working days (`min_working_days`): the cadre-appointment regulation's "never
   fewer than five working days" extends a period, day by day, until its fifth working
   day has passed.
5. The period ends at 24:00 of its last day in Asia/Shanghai (art. 203: 到期日的二十四时);
   `ends_at` is the last instant of that day and the next instant it is over.

Working days: the `holidays` package's China calendar (its official holidays and the
make-up working days of 调休, `weekend_workdays`), overridden by the corrections a county
enters for years the package does not know yet or gets wrong (`committees.HolidayCorrection`;
`committees.selectors.work_calendar(county)` loads them into a `WorkCalendar`).

Each `PeriodRule` carries the article that sets it (`basis`), so a screen can print why a
date is what it is.
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum
from functools import lru_cache
from zoneinfo import ZoneInfo

import holidays

SHANGHAI = ZoneInfo("Asia/Shanghai")
ONE_DAY = datetime.timedelta(days=1)


@lru_cache(maxsize=32)
def _china(year: int) -> holidays.HolidayBase:
    return holidays.China(years=year)


class WorkCalendar:
    """Is a day a working day? China's official calendar plus the county's corrections."""

    def __init__(self, corrections: Mapping[datetime.date, bool] | None = None):
        # date -> True (a working day) / False (a day off), as the county entered them.
        self.corrections = dict(corrections or {})

    def is_working_day(self, day: datetime.date) -> bool:
        if day in self.corrections:
            return self.corrections[day]
        china = _china(day.year)
        if day in china:
            return False  # an official holiday or a day off moved by 调休
        if day in china.weekend_workdays:
            return True  # a make-up working day (调休上班) on a weekend
        return day.weekday() < 5

    def next_working_day(self, day: datetime.date) -> datetime.date:
        """`day` itself if it is a working day, else the first working day after it."""
        while not self.is_working_day(day):
            day += ONE_DAY
        return day

    def add_working_days(self, start: datetime.date, count: int) -> datetime.date:
        """The `count`-th working day after `start` (`start` itself not counted)."""
        day = start
        while count > 0:
            day += ONE_DAY
            count -= self.is_working_day(day)
        return day

    def working_days(self, first: datetime.date, last: datetime.date) -> int:
        """Working days from `first` to `last`, both included."""
        count = 0
        day = first
        while day <= last:
            count += self.is_working_day(day)
            day += ONE_DAY
        return count


class Unit(StrEnum):
    CALENDAR_DAYS = "calendar_days"
    WORKING_DAYS = "working_days"


@dataclass(frozen=True)
class PeriodRule:
    """A time limit as the law (or the seed, or a township setting) sets it."""

    length: int
    unit: Unit = Unit.CALENDAR_DAYS
    basis: str = ""  # the article that sets it, as a screen prints it
    first_day_counted: bool = False  # rule 1: almost never
    last_day_off_moves: bool = False  # rule 3: only where the law says so
    min_working_days: int = 0  # rule 4: a floor in working days

    def __post_init__(self):
        if self.length < 1:
            raise ValueError("a period has at least one day")
        if self.min_working_days < 0:
            raise ValueError("a working-day floor is never negative")


@dataclass(frozen=True)
class Period:
    """A period computed from its rule and the day it starts from."""

    rule: PeriodRule
    start: datetime.date  # the day of the event (publication, decision, receipt)
    first_day: datetime.date  # the first day counted
    last_day: datetime.date
    working_days: int  # working days from first_day to last_day, both included
    moved_for_day_off: bool  # rule 3 moved the last day
    extended: bool  # rule 4 extended the period

    @property
    def basis(self) -> str:
        return self.rule.basis

    @property
    def ends_at(self) -> datetime.datetime:
        """The last instant of the last day in Shanghai (rule 5)."""
        return datetime.datetime.combine(
            self.last_day, datetime.time(23, 59, 59, 999999), tzinfo=SHANGHAI
        )

    @property
    def calendar_days(self) -> int:
        """Calendar days after the start day up to and including the last day."""
        return (self.last_day - self.start).days

    def contains(self, day: datetime.date) -> bool:
        """`day` lies inside the counted days of the period."""
        return self.first_day <= day <= self.last_day

    def is_open_at(self, moment: datetime.datetime) -> bool:
        """From the start day (the event itself) to the end of the last day."""
        return local_date(moment) >= self.start and moment <= self.ends_at

    def has_ended_at(self, moment: datetime.datetime) -> bool:
        return moment > self.ends_at

    def days_left(self, moment: datetime.datetime) -> int:
        """Days still open, today included (0 once ended). On the start day this is one
        more than the period's days: the event is there that day, though the day is not
        counted."""
        if self.has_ended_at(moment):
            return 0
        return (self.last_day - local_date(moment)).days + 1


def local_date(moment: datetime.datetime) -> datetime.date:
    """The calendar day of an aware moment in Asia/Shanghai (naive moments are refused)."""
    if moment.tzinfo is None:
        raise ValueError("a moment without a time zone has no calendar day")
    return moment.astimezone(SHANGHAI).date()


def period(
    rule: PeriodRule, start: datetime.date, calendar: WorkCalendar | None = None
) -> Period:
    """The period of `rule` that starts from the event on `start`."""
    if isinstance(start, datetime.datetime):
        start = local_date(start)
    calendar = calendar or WorkCalendar()
    first = start if rule.first_day_counted else start + ONE_DAY  # rule 1
    if rule.unit == Unit.CALENDAR_DAYS:  # rule 2
        last = first + datetime.timedelta(days=rule.length - 1)
    else:
        last = calendar.add_working_days(first - ONE_DAY, rule.length)
    moved = False
    if rule.last_day_off_moves and not calendar.is_working_day(last):  # rule 3
        last = calendar.next_working_day(last)
        moved = True
    working = calendar.working_days(first, last)
    extended = False
    while working < rule.min_working_days:  # rule 4: on to the next working day
        last = calendar.next_working_day(last + ONE_DAY)
        working += 1
        extended = True
    return Period(
        rule=rule,
        start=start,
        first_day=first,
        last_day=last,
        working_days=working,
        moved_for_day_off=moved,
        extended=extended,
    )


def latest_start(
    rule: PeriodRule, deadline: datetime.date, calendar: WorkCalendar | None = None
) -> datetime.date:
    """The last start day whose period still ends on or before `deadline`.

    For limits counted back from a deadline ("at least 20 days from the tender documents
    to the bid deadline": the documents go out no later than this day)."""
    if isinstance(deadline, datetime.datetime):
        deadline = local_date(deadline)
    calendar = calendar or WorkCalendar()
    day = deadline - datetime.timedelta(days=rule.length)
    # A working-day rule, a moved last day or a floor only make the period longer than
    # its calendar length, so step back until the period fits.
    while period(rule, day, calendar).last_day > deadline:
        day -= ONE_DAY
    return day
