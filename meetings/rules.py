"""Pure rule arithmetic of the decision-making mechanism (DEC-*): no ORM, no settings.

The services load the facts (events, counts, dates), call these functions and act on the
verdict; the selectors do the same for the screens and the county's figures, so a page, a
service and a figure can never disagree. Tested by boundary tables in
`tests/meetings/test_pure_rules.py`.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from core.periods import Period, PeriodRule, Unit, local_date, period

# -- DEC-8: the report of an emergency decision ---------------------------------------------

# "Reported to the committee at its next meeting … within 30 days": 30 calendar days in
# Asia/Shanghai after the day of the decision (the day itself not counted, 民法典 art. 201),
# ending at 24:00 of the 30th day. The window is the seed's, not a statutory one, so a last
# day that is a day off does not move: the committee can meet any day in an emergency.
EMERGENCY_REPORT = PeriodRule(
    length=30,
    unit=Unit.CALENDAR_DAYS,
    basis="DEC-8：紧急情况下个人临机处置后，应在下次党委会上（至迟三十日内）报告；民法典第二百零一条",
)


def emergency_report_period(decided_at: datetime.datetime) -> Period:
    """DEC-8: the calendar days within which an emergency decision must be reported."""
    return period(EMERGENCY_REPORT, local_date(decided_at))


def emergency_report_overdue(
    *,
    decided_at: datetime.datetime,
    reported_at: datetime.datetime | None,
    report_meeting_start: datetime.datetime | None,
    held_meeting_starts: Iterable[datetime.datetime],
    now: datetime.datetime,
) -> bool:
    """DEC-8: is this emergency decision a breach (overdue, or reported too late)?

    A breach stays a breach once the report is made: a decision reported on day 45, or at
    the second meeting after it, was still not reported in time.

    `held_meeting_starts`: the starts of the deciding meetings held (closed) since the
    decision; `report_meeting_start`: the start of the meeting it was reported at.
    """
    due = emergency_report_period(decided_at).ends_at
    if reported_at is None:
        if now > due:
            return True
        # Not reported at the next meeting held: any meeting held since the decision.
        return any(start > decided_at for start in held_meeting_starts)
    if reported_at > due:
        return True
    # Reported, but a meeting was held between the decision and the one it was reported at.
    report_start = report_meeting_start or reported_at
    return any(decided_at < start < report_start for start in held_meeting_starts)
