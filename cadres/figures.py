"""The cadres' figures on the county dashboard (PIL-3): LRN-2, LRN-3 (study days and study
reports), LRN-6 and APT-3, each a county-wide `*_by_township` selector with a fixed number
of queries, a drill-down through the selector the mechanism's own pages read, and its
colour rule. Registered into `core.figures` by `CadresConfig.ready()` (`register()`).

LRN-3's deadlines are `cadres.deadlines`; the month a township's records begin is
`committees.selectors.first_counted_day`, the same rule as the secretary's home page's.
"""

from __future__ import annotations

import datetime

from django.db.models import Count
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cadres import deadlines
from cadres.models import ExamCandidate, StudyDay, StudyReport
from committees.models import Person
from committees.selectors import first_counted_day
from core import figures as registry
from core.figures import DrillDown, TownshipFigure


def _counted_months(township, start, end) -> list[int]:
    return registry.counted_months(first_counted_day(township, start), start, end)


def _month(year: int, month: int) -> str:
    return f"{year}-{month:02d}"


def _name(person) -> str:
    return getattr(person, "name", "") or "—"


# -- LRN-2 / LRN-3: months without the study day -------------------------------------------------


def _study_day_by_township(kind, townships, start, end) -> dict[int, TownshipFigure]:
    held: dict[int, set] = {t.pk: set() for t in townships}
    for tid, day in StudyDay.objects.filter(
        township_id__in=held, kind=kind, date__year=start.year
    ).values_list("township_id", "date"):
        held[tid].add(day.month)
    found = {}
    for township in townships:
        by_month = {
            m: int(m not in held[township.pk])
            for m in _counted_months(township, start, end)
        }
        found[township.pk] = TownshipFigure(sum(by_month.values()), by_month)
    return found


def months_without_central_group_study_by_township(townships, start, end, now=None):
    """LRN-2, as `cadres.selectors.months_without_central_group_study`, in one query."""
    return _study_day_by_township(StudyDay.Kind.CENTRAL_GROUP, townships, start, end)


def months_without_collective_study_by_township(townships, start, end, now=None):
    """LRN-3, as `cadres.selectors.months_without_collective_study`, in one query."""
    return _study_day_by_township(StudyDay.Kind.COLLECTIVE, townships, start, end)


def _study_day_drill(selector_name: str):
    def drill(township, start, end, now=None) -> DrillDown:
        from cadres import selectors

        today = end + datetime.timedelta(days=1)  # the months up to `end` have ended
        figure = getattr(selectors, selector_name)(township, start.year, today=today)
        return DrillDown(
            figure.value,
            [_("Month without the study day")],
            [[_month(start.year, m)] for m in figure.records],
        )

    return drill


# -- LRN-3: study reports submitted --------------------------------------------------------------


def submission_rate_by_township(
    townships, start, end, now=None
) -> dict[int, TownshipFigure]:
    """LRN-3, as `cadres.selectors.submission_rate_by_month`, in two queries: the share
    of the active cadres' reports submitted over the months of `start`'s year whose
    deadline has passed at `now` (percent, rounded down; None without cadres)."""
    now = now or timezone.now()
    year = start.year
    ids = [t.pk for t in townships]
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
            year=year,
            status=StudyReport.Status.SUBMITTED,
            person__active=True,
            person__kind=Person.Kind.CADRE,
        )
        .values_list("township_id", "month")
        .annotate(n=Count("person_id", distinct=True))
        .values_list("township_id", "month", "n")
    ):
        submitted[(tid, month)] = n
    found = {}
    for township in townships:
        expected = cadres.get(township.pk, 0)
        first = first_counted_day(township, start)
        due = [
            m
            for m in range(1, 13)
            if now >= deadlines.deadline(year, m, township.study_report_due_day)
            and (year, m) >= (first.year, first.month)
        ]
        by_month = {
            m: submitted.get((township.pk, m), 0) * 100 // expected
            if expected
            else None
            for m in due
        }
        done = sum(submitted.get((township.pk, m), 0) for m in due)
        value = done * 100 // (expected * len(due)) if expected and due else None
        found[township.pk] = TownshipFigure(value, by_month)
    return found


def _lrn3_drill(township, start, end, now=None) -> DrillDown:
    from cadres.selectors import submission_rate_by_month

    months = submission_rate_by_month(township, start.year, now=now)
    expected = sum(f.detail["expected"] for f in months)
    done = sum(f.detail["submitted"] for f in months)
    rows = []
    for f in months:
        month = _month(start.year, f.detail["month"])
        for person in f.records:
            rows.append([month, _name(person), _("missing")])
        for report in f.detail["reports"]:
            if report.late:
                rows.append([month, _name(report.person), _("submitted late")])
    return DrillDown(
        done * 100 // expected if expected else None,
        [_("Month"), _("Cadre"), _("Study report")],
        rows,
    )


# -- LRN-6: cadres disqualified ------------------------------------------------------------------


def disqualifications_by_township(townships, start, end, now=None):
    """LRN-6, as `cadres.selectors.disqualifications`, in one query: cadres disqualified
    for an exam whose deadline fell in `start`'s year."""
    ids = [t.pk for t in townships]
    counts = dict(
        ExamCandidate.objects.filter(
            township_id__in=ids, disqualified=True, exam__deadline__year=start.year
        )
        .values_list("township_id")
        .annotate(n=Count("pk"))
        .values_list("township_id", "n")
    )
    return {tid: TownshipFigure(counts.get(tid, 0)) for tid in ids}


def _lrn6_drill(township, start, end, now=None) -> DrillDown:
    from cadres.selectors import disqualifications

    figure = disqualifications(township, start.year)

    def when(value):
        return timezone.localtime(value).strftime("%Y-%m-%d %H:%M") if value else "—"

    return DrillDown(
        figure.value,
        [_("Cadre"), _("Exam"), _("Disqualified on")],
        [
            [_name(c.person), str(c.exam), when(getattr(c, "disqualified_at", None))]
            for c in figure.records
        ],
    )


# -- APT-3: appointments done before their notice period ended ----------------------------------


def notice_breaches_by_township(townships, start, end, now=None):
    """APT-3: `cadres.appointments.selectors.notice_breaches_by_township` as figures."""
    from cadres.appointments.selectors import notice_breaches_by_township as breaches

    return {
        tid: TownshipFigure(found.count, records=list(found.records))
        for tid, found in breaches(townships, start, end).items()
    }


def _apt3_drill(township, start, end, now=None) -> DrillDown:
    from cadres.appointments.selectors import notice_breaches_by_township as breaches

    found = breaches([township], start, end)[township.pk]
    return DrillDown(found.count, [_("Record")], [[str(r)] for r in found.records])


# -- registration --------------------------------------------------------------------------------

FIGURES = [
    registry.FigureDefinition(
        key="lrn2",
        mechanism="learning",
        rule="LRN-2",
        label=_("Months without a central-group study day"),
        colour_rule=_("0 green; 1 amber; 2 or more red"),
        colour=registry.count_colour(1, 2),
        by_township=months_without_central_group_study_by_township,
        drill=_study_day_drill("months_without_central_group_study"),
        trend=_("Townships without a central-group study day"),
        source="cadres:study_days",
        order=10,
    ),
    registry.FigureDefinition(
        key="lrn3-study",
        mechanism="learning",
        rule="LRN-3",
        label=_("Months without the cadres' collective study day"),
        colour_rule=_("0 green; 1 amber; 2 or more red"),
        colour=registry.count_colour(1, 2),
        by_township=months_without_collective_study_by_township,
        drill=_study_day_drill("months_without_collective_study"),
        source="cadres:study_days",
        order=20,
    ),
    registry.FigureDefinition(
        key="lrn3",
        mechanism="learning",
        rule="LRN-3",
        label=_("Study reports submitted"),
        colour_rule=_("90% or more green; 70–89% amber; below 70% red"),
        colour=registry.rate_colour(90, 70),
        by_township=submission_rate_by_township,
        drill=_lrn3_drill,
        unit="%",
        trend=_("Study reports submitted (mean of the townships, %)"),
        source="cadres:report_grid",
        order=30,
    ),
    registry.FigureDefinition(
        key="lrn6",
        mechanism="learning",
        rule="LRN-6",
        label=_("Cadres disqualified (exam not passed in time)"),
        colour_rule=_("0 green; 1 or more amber"),
        colour=registry.count_colour(1, 99999),
        by_township=disqualifications_by_township,
        drill=_lrn6_drill,
        source="cadres:exams",
        order=40,
    ),
    registry.FigureDefinition(
        key="apt3",
        mechanism="appointment",
        rule="APT-3",
        label=_("Appointments done before their notice period ended"),
        colour_rule=_("0 green; 1 or more red"),
        colour=registry.count_colour(1, 1),
        by_township=notice_breaches_by_township,
        drill=_apt3_drill,
        order=10,
    ),
]


def register() -> None:
    for definition in FIGURES:
        registry.register(definition)
