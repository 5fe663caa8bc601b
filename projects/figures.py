"""PRJ-1 on the county dashboard (PIL-3): stages skipped or clocks breached, per township.

A project of the year (proposed from the township's first counted day to the end of the
year) counts each stage before its current one that has no record of being reached; each
`Breach` of the year (a clock of PRJ-1 … PRJ-5 that ran out before its act) counts once.
`by_township` reads every township in three queries; the drill-down reads one township's
records through `projects.selectors.prj1_records`, the same arithmetic (`projects.rules`).
"""

from __future__ import annotations

import datetime

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from committees.selectors import first_counted_day
from core import figures as registry
from core.figures import DrillDown, TownshipFigure
from projects import rules
from projects.models import Breach, Project, StageRecord


def _midnight(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime(day.year, day.month, day.day))


def span(township, start: datetime.date) -> tuple[datetime.datetime, datetime.datetime]:
    """The moments counted: the first counted day to the end of `start`'s year."""
    return (
        _midnight(first_counted_day(township, start)),
        _midnight(datetime.date(start.year + 1, 1, 1)),
    )


def prj1_by_township(townships, start, end, now=None) -> dict[int, TownshipFigure]:
    spans = {t.pk: span(t, start) for t in townships}
    found = {pk: TownshipFigure(0) for pk in spans}
    if not spans:
        return found
    lowest = min(s[0] for s in spans.values())
    highest = max(s[1] for s in spans.values())
    projects = {
        pk: (tid, stage, created)
        for pk, tid, stage, created in Project.objects.filter(
            township_id__in=spans, created_at__gte=lowest, created_at__lt=highest
        ).values_list("pk", "township_id", "stage", "created_at")
        if spans[tid][0] <= created < spans[tid][1]
    }
    reached: dict[int, list[str]] = {pk: [] for pk in projects}
    for project_id, stage in StageRecord.objects.filter(
        project_id__in=projects
    ).values_list("project_id", "stage"):
        reached[project_id].append(stage)
    for pk, (tid, stage, _created) in projects.items():
        skipped = rules.stages_skipped(reached[pk], stage)
        found[tid].value += len(skipped)
        found[tid].records += [(pk, s) for s in skipped]
    for pk, tid, at in Breach.objects.filter(
        township_id__in=spans, at__gte=lowest, at__lt=highest
    ).values_list("pk", "township_id", "at"):
        if spans[tid][0] <= at < spans[tid][1]:
            found[tid].value += 1
            found[tid].records.append(pk)
    return found


def prj1_drill(township, start, end, now=None) -> DrillDown:
    from projects.selectors import prj1_records

    first, after = span(township, start)
    rows = prj1_records(township, first, after)
    return DrillDown(
        len(rows),
        [_("Project"), _("Rule"), _("What"), _("Due by")],
        [
            [
                r["project"],
                r["rule"],
                (_("stage skipped: %(stage)s") % {"stage": r["what"]})
                if r["kind"] == "skipped"
                else r["what"],
                f"{r['due']:%Y-%m-%d}" if r["due"] else "—",
            ]
            for r in rows
        ],
    )


def register() -> None:
    registry.register(
        registry.FigureDefinition(
            key="prj1",
            mechanism="finance",
            rule="PRJ-1",
            label=_("Project stages skipped or clocks breached"),
            colour_rule=_("0 green; 1 amber; 2 or more red"),
            colour=registry.count_colour(1, 2),
            by_township=prj1_by_township,
            drill=prj1_drill,
            source="projects:list",
            order=40,
        )
    )
