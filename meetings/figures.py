"""The decision-making mechanism's figures on the county dashboard (PIL-3): DEC-7, DEC-8,
DEC-2 (twice) and DEC-3, each a county-wide `*_by_township` selector with a fixed number of
queries, a drill-down through the selector the secretary's home page reads, and its colour
rule. Registered into `core.figures` by `MeetingsConfig.ready()` (`register()`).

The rules' arithmetic is `meetings.rules` (DEC-8's window); the month a township's records
begin is `committees.selectors.first_counted_day`, the same rule as the home page's.
"""

from __future__ import annotations

import datetime

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from committees.selectors import first_counted_day
from core import figures as registry
from core.figures import DrillDown, TownshipFigure
from meetings import rules
from meetings.models import AgendaItem, ComplianceEvent, EmergencyDecision, Meeting

# -- shared reading of the span --------------------------------------------------------------


def _midnight(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime(day.year, day.month, day.day))


def _first_moment(township, start: datetime.date) -> datetime.datetime:
    """Midnight (local) of the first counted day: records before it are not counted."""
    return _midnight(first_counted_day(township, start))


def _after_year(start: datetime.date) -> datetime.datetime:
    return _midnight(datetime.date(start.year + 1, 1, 1))


def _counted_months(township, start, end) -> list[int]:
    return registry.counted_months(first_counted_day(township, start), start, end)


def _when(value) -> str:
    if value is None:
        return "—"
    return timezone.localtime(value).strftime("%Y-%m-%d %H:%M")


# -- DEC-7: months without a committee meeting -------------------------------------------------


def months_without_committee_meeting_by_township(
    townships, start: datetime.date, end: datetime.date, now=None
) -> dict[int, TownshipFigure]:
    """DEC-7, as `meetings.selectors.months_without_committee_meeting`, for every
    township in one query. `by_month`: 1 for a month without a meeting held."""
    from meetings.selectors import DECIDING

    held: dict[int, set] = {t.pk: set() for t in townships}
    margin = datetime.timedelta(days=1)  # local months against UTC dates
    for tid, when in Meeting.objects.filter(
        township_id__in=held,
        body__kind__in=DECIDING,
        status__in=(Meeting.Status.OPEN, Meeting.Status.CLOSED),
        start__date__gte=start - margin,
        start__date__lte=end + margin,
    ).values_list("township_id", "start"):
        local = timezone.localtime(when)
        held[tid].add((local.year, local.month))
    found = {}
    for township in townships:
        by_month = {
            m: int((start.year, m) not in held[township.pk])
            for m in _counted_months(township, start, end)
        }
        found[township.pk] = TownshipFigure(sum(by_month.values()), by_month)
    return found


def _dec7_drill(township, start, end, now=None) -> DrillDown:
    from meetings.selectors import months_without_committee_meeting

    first = first_counted_day(township, start)
    columns = [_("Month without a committee meeting")]
    if end < first:
        return DrillDown(0, columns, [])
    figure = months_without_committee_meeting(township, first, end)
    return DrillDown(
        figure.count, columns, [[f"{y}-{m:02d}"] for y, m in figure.records]
    )


# -- DEC-8: emergency decisions not reported in time --------------------------------------------


def overdue_emergency_decisions_by_township(
    townships, start: datetime.date, end: datetime.date, now=None
) -> dict[int, TownshipFigure]:
    """DEC-8 for every township in three queries: the emergency decisions taken in the
    year of `start` (from the first counted day) that were not reported in time — still
    unreported after the window or a meeting held, or reported late (day 45, or at the
    second meeting after it): a late report does not undo the breach
    (`meetings.rules.emergency_report_overdue`). Records: the decisions' ids."""
    from meetings.selectors import DECIDING

    now = now or timezone.now()
    first = {t.pk: _first_moment(t, start) for t in townships}
    found = {tid: TownshipFigure(0) for tid in first}
    decisions = [
        row
        for row in EmergencyDecision.objects.filter(
            township_id__in=first,
            decided_at__gte=min(first.values(), default=_midnight(start)),
            decided_at__lt=_after_year(start),
        ).values_list("pk", "township_id", "decided_at", "reported_at")
        if row[2] >= first[row[1]]
    ]
    if not decisions:
        return found
    report_start = dict(
        AgendaItem.objects.filter(
            emergency_decision_id__in=[pk for pk, *_rest in decisions],
            status=AgendaItem.Status.CLOSED,
        ).values_list("emergency_decision_id", "meeting__start")
    )
    held: dict[int, list] = {}
    for tid, meeting_start in Meeting.objects.filter(
        township_id__in={tid for _pk, tid, *_rest in decisions},
        body__kind__in=DECIDING,
        status=Meeting.Status.CLOSED,
        start__gt=min(decided_at for _pk, _tid, decided_at, _r in decisions),
    ).values_list("township_id", "start"):
        held.setdefault(tid, []).append(meeting_start)
    for pk, tid, decided_at, reported_at in decisions:
        if rules.emergency_report_overdue(
            decided_at=decided_at,
            reported_at=reported_at,
            report_meeting_start=report_start.get(pk),
            held_meeting_starts=held.get(tid, []),
            now=now,
        ):
            found[tid].value += 1
            found[tid].records.append(pk)
    return found


def _dec8_drill(township, start, end, now=None) -> DrillDown:
    from meetings.selectors import overdue_emergency_decisions

    first, after = _first_moment(township, start), _after_year(start)
    records = [
        e
        for e in overdue_emergency_decisions(township, now=now).records
        if first <= e.decided_at < after
    ]
    return DrillDown(
        len(records),
        [_("Decided at"), _("Decided by"), _("What was decided"), _("Why")],
        [
            [
                _when(e.decided_at),
                getattr(e.decided_by, "name", "") or "—",
                e.what,
                e.why,
            ]
            for e in records
        ],
    )


# -- DEC-2, DEC-3: refusals recorded as compliance facts ----------------------------------------


def _refusals_by_township(kind, townships, start) -> dict[int, TownshipFigure]:
    first = {t.pk: _first_moment(t, start) for t in townships}
    found = {tid: TownshipFigure(0) for tid in first}
    for tid, at in ComplianceEvent.objects.filter(
        township_id__in=first,
        kind=kind,
        at__gte=_midnight(start),
        at__lt=_after_year(start),
    ).values_list("township_id", "at"):
        if at >= first[tid]:  # months before the records begin are not counted
            found[tid].value += 1
    return found


def late_notices_by_township(townships, start, end, now=None):
    """DEC-2: notices attempted inside the notice period, refused and recorded."""
    return _refusals_by_township(ComplianceEvent.Kind.LATE_NOTICE, townships, start)


def agenda_changes_after_notice_by_township(townships, start, end, now=None):
    """DEC-2: agenda changes attempted after the notice, refused and recorded."""
    return _refusals_by_township(
        ComplianceEvent.Kind.AGENDA_AFTER_NOTICE, townships, start
    )


def quorum_failures_by_township(townships, start, end, now=None):
    """DEC-3: openings, votes and closes refused below quorum, recorded."""
    return _refusals_by_township(ComplianceEvent.Kind.QUORUM_FAILED, townships, start)


def _refusals_drill(selector_name: str):
    def drill(township, start, end, now=None) -> DrillDown:
        from meetings import selectors

        first, after = _first_moment(township, start), _after_year(start)
        events = [
            e
            for e in getattr(selectors, selector_name)(township).records
            if first <= e.at < after
        ]
        return DrillDown(
            len(events),
            [_("At"), _("Meeting"), _("What was refused"), _("By")],
            [
                [
                    _when(e.at),
                    getattr(e.meeting, "title", ""),
                    e.detail,
                    getattr(e.actor, "username", "—") if e.actor else "—",
                ]
                for e in events
            ],
        )

    return drill


# -- registration --------------------------------------------------------------------------------

FIGURES = [
    registry.FigureDefinition(
        key="dec7",
        mechanism="decision",
        rule="DEC-7",
        label=_("Months without a committee meeting"),
        colour_rule=_("0 green; 1 amber; 2 or more red"),
        colour=registry.count_colour(1, 2),
        by_township=months_without_committee_meeting_by_township,
        drill=_dec7_drill,
        trend=_("Townships without a committee meeting"),
        source="meetings:list",
        order=10,
    ),
    registry.FigureDefinition(
        key="dec8",
        mechanism="decision",
        rule="DEC-8",
        label=_("Overdue emergency decisions"),
        colour_rule=_("0 green; 1 or more red"),
        colour=registry.count_colour(1, 1),
        by_township=overdue_emergency_decisions_by_township,
        drill=_dec8_drill,
        source="meetings:emergencies",
        order=20,
    ),
    registry.FigureDefinition(
        key="dec2-notice",
        mechanism="decision",
        rule="DEC-2",
        label=_("Late notices attempted"),
        colour_rule=_("0 green; 1–2 amber; 3 or more red"),
        colour=registry.count_colour(1, 3),
        by_township=late_notices_by_township,
        drill=_refusals_drill("late_notices"),
        source="meetings:list",
        order=30,
    ),
    registry.FigureDefinition(
        key="dec2-agenda",
        mechanism="decision",
        rule="DEC-2",
        label=_("Agenda changes attempted after the notice"),
        colour_rule=_("0 green; 1–2 amber; 3 or more red"),
        colour=registry.count_colour(1, 3),
        by_township=agenda_changes_after_notice_by_township,
        drill=_refusals_drill("agenda_changes_after_notice"),
        source="meetings:list",
        order=40,
    ),
    registry.FigureDefinition(
        key="dec3",
        mechanism="decision",
        rule="DEC-3",
        label=_("Quorum failures"),
        colour_rule=_("0 green; 1–2 amber; 3 or more red"),
        colour=registry.count_colour(1, 3),
        by_township=quorum_failures_by_township,
        drill=_refusals_drill("quorum_failures"),
        source="meetings:list",
        order=50,
    ),
]


def register() -> None:
    for definition in FIGURES:
        registry.register(definition)
