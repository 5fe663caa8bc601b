"""DEC-8: an emergency decision, recorded and placed on the next committee agenda."""

from __future__ import annotations

from django.db import transaction

from committees import access
from committees.models import Person, Township
from core.history import actor_or_none, save_with_history
from meetings import errors
from meetings import rules as dec
from meetings.models import (
    EmergencyDecision,
)
from meetings.services._common import (
    _add_report_item,
    _now,
    _of_township,
    _open_meeting_for_reports,
)


@errors.refuses_invalid_input
@transaction.atomic
def emergency_decision_record(
    *, actor, township: Township, decided_by: Person, decided_at, what: str, why: str
) -> EmergencyDecision:
    """DEC-8: recorded (who, when, what, why) and placed on the next committee agenda."""
    access.require_actor(actor, township, access.TOWNSHIP_STAFF)
    refusal = dec.emergency_time_refusal(decided_at, _now())
    if refusal is not None:
        raise refusal
    _of_township(decided_by, township.pk)
    emergency = save_with_history(
        EmergencyDecision(
            township=township,
            decided_by=decided_by,
            decided_at=decided_at,
            what=what,
            why=why,
            recorded_by=actor_or_none(actor),
        ),
        actor=actor,
        reason="emergency decision recorded",
    )
    meeting = _open_meeting_for_reports(township, decided_at)
    if meeting is not None:
        _add_report_item(emergency, meeting, actor)
    return emergency
