"""AUD-2: what meetings locks, and so seals — locked minutes; each decision with the
ballots behind it and who entered them (a ballot changed by SQL shows as a change of its
decision); and each closed meeting with its attendance, the arrivals and departures the
quorum was judged on (DEC-3), sealed when it closes (no attendance is recorded after)."""

from __future__ import annotations

from core import integrity

MINUTES_FIELDS = (
    "minutes",
    "number",
    "text",
    "status",
    "correction_reason",
    "drafted_by",
    "signed_by",
    "signed_at",
    "locked_at",
)
DECISION_FIELDS = (
    "meeting",
    "body",
    "item",
    "title",
    "kind",
    "outcome",
    "tally",
    "members_count",
    "present_count",
    "rule_set",
    "rule_set_version",
    "rule_text",
    "arithmetic",
    "decided_at",
    "changes",
    "change",
)


MEETING_FIELDS = (
    "body",
    "title",
    "start",
    "place",
    "status",
    "opened_at",
    "closed_at",
    "members_count",
    "present_at_opening",
    "quorum_arithmetic",
)


def minutes_content(version) -> dict:
    return integrity.fields_of(version, MINUTES_FIELDS)


def decision_content(decision) -> dict:
    content = integrity.fields_of(decision, DECISION_FIELDS)
    content["ballots"] = sorted(
        [
            b.voter_id,
            b.nominee_id or 0,
            b.choice,
            integrity.canonical(b.cast_at),
            b.entered_by_id or 0,
        ]
        for b in decision.item.ballots.all()
    )
    return content


def decision_content_unkeyed(decision) -> dict:
    """As decisions were sealed before the key (version 1): ballots without who entered
    them."""
    content = decision_content(decision)
    content["ballots"] = sorted(ballot[:4] for ballot in content["ballots"])
    return content


def meeting_content(meeting) -> dict:
    content = integrity.fields_of(meeting, MEETING_FIELDS)
    content["attendance"] = sorted(
        [
            a.pk,  # a row deleted and written again shows too
            a.person_id,
            a.kind,
            integrity.canonical(a.at),
            a.recorded_by_id or 0,
        ]
        for a in meeting.attendance.all()
    )
    return content


def register() -> None:
    from meetings.models import Decision, Meeting, MinutesVersion

    integrity.register(
        "meetings.MinutesVersion",
        content=minutes_content,
        locked=lambda: MinutesVersion.objects.filter(
            status=MinutesVersion.Status.LOCKED
        ),
    )
    integrity.register(
        "meetings.Decision",
        content=decision_content,
        unkeyed_content=decision_content_unkeyed,
        locked=lambda: Decision.objects.all(),
        queryset=lambda: Decision.objects.prefetch_related("item__ballots"),
    )
    integrity.register(
        "meetings.Meeting",
        content=meeting_content,
        locked=lambda: Meeting.objects.filter(status=Meeting.Status.CLOSED),
        queryset=lambda: Meeting.objects.prefetch_related("attendance"),
    )
