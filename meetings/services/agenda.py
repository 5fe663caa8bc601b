"""DEC-1, DEC-2, DEC-9: a meeting is scheduled, the secretary proposes its items, the
secretary's office fixes the agenda; materials and preparation records go with it."""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from django.db import transaction
from django.utils.translation import gettext as _

from committees import access
from committees.models import Body, Person, Township
from core.history import actor_or_none, save_with_history
from meetings import errors
from meetings import rules as dec
from meetings.models import (
    AgendaItem,
    ComplianceEvent,
    Decision,
    EmergencyDecision,
    Material,
    Meeting,
    Participant,
    PreparationRecord,
)
from meetings.services._common import (
    _add_report_item,
    _agenda_changed,
    _agenda_open_for,
    _copy_item,
    _is_revoked,
    _moment,
    _next_order,
    _now,
    _of_township,
    _raise,
    _record_compliance,
    _sync_participants,
)


def _carry_forward(meeting: Meeting, actor) -> None:
    """Postponed items (DEC-6) and unreported emergency decisions (DEC-8) join the agenda."""
    if not meeting.body.decides:
        return
    postponed = AgendaItem.objects.filter(
        township=meeting.township,
        status=AgendaItem.Status.POSTPONED,
        meeting__body__kind__in=(Body.Kind.COMMITTEE, Body.Kind.ENLARGED),
        meeting__start__lt=meeting.start,
        carried_to__isnull=True,
    ).prefetch_related("nominees")
    for old in postponed:
        if old.kind == AgendaItem.Kind.RECONSIDERATION and _is_revoked(
            old.target_decision_id
        ):
            continue  # DEC-10: nothing left to change
        _copy_item(old, meeting, actor)
    pending = EmergencyDecision.objects.filter(
        township=meeting.township,
        reported_at__isnull=True,
        decided_at__lt=meeting.start,
    ).exclude(
        report_items__meeting__status__in=(
            Meeting.Status.SCHEDULED,
            Meeting.Status.NOTICE_SENT,
            Meeting.Status.OPEN,
        )
    )
    for emergency in pending:
        _add_report_item(emergency, meeting, actor)


@errors.refuses_invalid_input
@transaction.atomic
def meeting_schedule(
    *,
    actor,
    township: Township,
    body_kind: str,
    title: str,
    start: datetime.datetime,
    place: str,
    convener: Person | None = None,
    invitees: Iterable[Person] = (),
    recorded_afterwards: bool = False,
) -> Meeting:
    """A meeting with its participants filled in from the body (invitees never vote).

    DEC-2: a meeting is scheduled ahead of its start; one already held is entered only
    with `recorded_afterwards=True` (the catch-up path, 补录), and is marked so."""
    access.require_actor(actor, township, access.TOWNSHIP_STAFF)
    start = _moment(start)
    _raise(
        dec.schedule_refusal(
            start=start, now=_now(), recorded_afterwards=recorded_afterwards
        )
    )
    invitees = list(invitees)
    for person in [convener, *invitees]:
        _of_township(person, township.pk)
    body = Body.objects.filter(township=township, kind=body_kind).first()
    if body is None:
        raise errors.RecordInvalid(
            params={"problems": _("This township has no such body.")}
        )
    meeting = save_with_history(
        Meeting(
            township=township,
            body=body,
            title=title,
            start=start,
            place=place,
            convener=convener,
            recorded_afterwards=recorded_afterwards,
        ),
        actor=actor,
        reason="past meeting recorded afterwards"
        if recorded_afterwards
        else "meeting scheduled",
    )
    people = _sync_participants(meeting, actor)
    for person in invitees:
        if person.pk in people:
            continue
        save_with_history(
            Participant(
                township=township, meeting=meeting, person=person, is_invitee=True
            ),
            actor=actor,
            reason="invitee",
        )
    _carry_forward(meeting, actor)
    return meeting


@transaction.atomic
def _agenda_item_propose(
    *,
    actor,
    meeting,
    title,
    kind,
    description,
    requires_alternatives,
    requires_expert,
    nominees,
    target_decision,
    change,
) -> AgendaItem:
    # Lock the meeting: the notice and a new item must not cross (DEC-2).
    meeting = (
        Meeting.objects.select_for_update(of=("self",))
        .select_related("body")
        .get(pk=meeting.pk)
    )
    access.require_actor(
        actor, meeting.township_id, access.SECRETARY_ONLY
    )  # DEC-2: the secretary proposes
    _agenda_open_for(meeting)
    nominees = list(nominees)
    for person in nominees:
        _of_township(person, meeting.township_id)
    if kind == AgendaItem.Kind.PERSONNEL and not nominees:
        raise errors.PersonnelItemNeedsNominee()
    if kind == AgendaItem.Kind.RECONSIDERATION:
        # DEC-10: only a new decision of the same body (or its enlarged meeting) that names it.
        if (
            target_decision is None
            or target_decision.township_id != meeting.township_id
            or not meeting.body.decides
            or change not in AgendaItem.Change.values
        ):
            raise errors.WrongDecisionChange()
        if _is_revoked(target_decision.pk):
            raise errors.DecisionAlreadyRevoked()
    elif target_decision is not None:
        raise errors.WrongDecisionChange()
    item = save_with_history(
        AgendaItem(
            township_id=meeting.township_id,
            meeting=meeting,
            order=_next_order(meeting),
            title=title,
            description=description,
            kind=kind,
            requires_alternatives=requires_alternatives,
            requires_expert=requires_expert,
            proposed_by=actor_or_none(actor),
            target_decision=target_decision
            if kind == AgendaItem.Kind.RECONSIDERATION
            else None,
            change=change if kind == AgendaItem.Kind.RECONSIDERATION else "",
        ),
        actor=actor,
        reason="agenda item proposed",
    )
    if nominees:
        item.nominees.set(nominees)
    _agenda_changed(meeting, actor)
    return item


@errors.refuses_invalid_input
def agenda_item_propose(
    *,
    actor,
    meeting: Meeting,
    title: str,
    kind: str = AgendaItem.Kind.ORDINARY,
    description: str = "",
    requires_alternatives: bool = False,
    requires_expert: bool = False,
    nominees: Iterable[Person] = (),
    target_decision: Decision | None = None,
    change: str = "",
) -> AgendaItem:
    """DEC-2: the secretary proposes items; none after the notice (no ad-hoc motions)."""
    try:
        return _agenda_item_propose(
            actor=actor,
            meeting=meeting,
            title=title,
            kind=kind,
            description=description,
            requires_alternatives=requires_alternatives,
            requires_expert=requires_expert,
            nominees=nominees,
            target_decision=target_decision,
            change=change,
        )
    except errors.AgendaFrozen:
        _record_compliance(
            meeting, ComplianceEvent.Kind.AGENDA_AFTER_NOTICE, actor, title
        )
        raise


@transaction.atomic
def _agenda_item_update(*, actor, item, values) -> AgendaItem:
    item = AgendaItem.objects.select_for_update().get(pk=item.pk)
    meeting = Meeting.objects.select_for_update().get(pk=item.meeting_id)
    access.require_actor(actor, meeting.township_id, access.SECRETARY_ONLY)
    _agenda_open_for(meeting)
    for field in ("title", "description", "requires_alternatives", "requires_expert"):
        if field in values:
            setattr(item, field, values[field])
    item = save_with_history(item, actor=actor, reason="agenda item changed")
    _agenda_changed(meeting, actor)
    return item


@errors.refuses_invalid_input
def agenda_item_update(*, actor, item: AgendaItem, **values) -> AgendaItem:
    """DEC-2: a changed item after the notice is refused like a new one."""
    try:
        return _agenda_item_update(actor=actor, item=item, values=values)
    except errors.AgendaFrozen:
        _record_compliance(
            item.meeting, ComplianceEvent.Kind.AGENDA_AFTER_NOTICE, actor, item.title
        )
        raise


@errors.refuses_invalid_input
@transaction.atomic
def agenda_fix(*, actor, meeting: Meeting) -> Meeting:
    """DEC-2: the secretary's office fixes the agenda; who and when are recorded."""
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
    access.require_actor(actor, meeting.township_id, access.TOWNSHIP_STAFF)
    _raise(
        dec.agenda_fix_refusal(
            status=meeting.status,
            has_items=AgendaItem.objects.filter(meeting=meeting).exists(),
        )
    )
    meeting.agenda_fixed_at = _now()
    meeting.agenda_fixed_by = actor_or_none(actor)
    return save_with_history(meeting, actor=actor, reason="agenda fixed")


@errors.refuses_invalid_input
@transaction.atomic
def agenda_reopen(*, actor, meeting: Meeting) -> Meeting:
    """DEC-2: to add an item after the notice, the agenda is reopened; it must then be
    fixed and noticed again, with a new full notice period before the start."""
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
    access.require_actor(actor, meeting.township_id, access.TOWNSHIP_STAFF)
    _raise(dec.agenda_reopen_refusal(status=meeting.status))
    meeting.status = Meeting.Status.SCHEDULED
    meeting.agenda_fixed_at = None
    meeting.agenda_fixed_by = None
    return save_with_history(
        meeting, actor=actor, reason="agenda reopened: a new notice will follow"
    )


@errors.refuses_invalid_input
def material_add(
    *, actor, meeting: Meeting, title: str, file, item: AgendaItem | None = None
) -> Material:
    """Materials go with the agenda (DEC-2): added before the notice only (a material
    added to a fixed agenda unfixes it); the upload's type and size are checked (SEC-3).
    A material refused after the notice is kept as a compliance fact, as an item is."""
    try:
        return _material_add(
            actor=actor, meeting=meeting, title=title, file=file, item=item
        )
    except errors.MaterialsFrozen:
        _record_compliance(
            meeting, ComplianceEvent.Kind.AGENDA_AFTER_NOTICE, actor, title
        )
        raise


@transaction.atomic
def _material_add(*, actor, meeting, title, file, item) -> Material:
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
    access.require_actor(actor, meeting.township_id, access.TOWNSHIP_STAFF)
    _agenda_open_for(meeting, material=True)
    if item is not None and item.meeting_id != meeting.pk:
        raise errors.ItemClosed()
    material = save_with_history(
        Material(
            township_id=meeting.township_id,
            meeting=meeting,
            item=item,
            title=title,
            file=file,
            uploaded_by=actor_or_none(actor),
            uploaded_at=_now(),
        ),
        actor=actor,
        reason="material uploaded",
    )
    _agenda_changed(meeting, actor)
    return material


@errors.refuses_invalid_input
@transaction.atomic
def preparation_add(
    *, actor, item: AgendaItem, step: str, title: str, text: str, attachment=None
) -> PreparationRecord:
    """DEC-9: investigation, options, lower-level opinions, expert assessment of a major item."""
    item = AgendaItem.objects.select_for_update().get(pk=item.pk)
    access.require_actor(actor, item.township_id, access.TOWNSHIP_STAFF)
    _raise(
        dec.preparation_refusal(
            needs_preparation=item.needs_preparation, item_status=item.status
        )
    )
    record = PreparationRecord(
        township_id=item.township_id,
        item=item,
        step=step,
        title=title,
        text=text,
        recorded_by=actor_or_none(actor),
        recorded_at=_now(),
    )
    if attachment:
        record.attachment = attachment
    return save_with_history(record, actor=actor, reason="preparation recorded")
