"""Pure rules of the incentive mechanism (no ORM): the democratic life meeting's attendance
and windows (INC-4), the consequences of a grade (INC-3), the time limits of a review, an
appeal and the personal-matters reports (INC-3, INC-6) as rules of `core.periods`.

The arithmetic of pay and the excellent cap is `cadres.incentives.pay` (importable without
Django); this module may use the other pure modules of the house (`committees.rules`,
`core.periods`).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from fractions import Fraction

from committees.rules import Base, Comparison, Threshold
from core.periods import PeriodRule, Unit

# INC-4: "at least 2/3 of those due attend" — 以上 includes the number itself (民法典 art.
# 1259), a fraction of those due (the committee's members in office that day), the same
# arithmetic as DEC-3's quorum.
LIFE_MEETING_ATTENDANCE = Threshold(Fraction(2, 3), Base.MEMBERS, Comparison.AT_LEAST)
NATIONAL_LONGEST_MONTHS = 12  # the national floor: at least once a year
LIFE_MEETING_BASIS = "《县以上党和国家机关党员领导干部民主生活会若干规定》；本镇设定"

REVIEW = PeriodRule(
    30,
    Unit.CALENDAR_DAYS,
    basis="《公务员法》第九十五条（自知道该人事处理之日起三十日内申请复核）；民法典第二百零三条",
    last_day_off_moves=True,
)
APPEAL = PeriodRule(
    15,
    Unit.CALENDAR_DAYS,
    basis="《公务员法》第九十五条（自接到复核决定之日起十五日内提出申诉）；民法典第二百零三条",
    last_day_off_moves=True,
)
NEW_MEMBER_REPORT = PeriodRule(
    30,
    Unit.CALENDAR_DAYS,
    basis="《领导干部报告个人有关事项规定》第五条（新任领导干部符合报告条件后三十日内）",
)
CHANGE_REPORT = PeriodRule(
    30,
    Unit.CALENDAR_DAYS,
    basis="《领导干部报告个人有关事项规定》第六条（发生变化后三十日内）",
)
YEARLY_REPORT_BASIS = (
    "《领导干部报告个人有关事项规定》第五条（每年1月31日前集中报告上一年度事项）"
)


def yearly_report_due(year_reported: int) -> datetime.date:
    """INC-6: the yearly report of `year_reported` is due by 31 January of the next year."""
    return datetime.date(year_reported + 1, 1, 31)


def attendance_needed(due: int) -> int:
    return LIFE_MEETING_ATTENDANCE.needed(due, due)


def attendance_met(present: int, due: int) -> bool:
    """INC-4: `present` of `due` meets "at least 2/3 of those due"."""
    return due > 0 and LIFE_MEETING_ATTENDANCE.met(present, due, due)


@dataclass(frozen=True)
class Window:
    """One interval of the year in which a democratic life meeting is due (INC-4)."""

    first_day: datetime.date
    last_day: datetime.date

    @property
    def label(self) -> str:
        return f"{self.first_day:%Y-%m-%d} – {self.last_day:%Y-%m-%d}"

    def contains(self, day: datetime.date) -> bool:
        return self.first_day <= day <= self.last_day


def life_meeting_windows(year: int, months: int) -> list[Window]:
    """The windows of `year` for a township meeting every `months` months (3, 4, 6 or 12:
    whole divisions of the calendar year; never longer than the national once a year)."""
    if months < 1 or months > NATIONAL_LONGEST_MONTHS or 12 % months:
        raise ValueError("the interval divides the year and is at most twelve months")
    windows = []
    for first_month in range(1, 13, months):
        last_month = first_month + months - 1
        last = (
            datetime.date(year, 12, 31)
            if last_month == 12
            else datetime.date(year, last_month + 1, 1) - datetime.timedelta(days=1)
        )
        windows.append(Window(datetime.date(year, first_month, 1), last))
    return windows


def life_meeting_gaps(
    year: int,
    months: int,
    held: list[datetime.date],
    *,
    today: datetime.date,
    counted_from: datetime.date,
) -> list[Window]:
    """INC-4: the windows of `year` that have ended by `today`, lie wholly from
    `counted_from` on (the township keeps its records here from then), and hold no meeting."""
    return [
        window
        for window in life_meeting_windows(year, months)
        if window.last_day < today
        and window.first_day >= counted_from
        and not any(window.contains(day) for day in held)
    ]


# INC-3: what a grade brings (公务员法 Arts 50, 80, 88).
CONSEQUENCES_ZH = {
    "excellent": "享受年终奖金（《公务员法》第八十条）。",
    "competent": "享受年终奖金（《公务员法》第八十条）。",
    "basic": "不享受年终奖金（《公务员法》第八十条）。",
    "incompetent": "不享受年终奖金；降低一个职务或者职级层次任职（《公务员法》第五十条）。",
}
TWO_YEARS_INCOMPETENT_ZH = "连续两年年度考核不称职：予以辞退，由有权机关依程序办理；本镇提出建议（《公务员法》第八十八条）。"


def consequences(grade: str, previous_grade: str | None) -> list[str]:
    """INC-3: the consequences of `grade`, given last year's (for two years of 不称职)."""
    found = [CONSEQUENCES_ZH[grade]]
    if grade == "incompetent" and previous_grade == "incompetent":
        found.append(TWO_YEARS_INCOMPETENT_ZH)
    return found
