"""Reads of the pilot, narrowed to what the user may see (SEC-1)."""

from __future__ import annotations

from django.db.models import Prefetch, QuerySet
from django.http import Http404

from committees import access
from committees.models import County, Township
from oversight.models import (
    PhaseDocument,
    Pilot,
    PilotPhase,
    SteeringAssignment,
    Summary,
)
from oversight.rules import PHASE_ORDER, REQUIRED_DOCUMENTS

REVIEWERS = frozenset({access.Role.COUNTY_REVIEWER})


def townships_of_county(user, county: County) -> list[Township]:
    """The townships of `county` the user reviews, in name order."""
    return list(reviewed_townships(user, county))


def reviewed_townships(user, county: County | None = None) -> QuerySet[Township]:
    """The townships the user reviews (of `county`), in name order, as a queryset: the
    dashboard pages through it and reads its figures in aggregates."""
    found = access.townships_for_user(user, REVIEWERS)
    if county is not None:
        found = found.filter(county=county)
    return found.order_by("name", "pk")


def pilot_of(township: Township) -> Pilot | None:
    return (
        Pilot.objects.filter(township=township)
        .prefetch_related(
            Prefetch(
                "phases",
                queryset=PilotPhase.objects.select_related(
                    "moved_on_by", "started_by"
                ).prefetch_related(
                    Prefetch(
                        "documents",
                        queryset=PhaseDocument.objects.select_related("added_by"),
                    )
                ),
            ),
            Prefetch(
                "summaries",
                queryset=Summary.objects.select_related(
                    "submitted_by", "reviewed_by"
                ).order_by("-round"),
            ),
        )
        .first()
    )


def pilot_record(pilot: Pilot) -> dict:
    """Everything of a pilot, phases in their order, for the page and the PDF."""
    phases = sorted(pilot.phases.all(), key=lambda p: PHASE_ORDER.index(p.kind))
    started = {p.kind for p in phases}
    rows = []
    for phase in phases:
        documents = list(phase.documents.all())
        held = {d.kind for d in documents}
        rows.append(
            {
                "phase": phase,
                "documents": documents,
                "missing": [
                    PhaseDocument.Kind(k).label
                    for k in REQUIRED_DOCUMENTS[phase.kind]
                    if k not in held
                ],
            }
        )
    upcoming = [PilotPhase.Kind(k).label for k in PHASE_ORDER if k not in started]
    return {
        "pilot": pilot,
        "township": pilot.township,
        "phases": rows,
        "upcoming": upcoming,
        "current": next((p for p in phases if p.ended_on is None), None),
        "summaries": list(pilot.summaries.all()),
    }


def summary_for_user(user, township: Township, pk: int) -> Summary:
    """A summary of a township the user reads, or 404 (SEC-1)."""
    access.require(user, township)
    summary = (
        Summary.objects.filter(township=township, pk=pk)
        .select_related("pilot", "submitted_by", "reviewed_by")
        .first()
    )
    if summary is None:
        raise Http404
    return summary


def summaries_awaiting_review(user) -> QuerySet[Summary]:
    return access.scope(
        Summary.objects.filter(status=Summary.Status.SUBMITTED), user, REVIEWERS
    ).select_related("township")


def pilots_of(townships) -> list[Pilot]:
    """The pilots of these townships with their current phase and latest summary, in a
    fixed number of queries."""
    return list(
        Pilot.objects.filter(township__in=[t.pk for t in townships]).prefetch_related(
            Prefetch(
                "phases",
                queryset=PilotPhase.objects.filter(ended_on__isnull=True),
                to_attr="open_phases",
            ),
            Prefetch(
                "summaries",
                queryset=Summary.objects.order_by("-round"),
                to_attr="rounds",
            ),
        )
    )


def steering_of(townships) -> dict[int, list[SteeringAssignment]]:
    """township id -> its steering group (one query)."""
    found: dict[int, list[SteeringAssignment]] = {}
    for assignment in SteeringAssignment.objects.filter(
        township__in=[t.pk for t in townships]
    ).select_related("reviewer", "reviewer__person"):
        found.setdefault(assignment.township_id, []).append(assignment)
    return found
