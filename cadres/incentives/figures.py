"""INC-4 on the county dashboard (PIL-3): the periods (half-years by default) of the year
that have ended without a democratic life meeting, per township, in two queries; the
drill-down reads `cadres.incentives.selectors.life_meeting_gaps`, the secretary's page's
own selector. Registered into `core.figures` by `CadresConfig.ready()`."""

from __future__ import annotations

import datetime

from django.utils.translation import gettext_lazy as _

from cadres.incentives import rules
from cadres.incentives.models import IncentiveSettings, LifeMeeting
from committees.selectors import first_counted_day
from core import figures as registry
from core.figures import DrillDown, TownshipFigure


def _today(end: datetime.date) -> datetime.date:
    return end + datetime.timedelta(days=1)  # the months up to `end` have ended


def life_meeting_gaps_by_township(townships, start, end, now=None):
    """INC-4, as `selectors.life_meeting_gaps`, for many townships in two queries."""
    ids = [t.pk for t in townships]
    months = dict(
        IncentiveSettings.objects.filter(township_id__in=ids).values_list(
            "township_id", "life_meeting_months"
        )
    )
    held: dict[int, list] = {tid: [] for tid in ids}
    for tid, day in LifeMeeting.objects.filter(
        township_id__in=ids, held_on__year=start.year
    ).values_list("township_id", "held_on"):
        held[tid].append(day)
    found = {}
    for township in townships:
        first = first_counted_day(township, start)
        if registry.unrecorded(first, start):
            found[township.pk] = TownshipFigure(None)
            continue
        interval = months.get(township.pk, IncentiveSettings.Interval.HALF_YEAR)
        gaps = rules.life_meeting_gaps(
            start.year,
            interval,
            held[township.pk],
            today=_today(end),
            counted_from=first,
        )
        by_month = {
            window.last_day.month: int(window in gaps)
            for window in rules.life_meeting_windows(start.year, interval)
            if window.last_day < _today(end) and window.first_day >= first
        }
        found[township.pk] = TownshipFigure(len(gaps), by_month, gaps)
    return found


def _drill(township, start, end, now=None) -> DrillDown:
    from cadres.incentives.selectors import life_meeting_gaps

    first = first_counted_day(township, start)
    if registry.unrecorded(first, start):
        return DrillDown(None, [_("Period without a democratic life meeting")], [])
    gaps = life_meeting_gaps(township, start.year, _today(end))
    return DrillDown(
        len(gaps),
        [_("Period without a democratic life meeting")],
        [[gap.label] for gap in gaps],
    )


def register() -> None:
    registry.register(
        registry.FigureDefinition(
            key="inc4",
            mechanism="incentive",
            rule="INC-4",
            label=_("Half-years without a democratic life meeting"),
            colour_rule=_("0 green; 1 amber; 2 or more red"),
            colour=registry.count_colour(1, 2),
            by_township=life_meeting_gaps_by_township,
            drill=_drill,
            trend=_("Townships without a democratic life meeting in the period"),
            source="incentives:life_meetings",
            order=10,
        )
    )
