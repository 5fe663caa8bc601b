"""AUD-2: what meetings locks, and so seals — locked minutes, and each decision with the
ballots behind it (a ballot changed by SQL shows as a change of its decision)."""

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


def minutes_content(version) -> dict:
    return integrity.fields_of(version, MINUTES_FIELDS)


def decision_content(decision) -> dict:
    content = integrity.fields_of(decision, DECISION_FIELDS)
    content["ballots"] = sorted(
        [b.voter_id, b.nominee_id or 0, b.choice, integrity.canonical(b.cast_at)]
        for b in decision.item.ballots.all()
    )
    return content


def register() -> None:
    from meetings.models import Decision, MinutesVersion

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
        locked=lambda: Decision.objects.all(),
        queryset=lambda: Decision.objects.prefetch_related("item__ballots"),
    )
