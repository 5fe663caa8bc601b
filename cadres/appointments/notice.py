"""APT-3: the notice period of a pre-appointment public notice, as a rule of the one period
engine (`core.periods`).

No ORM here: the service loads the township's notice days and the county's corrections and
passes them in. The rule, as the engine applies it:

1. The day of publication is not counted: the period runs from the next day for `days`
   calendar days (the township's `public_notice_days`, the seed's "generally seven days").
2. A last day that is a public holiday or a rest day moves to the next working day
   (民法典 art. 203).
3. The national cadre-appointment regulation: never fewer than five working days
   (公示期不少于五个工作日). A period that holds fewer is extended, day by day, until the
   fifth working day has passed.
4. The notice ends at 24:00 (Asia/Shanghai) of the last day; the next instant it is over.
"""

from __future__ import annotations

import datetime

from core.periods import SHANGHAI, Period, PeriodRule, Unit, WorkCalendar, period

__all__ = [
    "DEFAULT_DAYS",
    "MIN_WORKING_DAYS",
    "SHANGHAI",
    "NoticePeriod",
    "WorkCalendar",
    "notice_period",
    "notice_rule",
]

MIN_WORKING_DAYS = 5  # APT-3: 公示期不少于五个工作日
DEFAULT_DAYS = 7  # APT-3: "generally seven days"
BASIS = (
    "《党政领导干部选拔任用工作条例》第三十七条（公示期不少于五个工作日）；"
    "民法典第二百零一条、第二百零三条"
)

NoticePeriod = Period


def notice_rule(
    days: int = DEFAULT_DAYS, min_working_days: int = MIN_WORKING_DAYS
) -> PeriodRule:
    return PeriodRule(
        length=days,
        unit=Unit.CALENDAR_DAYS,
        basis=BASIS,
        last_day_off_moves=True,
        min_working_days=min_working_days,
    )


def notice_period(
    published_on: datetime.date,
    days: int = DEFAULT_DAYS,
    calendar: WorkCalendar | None = None,
    min_working_days: int = MIN_WORKING_DAYS,
) -> Period:
    """APT-3: the notice period of a notice published on `published_on`."""
    return period(notice_rule(days, min_working_days), published_on, calendar)
