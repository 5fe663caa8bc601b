"""Reads of projects and tenders, narrowed to what the reader may see (SEC-1, PUB-2).

The screens and the services read the same verdicts from here (the committee's decision on
the project's item, the clocks of a tender), so a page never disagrees with the service.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db.models import QuerySet
from django.utils import timezone

from committees import access
from committees.selectors import work_calendar
from core.periods import Period, WorkCalendar
from meetings.models import AgendaItem, Decision
from projects import rules
from projects.models import (
    Bid,
    Breach,
    Objection,
    Project,
    Purchase,
    StageRecord,
    Tender,
)

PROJECTS = Project.objects.select_related("township", "township__county", "agenda_item")


def calendar_of(township) -> WorkCalendar:
    return work_calendar(township.county_id)


def projects_of(user, township) -> QuerySet[Project]:
    return access.scope(PROJECTS.filter(township=township), user)


def public_projects(township) -> QuerySet[Project]:
    """PUB-2: only the projects whose page the township published."""
    return PROJECTS.filter(township=township, public_since__isnull=False)


def current_tender(project: Project) -> Tender | None:
    return project.tenders.order_by("-round", "-pk").first()


# -- the committee's decision (DEC-4, DEC-9) ----------------------------------------------------


def deciding_item(item: AgendaItem | None) -> AgendaItem | None:
    """The item that decides: a postponed item is decided by its later copy (DEC-6)."""
    seen = set()
    while item is not None and item.status == AgendaItem.Status.POSTPONED:
        later = AgendaItem.objects.filter(postponed_from=item).order_by("-pk").first()
        if later is None or later.pk in seen:
            break
        seen.add(later.pk)
        item = later
    return item


def standing_decision(project: Project) -> Decision | None:
    """The committee's passed decision on the project's major item, not revoked (DEC-10)."""
    item = deciding_item(project.agenda_item)
    if item is None:
        return None
    decision = Decision.objects.filter(item=item).first()
    if decision is None or decision.outcome != Decision.Outcome.PASSED:
        return None
    revoked = Decision.objects.filter(
        changes=decision, change=AgendaItem.Change.REVOKE
    ).exists()
    return None if revoked else decision


# -- clocks of a tender, for the screens --------------------------------------------------------


@dataclass
class TenderClocks:
    deadline: datetime.datetime
    days_left: int | None
    earliest_deadline: datetime.date
    last_objection_day: datetime.date
    candidates_due: Period | None
    candidates_shown: Period | None
    contract_due: Period | None
    challenge_window: Period | None
    open_objections: int


def tender_clocks(tender: Tender, now: datetime.datetime | None = None) -> TenderClocks:
    now = now or timezone.now()
    calendar = calendar_of(tender.township)
    return TenderClocks(
        deadline=tender.deadline,
        days_left=rules.days_left(tender.deadline, now),
        earliest_deadline=rules.earliest_deadline_day(tender.documents_from),
        last_objection_day=rules.last_objection_day(tender.deadline),
        candidates_due=rules.candidates_publish_due(tender.report_at, calendar)
        if tender.report_at
        else None,
        candidates_shown=rules.candidates_shown(tender.candidates_published_at)
        if tender.candidates_published_at
        else None,
        contract_due=rules.contract_due(tender.awarded_at, calendar)
        if tender.awarded_at
        else None,
        challenge_window=rules.challenge_window(tender.awarded_at, calendar)
        if tender.awarded_at and tender.project.kind == Project.Kind.PURCHASE
        else None,
        open_objections=tender.objections.filter(answered_at__isnull=True).count(),
    )


def open_objections(tender: Tender, kind: str) -> QuerySet[Objection]:
    return tender.objections.filter(kind=kind, answered_at__isnull=True)


def bids_of(tender: Tender) -> QuerySet[Bid]:
    return tender.bids.all()


# -- the timeline the villagers read ------------------------------------------------------------


def timeline(project: Project) -> list[dict]:
    """PRJ-1, PUB-4: the project's story in order: stages, inspections, tender steps."""
    events = [
        {"at": r.at, "kind": "stage", "label": r.get_stage_display(), "note": r.note}
        for r in project.stage_records.all()
    ]
    for inspection in project.inspections.all():
        events.append(
            {
                "at": timezone.make_aware(
                    datetime.datetime.combine(inspection.on, datetime.time(12))
                ),
                "kind": "inspection",
                "label": inspection.get_kind_display(),
                "note": f"{inspection.inspector}：{inspection.findings}",
            }
        )
    return sorted(events, key=lambda e: e["at"])


# -- PRJ-1: the county figure --------------------------------------------------------------------


def skipped_stages(project: Project, reached: list[str] | None = None) -> list[str]:
    if reached is None:
        reached = list(project.stage_records.values_list("stage", flat=True))
    return [str(s) for s in rules.stages_skipped(reached, project.stage)]


def prj1_records(
    township, first: datetime.datetime, after: datetime.datetime
) -> list[dict]:
    """PRJ-1 for one township: each skipped stage of a project proposed from `first` to
    before `after`, and each clock breached in that span."""
    found = []
    projects = Project.objects.filter(
        township=township, created_at__gte=first, created_at__lt=after
    ).prefetch_related("stage_records")
    for project in projects:
        reached = [r.stage for r in project.stage_records.all()]
        for stage in rules.stages_skipped(reached, project.stage):
            found.append(
                {
                    "project": project.title,
                    "rule": "PRJ-1",
                    "what": str(Project.Stage(stage).label),
                    "kind": "skipped",
                    "due": None,
                }
            )
    for breach in Breach.objects.filter(
        township=township, at__gte=first, at__lt=after
    ).select_related("project"):
        found.append(
            {
                "project": breach.project.title,
                "rule": breach.rule,
                "what": breach.what,
                "kind": "breach",
                "due": breach.due,
            }
        )
    return found


def reached_stages(project: Project) -> QuerySet[StageRecord]:
    return project.stage_records.select_related("by")


def purchase_warning(township, category: str, fiscal_year: int, threshold):
    """PRJ-4, for the screen: the category's untendered purchases of the year so far, and
    what is left below the threshold."""
    existing = list(
        Purchase.objects.filter(
            township=township, category=category, fiscal_year=fiscal_year, project=None
        ).values_list("amount", flat=True)
    )
    total = rules.category_total(existing)
    return total, threshold - total


def purchase_totals(township) -> list[dict]:
    """PRJ-4: each category's untendered purchases of each year, added up, with what is
    left below its threshold (the lowest threshold recorded for it)."""
    rows: dict[tuple, dict] = {}
    for category, year, amount, threshold in (
        Purchase.objects.filter(township=township, project=None)
        .order_by("-fiscal_year", "category")
        .values_list("category", "fiscal_year", "amount", "threshold")
    ):
        row = rows.setdefault(
            (category, year),
            {"category": category, "year": year, "amounts": [], "threshold": threshold},
        )
        row["amounts"].append(amount)
        row["threshold"] = min(row["threshold"], threshold)
    for row in rows.values():
        row["total"] = rules.category_total(row.pop("amounts"))
        row["left"] = row["threshold"] - row["total"]
    return list(rows.values())


def stage_list(project: Project) -> list[tuple]:
    """Every stage, its label and whether the project has reached it (PRJ-1)."""
    reached = set(project.stage_records.values_list("stage", flat=True))
    return [(value, label, value in reached) for value, label in Project.Stage.choices]
