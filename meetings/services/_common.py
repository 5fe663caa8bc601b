"""What the stages of a meeting share: the services' clock, the one DEC-2 check of
every addition to an agenda, the participants of the day (DEC-3), the compliance facts
written after a refusal, and the small checks several stages make."""

from __future__ import annotations

import contextlib
import contextvars
import datetime
import functools

from django.db import transaction
from django.db.models import Max
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from committees import access
from committees import selectors as org
from committees.models import Body, Person, Township
from core.history import save_with_history
from core.outbox import enqueue
from meetings import errors
from meetings import rules as dec
from meetings.models import (
    AgendaItem,
    Attendance,
    ComplianceEvent,
    Decision,
    EmergencyDecision,
    Meeting,
    Notice,
    NoticeReceipt,
    Participant,
    PreparationRecord,
)
from meetings.selectors import (  # the reads a service decides on (DEC-3, DEC-9)
    preparation_missing,
    quorum_state,
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
    # The notice in force (none while the agenda is open: the next notice reaches all).
    notice = (
        Notice.objects.filter(meeting=meeting).order_by("-version").first()
        if meeting.status in (Meeting.Status.NOTICE_SENT, Meeting.Status.OPEN)
        else None
    )
    late_receipts = False
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
                late_receipts = True
        elif participant.is_invitee:  # an invitee who became a member votes now
            participant.is_invitee = False
            save_with_history(
                participant, actor=actor, reason="invitee in office on the day"
            )
    if late_receipts:  # e-mailed after commit, to those not yet e-mailed
        enqueue("meetings.tasks.notice_deliver", notice.pk)
    return people


def _moment(value) -> datetime.datetime:
    """SEC-3: a meeting time is an aware datetime (a naive one has no calendar day)."""
    if not isinstance(value, datetime.datetime) or value.tzinfo is None:
        raise errors.RecordInvalid(
            params={"problems": _("A date and time with its time zone is needed.")}
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
