"""APT-3: the notice period of a pre-appointment public notice, as pure arithmetic.

No ORM here: the service loads the township's notice days and the county's corrections and
passes them in. Rules, in the order the law applies them:

1. The day of publication is not counted: the period runs from the next day for `days`
   calendar days (the township's `public_notice_days`, the seed's "generally seven days").
2. A last day that is a public holiday or a rest day moves to the next working day
   (Civil Code art. 203: a period whose last day is a holiday ends the day after it).
3. The national cadre-appointment regulation: never fewer than five working days
   (公示期不少于五个工作日). A period that holds fewer is extended, day by day, until the
   fifth working day has passed.
4. The notice ends at 23:59:59 (Asia/Shanghai) of the last day; the next minute it is over.

Working days come from the `holidays` package's China calendar: its official holidays and
its make-up working days (调休, `weekend_workdays`), overridden by the corrections a county
enters (HolidayCorrection) for years the package does not know yet or gets wrong.
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from zoneinfo import ZoneInfo

import holidays

SHANGHAI = ZoneInfo("Asia/Shanghai")
MIN_WORKING_DAYS = 5  # APT-3: 公示期不少于五个工作日
DEFAULT_DAYS = 7  # APT-3: "generally seven days"


@lru_cache(maxsize=16)
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
            day += datetime.timedelta(days=1)
        return day

    def working_days(self, first: datetime.date, last: datetime.date) -> int:
        count = 0
        day = first
        while day <= last:
            count += self.is_working_day(day)
            day += datetime.timedelta(days=1)
        return count


@dataclass(frozen=True)
class NoticePeriod:
    published_on: datetime.date
    first_day: (
        datetime.date
    )  # the day after publication (APT-3: publication not counted)
    last_day: datetime.date
    days: int  # the township's calendar days asked for
    working_days: int  # working days from first_day to last_day, both included
    moved_for_holiday: bool  # rule 2 moved the last day
    extended: bool  # rule 3 extended the period

    @property
    def ends_at(self) -> datetime.datetime:
        """23:59:59 of the last day in Shanghai (the last second of the period)."""
        return datetime.datetime.combine(
            self.last_day, datetime.time(23, 59, 59, 999999), tzinfo=SHANGHAI
        )

    @property
    def calendar_days(self) -> int:
        return (self.last_day - self.published_on).days

    def is_open_at(self, moment: datetime.datetime) -> bool:
        """Objections are taken from publication to the end of the last day."""
        return moment.astimezone(SHANGHAI).date() >= self.published_on and (
            moment <= self.ends_at
        )

    def has_ended_at(self, moment: datetime.datetime) -> bool:
        return moment > self.ends_at

    def days_left(self, moment: datetime.datetime) -> int:
        """Days on which an objection is still taken, today included (0 once ended).

        On the day of publication this is one more than `days`: the notice is up and takes
        objections that day, though the day is not counted in the period (the same figure
        as the column's "days left")."""
        if self.has_ended_at(moment):
            return 0
        today = moment.astimezone(SHANGHAI).date()
        return (self.last_day - today).days + 1


def notice_period(
    published_on: datetime.date,
    days: int = DEFAULT_DAYS,
    calendar: WorkCalendar | None = None,
    min_working_days: int = MIN_WORKING_DAYS,
) -> NoticePeriod:
    """APT-3: the notice period of a notice published on `published_on`."""
    if days < 1:
        raise ValueError("a notice period has at least one day")
    calendar = calendar or WorkCalendar()
    first = published_on + datetime.timedelta(days=1)  # rule 1
    last = published_on + datetime.timedelta(days=days)
    moved = False
    if not calendar.is_working_day(last):  # rule 2
        last = calendar.next_working_day(last)
        moved = True
    working = calendar.working_days(first, last)
    extended = False
    while working < min_working_days:  # rule 3: extend to the next working day
        last = calendar.next_working_day(last + datetime.timedelta(days=1))
        working += 1
        extended = True
    return NoticePeriod(
        published_on=published_on,
        first_day=first,
        last_day=last,
        days=days,
        working_days=working,
        moved_for_holiday=moved,
        extended=extended,
    )
