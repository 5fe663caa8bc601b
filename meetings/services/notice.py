"""DEC-2: the notice (a full notice period ahead), a new notice on a reschedule, and each
participant's receipt."""

from __future__ import annotations

import datetime

from django.db import transaction
from django.db.models import Max

from committees import access
from core.history import actor_or_none, save_with_history
from core.outbox import enqueue
from meetings import errors
from meetings import rules as dec
from meetings.models import (
    ComplianceEvent,
    Meeting,
    Notice,
    NoticeReceipt,
    Participant,
)
from meetings.services._common import (
    _is_staff,
    _moment,
    _now,
    _raise,
    _record_compliance,
    _sync_participants,
)


def _check_notice_period(meeting: Meeting, start, now) -> int:
    """DEC-2: the hours ahead of the start, at least the township's notice period."""
    _raise(
        dec.notice_period_refusal(
            start=start, now=now, period_hours=meeting.township.notice_period_hours
        )
    )
    return int((start - now).total_seconds() // 3600)


def _issue_notice(meeting: Meeting, actor, now, hours_ahead: int) -> Notice:
    version = (
        Notice.objects.filter(meeting=meeting).aggregate(v=Max("version"))["v"] or 0
    ) + 1
    notice = save_with_history(
        Notice(
            township_id=meeting.township_id,
            meeting=meeting,
            version=version,
            sent_at=now,
            sent_by=actor_or_none(actor),
            meeting_start=meeting.start,
            hours_ahead=hours_ahead,
        ),
        actor=actor,
        reason="notice sent",
    )
    for participant in Participant.objects.filter(meeting=meeting):
        save_with_history(
            NoticeReceipt(
                township_id=meeting.township_id, notice=notice, participant=participant
            ),
            actor=actor,
            reason="notice sent",
        )
    # E-mail after commit (core.outbox); the in-app notice is the receipt row itself.
    enqueue("meetings.tasks.notice_deliver", notice.pk)
    return notice


@transaction.atomic
def _notice_send(*, actor, meeting) -> Notice:
    meeting = (
        Meeting.objects.select_for_update(of=("self",))
        .select_related("township")
        .get(pk=meeting.pk)
    )
    access.require_actor(actor, meeting.township_id, access.TOWNSHIP_STAFF)
    now = _now()
    _raise(
        dec.notice_send_refusal(
            status=meeting.status,
            agenda_fixed=meeting.agenda_fixed_at is not None,
            start=meeting.start,
            now=now,
            period_hours=meeting.township.notice_period_hours,
        )
    )
    hours = _check_notice_period(meeting, meeting.start, now)
    _sync_participants(
        meeting, actor
    )  # DEC-3: the notice reaches the members of the day
    meeting.status = Meeting.Status.NOTICE_SENT
    save_with_history(meeting, actor=actor, reason="notice sent")
    return _issue_notice(meeting, actor, now, hours)


@errors.refuses_invalid_input
def notice_send(*, actor, meeting: Meeting) -> Notice:
    """DEC-2: the notice reaches every participant at least the notice period ahead."""
    try:
        return _notice_send(actor=actor, meeting=meeting)
    except errors.NoticeTooLate as error:
        _record_compliance(meeting, ComplianceEvent.Kind.LATE_NOTICE, actor, str(error))
        raise


@errors.refuses_invalid_input
@transaction.atomic
def meeting_reschedule(
    *, actor, meeting: Meeting, start: datetime.datetime, place: str = ""
) -> Meeting:
    """A new time (and place); a meeting already noticed gets a new notice (DEC-2)."""
    meeting = (
        Meeting.objects.select_for_update(of=("self",))
        .select_related("township")
        .get(pk=meeting.pk)
    )
    access.require_actor(actor, meeting.township_id, access.TOWNSHIP_STAFF)
    start = _moment(start)
    _raise(dec.meeting_reschedule_refusal(status=meeting.status))
    now = _now()
    noticed = meeting.status == Meeting.Status.NOTICE_SENT
    hours = _check_notice_period(meeting, start, now) if noticed else 0
    meeting.start = start
    if place:
        meeting.place = place
    save_with_history(meeting, actor=actor, reason="meeting rescheduled")
    _sync_participants(meeting, actor)  # DEC-3: the members of the new day
    if noticed:
        _issue_notice(meeting, actor, now, hours)
    return meeting


@errors.refuses_invalid_input
@transaction.atomic
def notice_receipt_record(
    *, actor, meeting: Meeting, participant: Participant | None = None
):
    """DEC-2: a participant opened the notice (a clerk may record it for them)."""
    township_id = meeting.township_id
    access.require_actor(
        actor, township_id, access.READERS - {access.Role.COUNTY_REVIEWER}
    )
    if participant is None or not _is_staff(actor, township_id):
        person = getattr(actor, "person", None) if actor else None
        participant = (
            Participant.objects.filter(meeting=meeting, person=person).first()
            if person
            else None
        )
    if participant is None or participant.meeting_id != meeting.pk:
        raise errors.NotAParticipant()
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
    _raise(dec.receipt_refusal(status=meeting.status))
    receipt = (
        NoticeReceipt.objects.select_for_update(of=("self",))
        .filter(participant=participant)
        .order_by("-notice__version")
        .first()
    )
    if receipt is None:
        raise errors.NoticeNotSent()
    if receipt.opened_at is None:
        receipt.opened_at = _now()
        save_with_history(receipt, actor=actor, reason="notice opened")
    return receipt
