"""The compliance dashboard's figures (PIL-3), as adapters over the mechanisms' selectors.

Each `FigureDef` names its mechanism, the rule it checks, the selector of the mechanism it
stands on, a stated colour rule, a county-wide computation (`bulk`: one or two queries for
all townships, so the dashboard's query count does not grow with the county) and a
drill-down (`drill`: the mechanism's own selector for one township, so the records behind a
figure are the mechanism's records).

A figure is *available* only when its mechanism provides the selector it names. Until then
it shows as "not yet recorded" (尚未记录), never as zero. For figures we cannot compute in
bulk ourselves (mechanisms not built yet), the contract is a county-level selector in the
mechanism app: `fn(townships, start, end) -> {township_id: Figure}` where `Figure` has
`value` (or `count`) and `records`.
"""

from __future__ import annotations

import datetime
import importlib
import importlib.util
import logging
from collections.abc import Callable
from dataclasses import dataclass, field

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

logger = logging.getLogger(__name__)

OK, WARN, BAD, NONE = "ok", "warn", "bad", "none"
COLOUR_LABELS = {
    OK: _("compliant"),
    WARN: _("attention"),
    BAD: _("breach"),
    NONE: _("not yet recorded"),
}
COLOUR_ORDER = {NONE: -1, OK: 0, WARN: 1, BAD: 2}
SYMBOLS = {OK: "✓", WARN: "!", BAD: "✗", NONE: "—"}  # not colour alone

MECHANISMS = [
    ("decision", _("Decision-making")),
    ("learning", _("Learning and training")),
    ("appointment", _("Selection and appointment")),
    ("finance", _("Major events and finance")),
    ("incentive", _("Incentive and restraint")),
]


@dataclass(frozen=True)
class Period:
    """The dashboard's year, up to the last month that has ended."""

    year: int
    start: datetime.date
    end: datetime.date
    now: datetime.datetime

    @classmethod
    def for_year(cls, year: int | None = None, now=None) -> Period:
        now = now or timezone.now()
        today = timezone.localtime(now).date()
        year = year or today.year
        start = datetime.date(year, 1, 1)
        if year < today.year:
            end = datetime.date(year, 12, 31)
        else:
            end = today.replace(day=1) - datetime.timedelta(days=1)
            if end.year < year:
                end = start - datetime.timedelta(days=1)  # January: no month ended yet
        # Selectors that take `today` are given the day after the period's end.
        return cls(year=year, start=start, end=end, now=now)

    @property
    def today(self) -> datetime.date:
        return self.end + datetime.timedelta(days=1)

    @property
    def first_moment(self) -> datetime.datetime:
        """Midnight of 1 January of the year, local time."""
        return timezone.make_aware(datetime.datetime(self.year, 1, 1))

    @property
    def after_year(self) -> datetime.datetime:
        return timezone.make_aware(datetime.datetime(self.year + 1, 1, 1))

    @property
    def months(self) -> list[int]:
        if self.end < self.start:
            return []
        return list(range(1, self.end.month + 1))


@dataclass
class Result:
    """A figure for one township: its value and, for trends, its value per month."""

    value: object
    by_month: dict[int, object] = field(default_factory=dict)


@dataclass
class Cell:
    figure: FigureDef
    value: object
    colour: str
    by_month: dict = field(default_factory=dict)

    @property
    def colour_label(self):
        return COLOUR_LABELS[self.colour]

    @property
    def text(self) -> str:
        if self.colour == NONE:
            return str(COLOUR_LABELS[NONE])
        if self.value is None:
            return "—"
        return f"{self.value}{self.figure.unit}"


@dataclass
class DrillDown:
    value: object
    columns: list
    rows: list[list]


def _count_colour(amber_from: int, red_from: int) -> Callable[[object], str]:
    def colour(value) -> str:
        if value is None:
            return NONE
        if value >= red_from:
            return BAD
        return WARN if value >= amber_from else OK

    return colour


def _rate_colour(value) -> str:
    if value is None:
        return NONE
    if value >= 90:
        return OK
    return WARN if value >= 70 else BAD


@dataclass(frozen=True)
class FigureDef:
    key: str
    mechanism: str
    rule: str
    label: object
    colour_rule: object
    requires: tuple[str, str]  # (module, selector) the mechanism must provide
    colour: Callable[[object], str]
    bulk: Callable | None = None  # (townships, period) -> {township_id: Result}
    drill: Callable | None = None  # (township, period, selector) -> DrillDown
    unit: str = ""
    trend: object = None  # label of the county trend, if the figure has one per month
    source: str | None = (
        None  # the mechanism's own page of these records (takes `slug`)
    )

    def source_url(self, township) -> str | None:
        from django.urls import NoReverseMatch, reverse

        if self.source is None:
            return None
        try:
            return reverse(self.source, kwargs={"slug": township.slug})
        except NoReverseMatch:
            return None

    def selector(self):
        """The mechanism's selector, or None when the mechanism does not provide it yet."""
        module_name, name = self.requires
        try:
            if importlib.util.find_spec(module_name) is None:
                return None
            module = importlib.import_module(module_name)
        except Exception:  # a mechanism half-built must not take the dashboard down
            logger.exception("oversight: %s could not be imported", module_name)
            return None
        return getattr(module, name, None)

    @property
    def available(self) -> bool:
        return self.selector() is not None

    def county_selector(self):
        """The mechanism's county-level selector, when it offers one: `<name>_by_township`
        (or `requires` itself when it already names one)."""
        module_name, name = self.requires
        if not name.endswith("_by_township"):
            name = f"{name}_by_township"
        module = importlib.import_module(module_name) if self.available else None
        return getattr(module, name, None)

    def values(self, townships, period: Period) -> dict[int, Result]:
        county_selector = self.county_selector()
        if county_selector is None and self.bulk is not None:
            # Our own county-wide query, checked against the mechanism's selector in tests.
            return self.bulk(townships, period)
        # Contract: fn(townships, start, end) -> {township_id: figure}; the mechanism's own
        # county-level selector replaces our bulk query as soon as it exists.
        found = county_selector(townships, period.start, period.end)
        return {
            tid: Result(getattr(fig, "value", getattr(fig, "count", None)))
            for tid, fig in found.items()
        }

    def drill_down(self, township, period: Period) -> DrillDown:
        selector = self.selector()
        if self.drill is not None:
            return self.drill(township, period, selector)
        fig = selector([township], period.start, period.end).get(township.pk)
        records = list(getattr(fig, "records", []) or [])
        return DrillDown(
            value=getattr(fig, "value", getattr(fig, "count", None)),
            columns=[_("Record")],
            rows=[[str(r)] for r in records],
        )


# -- helpers ---------------------------------------------------------------------------


def _ids(townships) -> list[int]:
    return [t.pk for t in townships]


def _counted_months(township, period: Period) -> list[int]:
    """The period's ended months from the month the township keeps its records here
    (committees.selectors.first_counted_day: the same rule as the secretary's home)."""
    from committees.selectors import first_counted_day

    first = first_counted_day(township, period.start)
    return [m for m in period.months if (period.year, m) >= (first.year, first.month)]


def records_begin_after(township, period: Period) -> bool:
    """PIL-3: the township keeps its records here only from a later year, so nothing of
    `period` is known: every figure of it is "not yet recorded", never compliant."""
    from committees.selectors import first_counted_day

    return first_counted_day(township, period.start).year > period.year


def _first_moment(township, period: Period) -> datetime.datetime:
    """Midnight (local) of the first counted day: events before it are not counted."""
    from committees.selectors import first_counted_day

    first = first_counted_day(township, period.start)
    return timezone.make_aware(datetime.datetime(first.year, first.month, first.day))


def _month_label(year: int, month: int) -> str:
    return f"{year}-{month:02d}"


def _person_name(person) -> str:
    return getattr(person, "name", "") or "—"


def _when(value) -> str:
    if value is None:
        return "—"
    if isinstance(value, datetime.datetime):
        return timezone.localtime(value).strftime("%Y-%m-%d %H:%M")
    return value.isoformat()


# -- decision-making (meetings) ----------------------------------------------------------


def _dec7_bulk(townships, period: Period) -> dict[int, Result]:
    """DEC-7, as meetings.selectors.months_without_committee_meeting, for all townships."""
    from meetings.models import Meeting
    from meetings.selectors import DECIDING

    held: dict[int, set] = {tid: set() for tid in _ids(townships)}
    margin = datetime.timedelta(days=1)
    rows = Meeting.objects.filter(
        township_id__in=held,
        body__kind__in=DECIDING,
        status__in=(Meeting.Status.OPEN, Meeting.Status.CLOSED),
        start__date__gte=period.start - margin,
        start__date__lte=period.end + margin,
    ).values_list("township_id", "start")
    for tid, when in rows:
        local = timezone.localtime(when)
        held[tid].add((local.year, local.month))
    result = {}
    for township in townships:
        months = held[township.pk]
        by_month = {
            m: int((period.year, m) not in months)
            for m in _counted_months(township, period)
        }
        result[township.pk] = Result(sum(by_month.values()), by_month)
    return result


def _dec7_drill(township, period: Period, selector) -> DrillDown:
    from committees.selectors import first_counted_day

    start = first_counted_day(township, period.start)
    if period.end < start:
        return DrillDown(0, [_("Month without a committee meeting")], [])
    fig = selector(township, start, period.end)
    return DrillDown(
        fig.count,
        [_("Month without a committee meeting")],
        [[_month_label(y, m)] for y, m in fig.records],
    )


def _dec8_bulk(townships, period: Period) -> dict[int, Result]:
    """DEC-8, as meetings.selectors.overdue_emergency_decisions, for all townships."""
    from meetings.models import EmergencyDecision, Meeting
    from meetings.selectors import DECIDING
    from meetings.services import EMERGENCY_REPORT_DAYS

    ids = _ids(townships)
    pending: dict[int, list] = {tid: [] for tid in ids}
    for tid, decided_at in EmergencyDecision.objects.filter(
        township_id__in=ids, reported_at__isnull=True
    ).values_list("township_id", "decided_at"):
        pending[tid].append(decided_at)
    earliest = min((d for ds in pending.values() for d in ds), default=None)
    last_held: dict[int, datetime.datetime] = {}
    if earliest is not None:
        for tid, start in Meeting.objects.filter(
            township_id__in=[tid for tid, ds in pending.items() if ds],
            body__kind__in=DECIDING,
            status=Meeting.Status.CLOSED,
            start__gt=earliest,
        ).values_list("township_id", "start"):
            last_held[tid] = max(start, last_held.get(tid, start))
    limit = datetime.timedelta(days=EMERGENCY_REPORT_DAYS)
    result = {}
    for tid, decided in pending.items():
        latest = last_held.get(tid)
        overdue = [
            d
            for d in decided
            if period.now > d + limit or (latest is not None and latest > d)
        ]
        result[tid] = Result(len(overdue))
    return result


def _dec8_drill(township, period: Period, selector) -> DrillDown:
    fig = selector(township, now=period.now)
    return DrillDown(
        fig.count,
        [_("Decided at"), _("Decided by"), _("What was decided"), _("Why")],
        [
            [_when(e.decided_at), _person_name(e.decided_by), e.what, e.why]
            for e in fig.records
        ],
    )


def _event_bulk(kind_name: str):
    def bulk(townships, period: Period) -> dict[int, Result]:
        from meetings.models import ComplianceEvent

        ids = _ids(townships)
        first = {t.pk: _first_moment(t, period) for t in townships}
        counts = dict.fromkeys(ids, 0)
        for tid, at in ComplianceEvent.objects.filter(
            township_id__in=ids,
            kind=getattr(ComplianceEvent.Kind, kind_name),
            at__gte=period.first_moment,
            at__lt=period.after_year,
        ).values_list("township_id", "at"):
            if at >= first[tid]:  # months before the records begin are not counted
                counts[tid] += 1
        return {tid: Result(n) for tid, n in counts.items()}

    return bulk


def _event_drill(township, period: Period, selector) -> DrillDown:
    """DEC-2 / DEC-3 events of the dashboard's year (the selector gives every year's)."""
    first = _first_moment(township, period)
    events = [
        e for e in selector(township).records if first <= e.at < period.after_year
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


# -- learning and training (cadres) --------------------------------------------------------


def _study_day_bulk(kind_name: str):
    """LRN-2 / LRN-3, as cadres.selectors.months_without_study_day, for all townships."""

    def bulk(townships, period: Period) -> dict[int, Result]:
        from cadres.models import StudyDay

        held: dict[int, set] = {tid: set() for tid in _ids(townships)}
        for tid, day in StudyDay.objects.filter(
            township_id__in=held,
            kind=getattr(StudyDay.Kind, kind_name),
            date__year=period.year,
        ).values_list("township_id", "date"):
            held[tid].add(day.month)
        result = {}
        for township in townships:
            months = held[township.pk]
            by_month = {
                m: int(m not in months) for m in _counted_months(township, period)
            }
            result[township.pk] = Result(sum(by_month.values()), by_month)
        return result

    return bulk


def _study_day_drill(township, period: Period, selector) -> DrillDown:
    fig = selector(township, period.year, today=period.today)
    return DrillDown(
        fig.value,
        [_("Month without the study day")],
        [[_month_label(period.year, m)] for m in fig.records],
    )


def _lrn3_bulk(townships, period: Period) -> dict[int, Result]:
    """LRN-3, as cadres.selectors.submission_rate_by_month, for all townships: the share of
    reports submitted over the months whose deadline has passed (percent, rounded down)."""
    from django.db.models import Count

    from cadres import deadlines
    from cadres.models import StudyReport
    from committees.models import Person
    from committees.selectors import first_counted_day

    ids = _ids(townships)
    cadres = dict(
        Person.objects.filter(township_id__in=ids, kind=Person.Kind.CADRE, active=True)
        .values_list("township_id")
        .annotate(n=Count("pk"))
        .values_list("township_id", "n")
    )
    submitted: dict[tuple[int, int], int] = {}
    for tid, month, n in (
        StudyReport.objects.filter(
            township_id__in=ids,
            year=period.year,
            status=StudyReport.Status.SUBMITTED,
            person__active=True,
            person__kind=Person.Kind.CADRE,
        )
        .values_list("township_id", "month")
        .annotate(n=Count("person_id", distinct=True))
        .values_list("township_id", "month", "n")
    ):
        submitted[(tid, month)] = n
    result = {}
    for township in townships:
        expected = cadres.get(township.pk, 0)
        first = first_counted_day(township, period.start)
        due = [
            m
            for m in range(1, 13)
            if period.now
            >= deadlines.deadline(period.year, m, township.study_report_due_day)
            and (period.year, m) >= (first.year, first.month)
        ]
        by_month = {
            m: (submitted.get((township.pk, m), 0) * 100 // expected)
            if expected
            else None
            for m in due
        }
        done = sum(submitted.get((township.pk, m), 0) for m in due)
        value = done * 100 // (expected * len(due)) if expected and due else None
        result[township.pk] = Result(value, by_month)
    return result


def _lrn3_drill(township, period: Period, selector) -> DrillDown:
    figures = selector(township, period.year, now=period.now)
    expected = sum(f.detail["expected"] for f in figures)
    done = sum(f.detail["submitted"] for f in figures)
    rows = []
    for f in figures:
        month = _month_label(period.year, f.detail["month"])
        for person in f.records:
            rows.append([month, _person_name(person), _("missing")])
        for report in f.detail["reports"]:
            if report.late:
                rows.append([month, _person_name(report.person), _("submitted late")])
    return DrillDown(
        done * 100 // expected if expected else None,
        [_("Month"), _("Cadre"), _("Study report")],
        rows,
    )


def _lrn6_bulk(townships, period: Period) -> dict[int, Result]:
    from django.db.models import Count

    from cadres.models import ExamCandidate

    ids = _ids(townships)
    counts = dict(
        ExamCandidate.objects.filter(
            township_id__in=ids, disqualified=True, exam__deadline__year=period.year
        )
        .values_list("township_id")
        .annotate(n=Count("pk"))
        .values_list("township_id", "n")
    )
    return {tid: Result(counts.get(tid, 0)) for tid in ids}


def _lrn6_drill(township, period: Period, selector) -> DrillDown:
    fig = selector(township, period.year)
    return DrillDown(
        fig.value,
        [_("Cadre"), _("Exam"), _("Disqualified on")],
        [
            [
                _person_name(c.person),
                str(c.exam),
                _when(getattr(c, "disqualified_at", None)),
            ]
            for c in fig.records
        ],
    )


# -- the registry ----------------------------------------------------------------------------

FIGURES: list[FigureDef] = [
    FigureDef(
        key="dec7",
        source="meetings:list",
        mechanism="decision",
        rule="DEC-7",
        label=_("Months without a committee meeting"),
        colour_rule=_("0 green; 1 amber; 2 or more red"),
        requires=("meetings.selectors", "months_without_committee_meeting"),
        colour=_count_colour(1, 2),
        bulk=_dec7_bulk,
        drill=_dec7_drill,
        trend=_("Townships without a committee meeting"),
    ),
    FigureDef(
        key="dec8",
        source="meetings:emergencies",
        mechanism="decision",
        rule="DEC-8",
        label=_("Overdue emergency decisions"),
        colour_rule=_("0 green; 1 or more red"),
        requires=("meetings.selectors", "overdue_emergency_decisions"),
        colour=_count_colour(1, 1),
        bulk=_dec8_bulk,
        drill=_dec8_drill,
    ),
    FigureDef(
        key="dec2-notice",
        source="meetings:list",
        mechanism="decision",
        rule="DEC-2",
        label=_("Late notices attempted"),
        colour_rule=_("0 green; 1–2 amber; 3 or more red"),
        requires=("meetings.selectors", "late_notices"),
        colour=_count_colour(1, 3),
        bulk=_event_bulk("LATE_NOTICE"),
        drill=_event_drill,
    ),
    FigureDef(
        key="dec2-agenda",
        source="meetings:list",
        mechanism="decision",
        rule="DEC-2",
        label=_("Agenda changes attempted after the notice"),
        colour_rule=_("0 green; 1–2 amber; 3 or more red"),
        requires=("meetings.selectors", "agenda_changes_after_notice"),
        colour=_count_colour(1, 3),
        bulk=_event_bulk("AGENDA_AFTER_NOTICE"),
        drill=_event_drill,
    ),
    FigureDef(
        key="dec3",
        source="meetings:list",
        mechanism="decision",
        rule="DEC-3",
        label=_("Quorum failures"),
        colour_rule=_("0 green; 1–2 amber; 3 or more red"),
        requires=("meetings.selectors", "quorum_failures"),
        colour=_count_colour(1, 3),
        bulk=_event_bulk("QUORUM_FAILED"),
        drill=_event_drill,
    ),
    FigureDef(
        key="lrn2",
        source="cadres:study_days",
        mechanism="learning",
        rule="LRN-2",
        label=_("Months without a central-group study day"),
        colour_rule=_("0 green; 1 amber; 2 or more red"),
        requires=("cadres.selectors", "months_without_central_group_study"),
        colour=_count_colour(1, 2),
        bulk=_study_day_bulk("CENTRAL_GROUP"),
        drill=_study_day_drill,
        trend=_("Townships without a central-group study day"),
    ),
    FigureDef(
        key="lrn3-study",
        source="cadres:study_days",
        mechanism="learning",
        rule="LRN-3",
        label=_("Months without the cadres' collective study day"),
        colour_rule=_("0 green; 1 amber; 2 or more red"),
        requires=("cadres.selectors", "months_without_collective_study"),
        colour=_count_colour(1, 2),
        bulk=_study_day_bulk("COLLECTIVE"),
        drill=_study_day_drill,
    ),
    FigureDef(
        key="lrn3",
        source="cadres:report_grid",
        mechanism="learning",
        rule="LRN-3",
        label=_("Study reports submitted"),
        colour_rule=_("90% or more green; 70–89% amber; below 70% red"),
        requires=("cadres.selectors", "submission_rate_by_month"),
        colour=_rate_colour,
        bulk=_lrn3_bulk,
        drill=_lrn3_drill,
        unit="%",
        trend=_("Study reports submitted (mean of the townships, %)"),
    ),
    FigureDef(
        key="lrn6",
        source="cadres:exams",
        mechanism="learning",
        rule="LRN-6",
        label=_("Cadres disqualified (exam not passed in time)"),
        colour_rule=_("0 green; 1 or more amber"),
        requires=("cadres.selectors", "disqualifications"),
        colour=_count_colour(1, 99999),
        bulk=_lrn6_bulk,
        drill=_lrn6_drill,
    ),
    FigureDef(
        key="apt3",
        mechanism="appointment",
        rule="APT-3",
        label=_("Appointments done before their notice period ended"),
        colour_rule=_("0 green; 1 or more red"),
        requires=("cadres.appointments.selectors", "notice_breaches_by_township"),
        colour=_count_colour(1, 1),
    ),
    FigureDef(
        key="fin2",
        mechanism="finance",
        rule="FIN-2",
        label=_("Quarters without a finance report"),
        colour_rule=_("0 green; 1 amber; 2 or more red"),
        requires=("finance.selectors", "quarters_without_finance_report_by_township"),
        colour=_count_colour(1, 2),
    ),
    FigureDef(
        key="inc4",
        mechanism="incentive",
        rule="INC-4",
        label=_("Half-years without a democratic life meeting"),
        colour_rule=_("0 green; 1 or more red"),
        requires=("cadres.selectors", "half_years_without_life_meeting_by_township"),
        colour=_count_colour(1, 1),
    ),
]
BY_KEY = {f.key: f for f in FIGURES}


def figure(key: str) -> FigureDef | None:
    return BY_KEY.get(key)


def dashboard(townships, period: Period, figures=None) -> dict:
    """Townships × mechanisms: each cell lists its figures with a colour; each mechanism's
    colour is its worst figure's. Queries: a fixed number per available figure."""
    figures = FIGURES if figures is None else figures
    active = [f for f in figures if f.available]
    values = {f.key: f.values(townships, period) for f in active}
    for township in townships:
        if records_begin_after(township, period):
            for found in values.values():
                found[township.pk] = Result(None)  # unknown, never compliant
    rows = []
    for township in townships:
        mechanisms = []
        for key, label in MECHANISMS:
            cells = []
            for f in figures:
                if f.mechanism != key:
                    continue
                if f.key in values:
                    result = values[f.key].get(township.pk, Result(None))
                    cells.append(
                        Cell(f, result.value, f.colour(result.value), result.by_month)
                    )
                else:
                    cells.append(Cell(f, None, NONE))
            recorded = [c for c in cells if c.colour != NONE]
            worst = max(
                (c.colour for c in recorded), key=COLOUR_ORDER.get, default=NONE
            )
            mechanisms.append(
                {
                    "key": key,
                    "label": label,
                    "cells": cells,
                    "colour": worst,
                    "colour_label": COLOUR_LABELS[worst],
                    "symbol": SYMBOLS[worst],
                }
            )
        rows.append({"township": township, "mechanisms": mechanisms})
    return {
        "rows": rows,
        "mechanisms": MECHANISMS,
        "figures": figures,
        "trends": _trends(townships, period, active, values),
        "period": period,
    }


def _trends(townships, period, active, values) -> list[dict]:
    """Per month, county-wide: the number of townships in breach, or the county's rate."""
    trends = []
    for f in active:
        if f.trend is None:
            continue
        bars = []
        for month in period.months:
            month_values = [
                values[f.key][t.pk].by_month.get(month)
                for t in townships
                if t.pk in values[f.key]
            ]
            known = [v for v in month_values if v is not None]
            if f.unit == "%":
                value = sum(known) // len(known) if known else None
            else:
                value = sum(known) if known else None  # unknown, never a made-up 0
            bars.append({"month": month, "value": value})
        trends.append({"figure": f, "bars": bars, "percent": f.unit == "%"})
    return trends
