"""The meeting itself: opening (DEC-2 start, DEC-3 quorum), attendance, ballots (DEC-6),
closing each item with its tally (DEC-4, DEC-5, DEC-9, DEC-10), closing the meeting."""

from __future__ import annotations

from django.db import IntegrityError, transaction
from django.utils import translation
from django.utils.translation import gettext as _

from committees import access, rules
from committees import selectors as org
from committees.models import Person
from committees.services import describe_arithmetic
from core import integrity
from core.history import actor_or_none, save_with_history
from meetings import errors, recusals, revocations
from meetings import rules as dec
from meetings.models import (
    AgendaItem,
    Attendance,
    Ballot,
    Decision,
    EmergencyDecision,
    Meeting,
    Participant,
)
from meetings.selectors import present_now as _present
from meetings.selectors import (  # the reads a service decides on (DEC-3, DEC-9)
    quorum_state,
    secretary_id,
    tally_rows,
    voting_members,
)
from meetings.services._common import (
    _check_not_revoked,
    _check_preparation,
    _check_quorum,
    _copy_item,
    _is_revoked,
    _is_staff,
    _locked_item,
    _missing,
    _notified_start,
    _now,
    _open_meeting_for_reports,
    _quorum_failure_recorded,
    _raise,
    _sync_participants,
)


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
    _raise(dec.attendance_stage_refusal(status=meeting.status))
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
    _raise(dec.attendance_stage_refusal(status=meeting.status))
    return _attendance_record(meeting, person, Attendance.Kind.DEPART, at, actor)


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
    # PRJ-3 (政府采购法实施条例第九条): a member who must step aside does not vote on the
    # item. Only the ballot is refused: the thresholds are not changed, the member still
    # counts among the members in office (应到) — the conservative reading, since DEC-4/
    # DEC-5 count "all members" and a recusal must never make an item easier to pass.
    _raise(
        dec.recusal_refusal(
            voter_id=voter.pk, name=voter.name, recused=recusals.recused(item)
        )
    )
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


@errors.refuses_invalid_input
@transaction.atomic
def ballot_correct(*, actor, ballot: Ballot, choice: str, reason: str) -> Ballot:
    """DEC-6: the clerk corrects a mis-entered ballot while its item is still being
    voted, with a reason; the earlier choice stays in the history. Never after the item
    is closed (its tally is sealed with the ballots) or postponed; on a personnel item,
    once the secretary has stated their view, only the secretary's ballot is corrected."""
    item_id = Ballot.objects.values_list("item_id", flat=True).get(pk=ballot.pk)
    item = _locked_item(AgendaItem(pk=item_id))
    ballot = (
        Ballot.objects.select_for_update().select_related("voter").get(pk=ballot.pk)
    )
    meeting = item.meeting
    access.require_actor(actor, item.township_id, access.TOWNSHIP_STAFF)
    personnel = item.kind == AgendaItem.Kind.PERSONNEL
    allowed = Ballot.PERSONNEL_CHOICES if personnel else Ballot.ORDINARY_CHOICES
    chair_id = secretary_id(voting_members(meeting)) if personnel else None
    _raise(
        dec.ballot_correct_refusal(
            meeting_status=meeting.status,
            item_status=item.status,
            reason=reason,
            choice_allowed=choice in allowed,
            unchanged=choice == ballot.choice,
            name=ballot.voter.name,
            choice_label=ballot.get_choice_display(),
            personnel=personnel,
            of_secretary=chair_id is not None and ballot.voter_id == chair_id,
            secretary_has_cast=chair_id is not None
            and Ballot.objects.filter(item=item, voter_id=chair_id).exists(),
        )
    )
    # PRJ-3: a ballot of a member who must step aside (marked after it was cast) is not
    # changed into another vote of theirs.
    _raise(
        dec.recusal_refusal(
            voter_id=ballot.voter_id,
            name=ballot.voter.name,
            recused=recusals.recused(item),
        )
    )
    ballot.choice = choice
    ballot.correction_reason = reason.strip()[:300]
    ballot.corrected_by = actor_or_none(actor)
    ballot.corrected_at = _now()
    return save_with_history(ballot, actor=actor, reason="ballot corrected (DEC-6)")


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
    if decision.changes_id:
        revocations.decision_changes_another(decision)  # DEC-10: what stands on it
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
