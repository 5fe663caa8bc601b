"""Every change to meetings goes through these services; each enforces its DEC rule.

Each service runs in one transaction and locks (`select_for_update`) the row it decides
on, so two clerks at two tablets cannot both pass the same check. A refusal raises a
`meetings.errors` DomainError and writes nothing (the transaction rolls back); the only
exception is the compliance fact (DEC-2 late notices and agenda changes, DEC-3 quorum
failures), written after the rollback on purpose.
"""

from __future__ import annotations

import contextlib
import contextvars
import datetime
import functools
from collections.abc import Iterable

from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from committees import access, rules
from committees import selectors as org
from committees.models import Body, Person, Township
from committees.services import describe_arithmetic
from core import integrity
from core.history import actor_or_none, save_with_history
from core.outbox import enqueue
from meetings import errors
from meetings import rules as dec
from meetings.models import (
    AgendaItem,
    Attendance,
    Ballot,
    ComplianceEvent,
    Decision,
    EmergencyDecision,
    Material,
    Meeting,
    Minutes,
    MinutesVersion,
    Notice,
    NoticeReceipt,
    Participant,
    PreparationRecord,
)
from meetings.selectors import (  # the reads a service decides on (DEC-3, DEC-9)
    preparation_missing,
    quorum_state,
    secretary_id,
    tally_rows,
    voting_members,
)
from meetings.selectors import present_now as _present

_clock: contextvars.ContextVar = contextvars.ContextVar("meetings_clock", default=None)


def _now() -> datetime.datetime:
    return _clock.get() or timezone.now()


@contextlib.contextmanager
def clock(at: datetime.datetime):
    """Run services as of `at` (demo data of past meetings only; views never use it)."""
    token = _clock.set(at)
    try:
        yield
    finally:
        _clock.reset(token)


# -- helpers ---------------------------------------------------------------------------


def _is_staff(actor, township) -> bool:
    return actor is None or access.has_role(actor, township, access.TOWNSHIP_STAFF)


def _check_quorum(meeting: Meeting, member_ids: set[int], present: set[int]) -> None:
    state = quorum_state(meeting, member_ids, present)
    if not state["met"]:
        raise errors.QuorumNotMet(params={"arithmetic": state["line"]})


def _record_compliance(meeting: Meeting, kind: str, actor, detail: str) -> None:
    """Written after the refusal rolled back: the attempt itself is the compliance fact."""
    with transaction.atomic():
        save_with_history(
            ComplianceEvent(
                township_id=meeting.township_id,
                meeting=meeting,
                kind=kind,
                at=_now(),
                actor=actor,
                detail=detail[:300],
            ),
            actor=actor,
            reason=f"{kind} refused",
        )


def _quorum_failure_recorded(action: str):
    """DEC-3: an opening, vote or close refused below quorum is kept as a compliance fact
    (one per meeting, action and attendance state: pressing the button again while nobody
    arrived or left is the same failure). `action` is "open", "vote" or "close"."""

    def decorate(service):
        @functools.wraps(service)
        def wrapper(*, actor, **kwargs):
            try:
                return service(actor=actor, **kwargs)
            except errors.QuorumNotMet:
                item = kwargs.get("item")
                meeting = kwargs.get("meeting") or item.meeting
                _record_quorum_failure(meeting, actor, action, item)
                raise

        return wrapper

    return decorate


def _record_quorum_failure(meeting, actor, action, item) -> None:
    meeting = Meeting.objects.select_related("township").get(pk=meeting.pk)
    member_ids = {m.person_id for m in voting_members(meeting)}
    with translation.override("zh-hans"):  # kept in Chinese, like the minutes
        what = {
            "open": _("opening the meeting"),
            "vote": _("a vote on “%(item)s”"),
            "close": _("closing “%(item)s”"),
        }[action] % {"item": getattr(item, "title", "")}
        line = quorum_state(meeting, member_ids, _present(meeting))["line"]
        detail = f"{what}：{line}"
    last = (
        ComplianceEvent.objects.filter(
            meeting=meeting, kind=ComplianceEvent.Kind.QUORUM_FAILED
        )
        .order_by("-at", "-pk")
        .first()
    )
    if (
        last is not None
        and last.detail == detail[:300]
        and not Attendance.objects.filter(meeting=meeting, at__gt=last.at).exists()
    ):
        return
    _record_compliance(meeting, ComplianceEvent.Kind.QUORUM_FAILED, actor, detail)


def _raise(refusal) -> None:
    """Raise the refusal a pure rule (`meetings.rules.*_refusal`) returned, if any."""
    if refusal is not None:
        raise refusal


def _agenda_open_for(meeting: Meeting, *, material: bool = False) -> None:
    """DEC-2: the one check of every path that adds an item or a material."""
    _raise(dec.agenda_change_refusal(meeting.status, material=material))


def _agenda_changed(meeting: Meeting, actor) -> None:
    """DEC-2: a new item or material unfixes the agenda: the secretary's office fixes it
    again before the notice goes out."""
    if meeting.agenda_fixed_at:
        meeting.agenda_fixed_at = None
        meeting.agenda_fixed_by = None
        save_with_history(
            meeting, actor=actor, reason="agenda changed: to be fixed again"
        )


def _sync_participants(meeting: Meeting, actor) -> set[int]:
    """DEC-3: the participants follow the members in office on the meeting day.

    Called when the meeting is scheduled, rescheduled, noticed, when someone arrives and
    when it opens (at the latest), so that a member whose term starts after the
    scheduling counts in 应到 AND can arrive. A member added after the notice gets a
    receipt of the latest notice (and its e-mail). A participant whose term ended before
    the day stays on the list (their receipt is a record) but neither counts nor votes:
    the members are always counted from the memberships (`voting_members`).
    Returns the ids of the members on the day."""
    source = org.body_of(
        meeting.township_id,
        Body.Kind.SECRETARY_OFFICE
        if meeting.body.kind == Body.Kind.SECRETARY_OFFICE
        else Body.Kind.COMMITTEE,
    )
    people = {m.person_id for m in org.members_on(source, meeting.day)}
    current = {p.person_id: p for p in Participant.objects.filter(meeting=meeting)}
    notice = Notice.objects.filter(meeting=meeting).order_by("-version").first()
    for person_id in sorted(people):
        participant = current.get(person_id)
        if participant is None:
            participant = save_with_history(
                Participant(
                    township_id=meeting.township_id,
                    meeting=meeting,
                    person_id=person_id,
                ),
                actor=actor,
                reason="participant from the body",
            )
            if notice is not None:
                save_with_history(
                    NoticeReceipt(
                        township_id=meeting.township_id,
                        notice=notice,
                        participant=participant,
                    ),
                    actor=actor,
                    reason="notice sent to a member in office on the day",
                )
                enqueue("meetings.tasks.notice_deliver", notice.pk)
        elif participant.is_invitee:  # an invitee who became a member votes now
            participant.is_invitee = False
            save_with_history(
                participant, actor=actor, reason="invitee in office on the day"
            )
    return people


def _moment(value) -> datetime.datetime:
    """SEC-3: a meeting time is an aware datetime (a naive one has no calendar day)."""
    if not isinstance(value, datetime.datetime) or value.tzinfo is None:
        raise errors.InputInvalid(
            params={"errors": _("A date and time with its time zone is needed.")}
        )
    return value


def _of_township(person: Person | None, township_id: int) -> None:
    """SEC-1: a person named in a township's record is a person of that township."""
    if person is not None and person.township_id != township_id:
        raise errors.PersonNotOfTownship(params={"name": person.name})


def _next_order(meeting: Meeting) -> int:
    return (
        AgendaItem.objects.filter(meeting=meeting).aggregate(m=Max("order"))["m"] or 0
    ) + 1


def _open_meeting_for_reports(township: Township, after) -> Meeting | None:
    """The next deciding meeting whose agenda is still open (not yet noticed)."""
    return (
        Meeting.objects.select_for_update(of=("self",))
        .filter(
            township=township,
            body__kind__in=(Body.Kind.COMMITTEE, Body.Kind.ENLARGED),
            status=Meeting.Status.SCHEDULED,
            start__gt=after,
        )
        .order_by("start")
        .first()
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


def _copy_item(old: AgendaItem, meeting: Meeting, actor) -> AgendaItem:
    _agenda_open_for(meeting)  # DEC-2: as a proposal
    item = save_with_history(
        AgendaItem(
            township_id=meeting.township_id,
            meeting=meeting,
            order=_next_order(meeting),
            title=old.title,
            description=old.description,
            kind=old.kind,
            requires_alternatives=old.requires_alternatives,
            requires_expert=old.requires_expert,
            proposed_by=old.proposed_by,
            postponed_from=old,
            target_decision=old.target_decision,
            change=old.change,
        ),
        actor=actor,
        reason="postponed item carried forward (DEC-6)",
    )
    item.nominees.set(old.nominees.all())
    for record in old.preparation.all():
        save_with_history(
            PreparationRecord(
                township_id=record.township_id,
                item=item,
                step=record.step,
                title=record.title,
                text=record.text,
                attachment=record.attachment,
                recorded_by=record.recorded_by,
                recorded_at=record.recorded_at,
            ),
            actor=actor,
            reason="preparation carried forward",
        )
    _agenda_changed(meeting, actor)
    return item


def _add_report_item(
    emergency: EmergencyDecision, meeting: Meeting, actor
) -> AgendaItem:
    _agenda_open_for(meeting)  # DEC-2: as a proposal
    with translation.override("zh-hans"):
        title = _("Report of an emergency decision: %(what)s") % {
            "what": emergency.what[:120]
        }
    item = save_with_history(
        AgendaItem(
            township_id=meeting.township_id,
            meeting=meeting,
            order=_next_order(meeting),
            title=title[:200],
            description=emergency.why,
            kind=AgendaItem.Kind.EMERGENCY_REPORT,
            emergency_decision=emergency,
            proposed_by=None,
        ),
        actor=actor,
        reason="emergency decision placed on the agenda (DEC-8)",
    )
    _agenda_changed(meeting, actor)
    return item


# -- meetings and agendas (DEC-1, DEC-2) -------------------------------------------------


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
) -> Meeting:
    """A meeting with its participants filled in from the body (invitees never vote)."""
    access.require_actor(actor, township, access.TOWNSHIP_STAFF)
    start = _moment(start)
    invitees = list(invitees)
    for person in [convener, *invitees]:
        _of_township(person, township.pk)
    body = Body.objects.filter(township=township, kind=body_kind).first()
    if body is None:
        raise errors.InputInvalid(
            params={"errors": _("This township has no such body.")}
        )
    meeting = save_with_history(
        Meeting(
            township=township,
            body=body,
            title=title,
            start=start,
            place=place,
            convener=convener,
        ),
        actor=actor,
        reason="meeting scheduled",
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
        raise errors.NomineeRequired()
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


# -- the meeting itself (DEC-3, DEC-6, DEC-9) ---------------------------------------------


@errors.refuses_invalid_input
@_quorum_failure_recorded("open")
@transaction.atomic
def meeting_open(*, actor, meeting: Meeting) -> Meeting:
    """DEC-3: the meeting opens only with more than two-thirds of its members present."""
    meeting = (
        Meeting.objects.select_for_update(of=("self",))
        .select_related("township", "body")
        .get(pk=meeting.pk)
    )
    access.require_actor(actor, meeting.township_id, access.TOWNSHIP_STAFF)
    now = _now()
    state = None
    if meeting.status == Meeting.Status.NOTICE_SENT:
        _sync_participants(meeting, actor)  # DEC-3: at the latest when it opens
        member_ids = {m.person_id for m in voting_members(meeting)}
        present = _present(meeting)
        state = quorum_state(meeting, member_ids, present)
    # DEC-2: no earlier than the notified start (the latest notice's start: a reschedule
    # issues a new notice), or the notice period would mean nothing; DEC-3: quorum.
    _raise(
        dec.meeting_open_refusal(
            status=meeting.status,
            now=now,
            notified_start=_notified_start(meeting),
            decides=meeting.body.decides,
            quorum_met=bool(state and state["met"]),
            quorum_line=state["line"] if state else "",
        )
    )
    with translation.override("zh-hans"):
        line = quorum_state(meeting, member_ids, present)["line"]
    meeting.status = Meeting.Status.OPEN
    meeting.opened_at = now
    meeting.members_count = state["members"]
    meeting.present_at_opening = state["present"]
    meeting.quorum_arithmetic = line
    return save_with_history(meeting, actor=actor, reason="meeting opened")


def _notified_start(meeting: Meeting) -> datetime.datetime:
    """DEC-2: the start the participants were told (the latest notice's; a reschedule
    issues a new one), never earlier than the meeting's own start."""
    notified = (
        Notice.objects.filter(meeting=meeting)
        .order_by("-version")
        .values_list("meeting_start", flat=True)
        .first()
    )
    return max(filter(None, (notified, meeting.start)))


def _participant_or_refuse(meeting: Meeting, person: Person) -> Participant:
    participant = Participant.objects.filter(meeting=meeting, person=person).first()
    if participant is None:
        raise errors.NotAParticipant()
    return participant


@errors.refuses_invalid_input
@transaction.atomic
def attendance_arrive(
    *, actor, meeting: Meeting, person: Person, at=None
) -> Attendance:
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
    access.require_actor(actor, meeting.township_id, access.TOWNSHIP_STAFF)
    if meeting.status not in (Meeting.Status.NOTICE_SENT, Meeting.Status.OPEN):
        raise errors.MeetingNotOpen()
    _sync_participants(meeting, actor)  # DEC-3: a member in office that day may arrive
    _participant_or_refuse(meeting, person)
    return _attendance_record(meeting, person, Attendance.Kind.ARRIVE, at, actor)


def _attendance_record(meeting, person, kind, at, actor) -> Attendance:
    """DEC-3: one arrival or departure, in order (`rules.attendance_refusal`)."""
    now = _now()
    at = at or now
    last = (
        Attendance.objects.filter(meeting=meeting, person=person)
        .order_by("-at", "-id")
        .first()
    )
    refusal = dec.attendance_refusal(
        name=person.name,
        kind=kind,
        at=at,
        last_kind=last.kind if last else None,
        last_at=last.at if last else None,
        meeting_day=meeting.day,
        now=now,
    )
    if refusal is not None:
        raise refusal
    return save_with_history(
        Attendance(
            township_id=meeting.township_id,
            meeting=meeting,
            person=person,
            kind=kind,
            at=at,
            recorded_by=actor_or_none(actor),
        ),
        actor=actor,
        reason="arrival" if kind == Attendance.Kind.ARRIVE else "departure",
    )


@errors.refuses_invalid_input
@transaction.atomic
def attendance_depart(
    *, actor, meeting: Meeting, person: Person, at=None
) -> Attendance:
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
    access.require_actor(actor, meeting.township_id, access.TOWNSHIP_STAFF)
    if meeting.status not in (Meeting.Status.NOTICE_SENT, Meeting.Status.OPEN):
        raise errors.MeetingNotOpen()
    return _attendance_record(meeting, person, Attendance.Kind.DEPART, at, actor)


@errors.refuses_invalid_input
@transaction.atomic
def preparation_add(
    *, actor, item: AgendaItem, step: str, title: str, text: str, attachment=None
) -> PreparationRecord:
    """DEC-9: investigation, options, lower-level opinions, expert assessment of a major item."""
    item = AgendaItem.objects.select_for_update().get(pk=item.pk)
    access.require_actor(actor, item.township_id, access.TOWNSHIP_STAFF)
    if not item.needs_preparation:
        raise errors.NotMajorItem()
    if item.status != AgendaItem.Status.PENDING:
        raise errors.ItemClosed()
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


def _locked_item(item: AgendaItem) -> AgendaItem:
    # Lock the item: ballots and the close are serialised on it, so the stored tally
    # always equals the stored ballots and one member cannot be entered twice (DEC-6).
    # The meeting row is locked too, as attendance_arrive/depart lock it: the live
    # quorum read before a vote cannot race a departure (DEC-3). The township and body
    # rows are only read.
    return (
        AgendaItem.objects.select_for_update(of=("self", "meeting"))
        .select_related("meeting", "meeting__body", "meeting__township")
        .get(pk=item.pk)
    )


def _is_revoked(decision_id: int | None) -> bool:
    return (
        decision_id is not None
        and Decision.objects.filter(
            changes_id=decision_id, change=AgendaItem.Change.REVOKE
        ).exists()
    )


def _check_not_revoked(item: AgendaItem) -> None:
    """DEC-10: a decision is revoked once; a revoked decision is not changed again."""
    if item.kind == AgendaItem.Kind.RECONSIDERATION and _is_revoked(
        item.target_decision_id
    ):
        raise errors.DecisionAlreadyRevoked()


def _missing(item: AgendaItem) -> list[str]:
    """DEC-9: the preparation steps of `item` still missing (loaded, then pure)."""
    return preparation_missing(
        item, PreparationRecord.objects.filter(item=item).values_list("step", flat=True)
    )


def _check_preparation(item: AgendaItem) -> None:
    """DEC-9: a major item is neither voted nor closed before each step is on record
    (closing it unprepared would seal a rejected decision without a vote)."""
    missing = _missing(item)
    if missing:
        raise errors.PreparationIncomplete(params={"missing": "、".join(missing)})


@errors.refuses_invalid_input
@_quorum_failure_recorded("vote")
@transaction.atomic
def ballot_cast(
    *,
    actor,
    item: AgendaItem,
    voter: Person,
    choice: str,
    nominee: Person | None = None,
) -> Ballot:
    """DEC-6: one ballot per present member per item; no proxies; secretary last on personnel."""
    item = _locked_item(item)
    meeting = item.meeting
    access.require_actor(
        actor, item.township_id, access.TOWNSHIP_STAFF | {access.Role.MEMBER}
    )
    _raise(
        dec.ballot_refusal(
            decides=meeting.body.decides,
            meeting_status=meeting.status,
            item_status=item.status,
            is_voted=item.is_voted,
        )
    )
    if not _is_staff(actor, item.township_id):
        # A member enters their own ballot only; a clerk may enter for a show of hands.
        if getattr(getattr(actor, "person", None), "pk", None) != voter.pk:
            raise errors.NoProxyVote()
    _check_preparation(item)
    _check_not_revoked(item)
    memberships = voting_members(meeting)
    member_ids = {m.person_id for m in memberships}
    present = _present(meeting)
    _check_quorum(meeting, member_ids, present)  # DEC-3: live, before each vote
    if voter.pk not in member_ids:
        raise errors.NotAVoter(params={"name": voter.name})
    if voter.pk not in present:
        raise errors.VoterAbsent(params={"name": voter.name})
    personnel = item.kind == AgendaItem.Kind.PERSONNEL
    allowed = Ballot.PERSONNEL_CHOICES if personnel else Ballot.ORDINARY_CHOICES
    if choice not in allowed:
        raise errors.WrongChoice()
    if personnel:
        if nominee is None or not item.nominees.filter(pk=nominee.pk).exists():
            raise errors.NomineeRequired()
    else:
        nominee = None
    if Ballot.objects.filter(item=item, voter=voter, nominee=nominee).exists():
        raise errors.DuplicateBallot(params={"name": voter.name})
    if personnel:
        # DEC-6: the secretary last, and nothing after the secretary, on the whole item.
        chair_id = secretary_id(memberships)
        cast = set(
            Ballot.objects.filter(item=item).values_list("voter_id", "nominee_id")
        )
        nominee_ids = list(item.nominees.values_list("pk", flat=True))
        others = (member_ids & present) - {chair_id}
        refusal = dec.secretary_last_refusal(
            voter_is_secretary=voter.pk == chair_id,
            secretary_has_cast=any(v == chair_id for v, _n in cast),
            waiting=sum(
                1 for pid in others if any((pid, n) not in cast for n in nominee_ids)
            ),
        )
        if refusal is not None:
            raise refusal
    ballot = Ballot(
        township_id=item.township_id,
        item=item,
        voter=voter,
        nominee=nominee,
        choice=choice,
        entered_by=actor_or_none(actor),
        cast_at=_now(),
    )
    try:
        with transaction.atomic():
            ballot.full_clean(validate_constraints=False)
            ballot._history_user = actor_or_none(actor)
            ballot._change_reason = "ballot cast"
            ballot.save()
    except IntegrityError:  # the constraint is the last word
        raise errors.DuplicateBallot(params={"name": voter.name}) from None
    return ballot


def _threshold_kind(item: AgendaItem) -> str:
    return {
        AgendaItem.Kind.PERSONNEL: "personnel",
        AgendaItem.Kind.MAJOR: "major",
        AgendaItem.Kind.RECONSIDERATION: "reconsideration",
    }.get(item.kind, "ordinary")


@errors.refuses_invalid_input
@_quorum_failure_recorded("close")
@transaction.atomic
def item_close(*, actor, item: AgendaItem, discussion: str = "") -> AgendaItem:
    """Close an item: compute the outcome with the rule set in force on the meeting day
    (DEC-4: more than 2/3 of ALL members; DEC-5: more than 1/2 of all members) and store
    the tally, the rule-set version and the arithmetic. DEC-1 bodies record discussion only."""
    item = _locked_item(item)
    meeting = item.meeting
    access.require_actor(actor, item.township_id, access.TOWNSHIP_STAFF)
    # DEC-9: the gate applies to closing too (an unprepared major item is not closed
    # into a sealed rejection without a vote).
    _raise(
        dec.item_close_refusal(
            decides=meeting.body.decides,
            meeting_status=meeting.status,
            item_status=item.status,
            is_voted=item.is_voted,
            missing=_missing(item),
        )
    )
    now = _now()
    if not meeting.body.decides or not item.is_voted:
        item.discussion = discussion
        item.status = AgendaItem.Status.CLOSED
        save_with_history(item, actor=actor, reason="item heard")
        if item.emergency_decision_id:
            emergency = EmergencyDecision.objects.select_for_update().get(
                pk=item.emergency_decision_id
            )
            emergency.reported_at = now
            save_with_history(emergency, actor=actor, reason="reported (DEC-8)")
        return item
    target = None
    if item.kind == AgendaItem.Kind.RECONSIDERATION and item.target_decision_id:
        # Lock the decision it changes: two reconsiderations closed at once cannot
        # both revoke it (DEC-10).
        target = Decision.objects.select_for_update().get(pk=item.target_decision_id)
        _check_not_revoked(item)
    memberships = voting_members(meeting)
    member_ids = {m.person_id for m in memberships}
    present = _present(meeting)
    _check_quorum(meeting, member_ids, present)
    rule_set, thresholds = org.thresholds_on(meeting.township, meeting.day)
    threshold = thresholds[_threshold_kind(item)]
    members = len(member_ids)
    present_count = len(member_ids & present)
    preface = ""
    if target is not None:
        # DEC-10: never looser than the rule of the decision it changes.
        original = thresholds[_threshold_kind(target)]
        reconsideration = threshold
        threshold = dec.stricter_threshold(
            reconsideration, original, members, present_count
        )
        with translation.override("zh-hans"):
            preface = _(
                "The reconsideration rule (%(rule)s, %(needed)s votes needed) is not "
                "looser than the rule of the original decision (%(kind)s: %(original)s, "
                "%(original_needed)s votes needed); the stricter applies:"
            ) % {
                "rule": rules.describe_zh(reconsideration),
                "needed": reconsideration.needed(members, present_count),
                "kind": AgendaItem.Kind(target.kind).label,
                "original": rules.describe_zh(original),
                "original_needed": original.needed(members, present_count),
            }
    ballots = list(Ballot.objects.filter(item=item))
    nominees = (
        list(item.nominees.order_by("name"))
        if item.kind == AgendaItem.Kind.PERSONNEL
        else []
    )
    rows = []
    with translation.override("zh-hans"):
        for row in tally_rows(item, ballots, nominees):
            counts = row["counts"]
            yes = sum(counts[c] for c in Ballot.APPROVING)
            passed = threshold.met(yes, members, present_count)
            rows.append(
                {
                    "nominee": row["nominee"].name if row["nominee"] else "",
                    "nominee_id": row["nominee"].pk if row["nominee"] else None,
                    "counts": {
                        k: v
                        for k, v in counts.items()
                        if v
                        or k
                        in (
                            Ballot.PERSONNEL_CHOICES
                            if nominees
                            else Ballot.ORDINARY_CHOICES
                        )
                    },
                    "shown": " ".join(
                        f"{Ballot.Choice(k).label} {v}"
                        for k, v in counts.items()
                        if k
                        in (
                            Ballot.PERSONNEL_CHOICES
                            if nominees
                            else Ballot.ORDINARY_CHOICES
                        )
                    ),
                    "yes": yes,
                    "passed": passed,
                    "arithmetic": describe_arithmetic(
                        threshold, yes, members, present_count
                    ),
                }
            )
        rule_text = rules.describe_zh(threshold)
        arithmetic = "\n".join(
            ([preface] if preface else [])
            + [
                (f"{r['nominee']}：" if r["nominee"] else "") + r["arithmetic"]
                for r in rows
            ]
        )
    outcome = Decision.Outcome(dec.outcome([r["passed"] for r in rows]))
    decision = Decision(
        township_id=item.township_id,
        meeting=meeting,
        body=meeting.body,
        item=item,
        title=item.title,
        kind=item.kind,
        outcome=outcome,
        tally={"rows": rows, "ballots": len(ballots)},
        members_count=members,
        present_count=present_count,
        rule_set=rule_set,
        rule_set_version=rule_set.version if rule_set else 0,
        rule_text=rule_text,
        arithmetic=arithmetic,
        decided_at=now,
    )
    if (
        item.kind == AgendaItem.Kind.RECONSIDERATION
        and outcome == Decision.Outcome.PASSED
    ):
        decision.changes_id = item.target_decision_id  # DEC-10: names the original
        decision.change = item.change
    save_with_history(decision, actor=actor, reason="item closed: decision recorded")
    integrity.seal(decision)  # AUD-2: the decision with its ballots
    item.status = AgendaItem.Status.CLOSED
    save_with_history(item, actor=actor, reason="item closed")
    return item


@errors.refuses_invalid_input
@transaction.atomic
def item_postpone(*, actor, item: AgendaItem) -> AgendaItem:
    """DEC-6: 暂缓表决 — the item comes back on a later agenda."""
    item = _locked_item(item)
    access.require_actor(actor, item.township_id, access.TOWNSHIP_STAFF)
    _raise(
        dec.item_postpone_refusal(
            meeting_status=item.meeting.status,
            item_status=item.status,
            is_voted=item.is_voted,
        )
    )
    item.status = AgendaItem.Status.POSTPONED
    save_with_history(item, actor=actor, reason="vote postponed (暂缓表决)")
    later = _open_meeting_for_reports(item.meeting.township, item.meeting.start)
    revoked = item.kind == AgendaItem.Kind.RECONSIDERATION and _is_revoked(
        item.target_decision_id
    )
    if later is not None and not revoked:  # DEC-10: a revoked decision is not changed
        _copy_item(item, later, actor)
    return item


@errors.refuses_invalid_input
@transaction.atomic
def meeting_close(*, actor, meeting: Meeting) -> Meeting:
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
    access.require_actor(actor, meeting.township_id, access.TOWNSHIP_STAFF)
    _raise(
        dec.meeting_close_refusal(
            status=meeting.status,
            pending=AgendaItem.objects.filter(
                meeting=meeting, status=AgendaItem.Status.PENDING
            ).count(),
        )
    )
    meeting.status = Meeting.Status.CLOSED
    meeting.closed_at = _now()
    save_with_history(meeting, actor=actor, reason="meeting closed")
    integrity.seal(meeting)  # AUD-2: the meeting with its attendance
    return meeting


# -- emergency decisions (DEC-8) ---------------------------------------------------------


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


# -- minutes (DEC-11) ----------------------------------------------------------------------


@errors.refuses_invalid_input
@transaction.atomic
def minutes_draft(*, actor, meeting: Meeting, text: str) -> MinutesVersion:
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
    access.require_actor(actor, meeting.township_id, access.TOWNSHIP_STAFF)
    if meeting.status != Meeting.Status.CLOSED:
        raise errors.MinutesBeforeClose()
    minutes = Minutes.objects.filter(meeting=meeting).first() or save_with_history(
        Minutes(township_id=meeting.township_id, meeting=meeting),
        actor=actor,
        reason="minutes started",
    )
    latest = MinutesVersion.objects.select_for_update().filter(minutes=minutes).first()
    if latest is None:
        latest = MinutesVersion(
            township_id=meeting.township_id,
            minutes=minutes,
            number=1,
            drafted_by=actor_or_none(actor),
            drafted_at=_now(),
        )
    elif latest.status != MinutesVersion.Status.DRAFT:
        raise errors.MinutesNotDraft()
    latest.text = text
    return save_with_history(latest, actor=actor, reason="minutes drafted")


def _locked_version(version: MinutesVersion) -> MinutesVersion:
    return MinutesVersion.objects.select_for_update().get(pk=version.pk)


@errors.refuses_invalid_input
@transaction.atomic
def minutes_sign(*, actor, version: MinutesVersion) -> MinutesVersion:
    """DEC-11: the secretary signs the draft off."""
    version = _locked_version(version)
    access.require_actor(actor, version.township_id, access.SECRETARY_ONLY)
    if version.status != MinutesVersion.Status.DRAFT:
        raise errors.MinutesNotDraft()
    version.status = MinutesVersion.Status.SIGNED
    version.signed_by = actor_or_none(actor)
    version.signed_at = _now()
    return save_with_history(version, actor=actor, reason="minutes signed off")


@errors.refuses_invalid_input
@transaction.atomic
def minutes_lock(*, actor, version: MinutesVersion) -> MinutesVersion:
    """DEC-11: locked after sign-off; the PDF is rendered by a task after commit."""
    version = _locked_version(version)
    access.require_actor(actor, version.township_id, access.SECRETARY_ONLY)
    if version.status != MinutesVersion.Status.SIGNED:
        raise errors.MinutesNotSigned()
    version.status = MinutesVersion.Status.LOCKED
    version.locked_at = _now()
    save_with_history(version, actor=actor, reason="minutes locked")
    integrity.seal(version)  # AUD-2
    enqueue("meetings.tasks.minutes_pdf_render", version.pk)
    return version


@errors.refuses_invalid_input
@transaction.atomic
def minutes_correct(
    *, actor, version: MinutesVersion, text: str, reason: str
) -> MinutesVersion:
    """DEC-11: a correction is a new version with a reason; the old one stays readable."""
    version = _locked_version(version)
    access.require_actor(actor, version.township_id, access.TOWNSHIP_STAFF)
    latest = MinutesVersion.objects.filter(minutes_id=version.minutes_id).first()
    if version.status != MinutesVersion.Status.LOCKED or latest.pk != version.pk:
        raise errors.MinutesNotLocked()
    if not reason.strip():
        raise errors.ReasonRequired()
    return save_with_history(
        MinutesVersion(
            township_id=version.township_id,
            minutes_id=version.minutes_id,
            number=version.number + 1,
            text=text,
            correction_reason=reason,
            drafted_by=actor_or_none(actor),
            drafted_at=_now(),
        ),
        actor=actor,
        reason=f"correction: {reason}"[:100],
    )


def minutes_pdf_store(*, version_id: int) -> bool:
    """Render and store the PDF of a locked version (idempotent; called by the task).

    Rendering takes seconds (29 s once on a loaded machine), so it runs without a row
    lock: a locked version never changes (a correction is a new version), so what is
    read here is what the PDF must print. Only the store takes the lock, re-checking
    that no other run stored a PDF meanwhile; a second run renders nothing.
    """
    from django.core.files.base import ContentFile

    from core.pdf import render_pdf
    from meetings import selectors

    version = MinutesVersion.objects.filter(
        pk=version_id, status=MinutesVersion.Status.LOCKED
    ).first()
    if version is None or version.pdf:
        return False
    with translation.override("zh-hans"):
        context = selectors.minutes_context(version)
        data = render_pdf("meetings/pdf/minutes.html", context)
    with transaction.atomic():
        # Lock only to store: two runs may render at once, one stores.
        version = (
            MinutesVersion.objects.select_for_update()
            .filter(pk=version_id, status=MinutesVersion.Status.LOCKED)
            .first()
        )
        if version is None or version.pdf:
            return False
        version.pdf.save(
            f"minutes-{version.minutes.meeting_id}-v{version.number}.pdf",
            ContentFile(data),
            save=False,
        )
        save_with_history(version, actor=None, reason="minutes PDF rendered")
    return True
