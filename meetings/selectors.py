"""Reads of the decision-making mechanism: screens, the register, compliance figures.

Compliance selectors (DEC-2, DEC-7, DEC-8) return a `Figure`: the number AND the records
behind it, so the secretary's home page and later the county dashboard can drill down.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from committees import rules as org_rules
from committees import selectors as org
from committees.models import Body, Membership, Township
from core.display import display_name
from meetings import recusals, rules
from meetings.models import (
    AgendaItem,
    Attendance,
    Ballot,
    ComplianceEvent,
    Decision,
    EmergencyDecision,
    Meeting,
    MinutesVersion,
    NoticeReceipt,
    Participant,
    PreparationRecord,
)
from meetings.rules import present_ids

DECIDING = (Body.Kind.COMMITTEE, Body.Kind.ENLARGED)

# DEC-9: the procedure's order (investigation, options, lower-level opinions, expert).
STEP_ORDER = {step: n for n, step in enumerate(PreparationRecord.Step.values)}

# The badge of each ballot choice: approval green, refusal red, abstain/defer amber.
CHOICE_TONE = {
    Ballot.Choice.YES: "ok",
    Ballot.Choice.AGREE: "ok",
    Ballot.Choice.NO: "bad",
    Ballot.Choice.DISAGREE: "bad",
    Ballot.Choice.ABSTAIN: "warn",
    Ballot.Choice.DEFER: "warn",
}


def person_name(user) -> str:
    """A user as people know them (their person's name; `core.display`)."""
    return display_name(user)


@dataclass
class Figure:
    count: int
    records: list = field(default_factory=list)


# -- the reads a decision rests on (DEC-3, DEC-6, DEC-9): the services use them too -------


def voting_members(meeting: Meeting) -> list[Membership]:
    """DEC-3: "members" = voting committee members in office on the meeting day.

    An enlarged meeting is the committee plus invitees: only the committee votes.
    """
    return list(org.committee_members_on(meeting.township, meeting.day))


def secretary_id(memberships: list[Membership]) -> int | None:
    """The committee's secretary among `memberships` (DEC-6: they state their view last)."""
    for membership in memberships:
        if membership.role == Membership.Role.SECRETARY:
            return membership.person_id
    return None


def present_now(meeting: Meeting) -> set[int]:
    """DEC-3: who is present now, from the attendance events (`rules.present_ids`)."""
    return present_ids(Attendance.objects.filter(meeting=meeting).order_by("at", "id"))


def quorum_line(threshold: org_rules.Threshold, present: int, members: int) -> str:
    """出席 11 人 / 应到 15 人，超过应到会委员三分之二 — 达到 (printed as it is)."""
    verdict = (
        _("quorum met")
        if threshold.met(present, members, present)
        else _("below quorum")
    )
    return _(
        "Present %(present)s / members %(members)s, needed %(needed)s (%(rule)s): %(verdict)s"
    ) % {
        "present": present,
        "members": members,
        "needed": threshold.needed(members, present),
        "rule": org_rules.describe_zh(threshold),
        "verdict": verdict,
    }


def quorum_state(meeting: Meeting, member_ids: set[int], present: set[int]) -> dict:
    """The live quorum (DEC-3) from already loaded members and attendance."""
    _rule_set, thresholds = org.thresholds_on(meeting.township, meeting.day)
    threshold = thresholds["quorum"]
    count = len(member_ids & present)
    members = len(member_ids)
    return {
        "present": count,
        "members": members,
        "needed": threshold.needed(members, count),
        "met": threshold.met(count, members, count),
        "line": quorum_line(threshold, count, members),
    }


def preparation_missing(item: AgendaItem, steps) -> list[str]:
    """DEC-9: the steps still missing for `item` (`rules.preparation_missing`)."""
    return rules.preparation_missing(
        steps,
        needs_preparation=item.needs_preparation,
        requires_alternatives=item.requires_alternatives,
        requires_expert=item.requires_expert,
    )


def tally_rows(item: AgendaItem, ballots, nominees) -> list[dict]:
    """Counts per nominee (one row for an ordinary item): `rules.tally`."""
    people = list(nominees) or [None]
    counts = rules.tally(
        ((b.nominee_id, b.choice) for b in ballots),
        [p.pk if p else None for p in people],
        Ballot.Choice.values,
    )
    return [
        {"nominee": person, "counts": row}
        for person, row in zip(people, counts, strict=True)
    ]


def ballot_summary(item: AgendaItem) -> list[str]:
    """The ballots of `item` so far, one line per nominee (one line for an ordinary
    item): what the clerk sees before closing it."""
    ballots = list(item.ballots.all())
    nominees = (
        list(item.nominees.order_by("name"))
        if item.kind == AgendaItem.Kind.PERSONNEL
        else []
    )
    choices = Ballot.PERSONNEL_CHOICES if nominees else Ballot.ORDINARY_CHOICES
    lines = []
    for row in tally_rows(item, ballots, nominees):
        counts = "、".join(f"{c.label} {row['counts'][c]}" for c in choices)
        who = f"{row['nominee'].name}：" if row["nominee"] else ""
        lines.append(
            _("%(who)s%(counts)s (%(total)s ballots)")
            % {"who": who, "counts": counts, "total": sum(row["counts"].values())}
        )
    return lines


def meetings_of(township: Township) -> QuerySet[Meeting]:
    return Meeting.objects.filter(township=township).select_related("body", "convener")


def preparation_gaps(meeting: Meeting) -> list[tuple[AgendaItem, list[str]]]:
    """DEC-9: the meeting's major items whose preparation is incomplete, each with the
    steps still missing (what fixing the agenda warns about)."""
    items = (
        AgendaItem.objects.filter(meeting=meeting, kind=AgendaItem.Kind.MAJOR)
        .prefetch_related("preparation")
        .order_by("order")
    )
    gaps = []
    for item in items:
        missing = preparation_missing(item, [r.step for r in item.preparation.all()])
        if missing:
            gaps.append((item, missing))
    return gaps


def meeting_detail(meeting: Meeting) -> dict:
    """Agenda with its preparation checklist, notices and receipts (fixed query count)."""
    items = list(
        AgendaItem.objects.filter(meeting=meeting)
        .prefetch_related("nominees", "preparation")
        .select_related("target_decision", "emergency_decision")
        .order_by("order")
    )
    rows = []
    for item in items:
        # DEC-9: listed in the order of the procedure, then as recorded.
        records = sorted(
            item.preparation.all(),
            key=lambda r: (STEP_ORDER.get(r.step, len(STEP_ORDER)), r.recorded_at),
        )
        rows.append(
            {
                "item": item,
                "records": records,
                "missing": preparation_missing(item, [r.step for r in records]),
            }
        )
    participants = list(
        Participant.objects.filter(meeting=meeting).select_related("person")
    )
    notices = list(meeting.notices.order_by("-version"))
    receipts = []
    if notices:
        receipts = list(
            NoticeReceipt.objects.filter(notice=notices[0])
            .select_related("participant__person")
            .order_by("participant__person__name")
        )
    return {
        "items": rows,
        "participants": participants,
        "notices": notices,
        "receipts": receipts,
        "opened_count": sum(1 for r in receipts if r.opened_at),
    }


def _attach_ballot_users(items) -> None:
    """The few users who entered or corrected the items' ballots (with their persons), read
    once each and attached to every ballot: not a user and a person built per ballot (a
    15 × 20 meeting has 300 ballots and one or two clerks)."""
    ballots = [ballot for item in items for ballot in item.ballots.all()]
    ids = {b.entered_by_id for b in ballots} | {b.corrected_by_id for b in ballots}
    ids.discard(None)
    users = (
        get_user_model().objects.select_related("person").in_bulk(ids) if ids else {}
    )
    for ballot in ballots:
        if ballot.entered_by_id is not None:
            ballot.entered_by = users[ballot.entered_by_id]
        if ballot.corrected_by_id is not None:
            ballot.corrected_by = users[ballot.corrected_by_id]


def meeting_screen(meeting: Meeting) -> dict:
    """The live screen: attendance, live quorum, every item with its ballots and tally.

    The number of queries does not depend on the number of members or items.
    """
    memberships = voting_members(meeting)
    member_ids = {m.person_id for m in memberships}
    chair_id = secretary_id(memberships)
    participants = list(
        Participant.objects.filter(meeting=meeting).select_related("person")
    )
    events = list(Attendance.objects.filter(meeting=meeting).order_by("at", "id"))
    present = present_ids(events)
    last_event = {}
    for event in events:
        last_event[event.person_id] = event
    quorum = quorum_state(meeting, member_ids, present)
    items = list(
        AgendaItem.objects.filter(meeting=meeting)
        .select_related("decision")
        .prefetch_related(
            "nominees",
            "preparation",
            "ballots",
        )
        .order_by("order")
    )
    _attach_ballot_users(items)
    # DEC-6: every voting member stays in the ballot list; an absent one is marked
    # absent (absent members do not vote). The secretary's row comes last, as on the floor.
    voters = [p.person for p in participants if p.person_id in member_ids]
    voters.sort(key=lambda person: (person.pk == chair_id, person.name))
    # PRJ-3: who must step aside on which item (one ask for all items, not one per item).
    stepping_aside = recusals.recused_on(items)
    rows = []
    for item in items:
        ballots = list(item.ballots.all())
        recused = stepping_aside.get(item.pk, {})
        nominees = (
            list(item.nominees.all()) if item.kind == AgendaItem.Kind.PERSONNEL else []
        )
        by_key = {(b.voter_id, b.nominee_id): b for b in ballots}
        # DEC-6: once the secretary has spoken on a personnel item, only the
        # secretary's own ballot is still corrected (rules.ballot_correct_refusal).
        secretary_cast = bool(nominees) and any(b.voter_id == chair_id for b in ballots)
        missing = preparation_missing(item, [r.step for r in item.preparation.all()])
        groups = []
        for nominee in nominees or [None]:
            votes = []
            for voter in voters:
                ballot = by_key.get((voter.pk, nominee.pk if nominee else None))
                votes.append(
                    {
                        "voter": voter,
                        "ballot": ballot,
                        "present": voter.pk in present,
                        # PRJ-3: 回避 with the reason, no ballot buttons (ballot_cast
                        # refuses); still counted among the members (应到).
                        "recused": recused.get(voter.pk, ""),
                        "is_secretary": voter.pk == chair_id,
                        "tone": CHOICE_TONE.get(ballot.choice, "") if ballot else "",
                        "entered_by": person_name(ballot.entered_by) if ballot else "",
                        "corrected_by": person_name(ballot.corrected_by)
                        if ballot and ballot.corrected_by_id
                        else "",
                        "correctable": bool(ballot)
                        and voter.pk not in recused
                        and (not secretary_cast or voter.pk == chair_id),
                    }
                )
            groups.append({"nominee": nominee, "votes": votes})
        rows.append(
            {
                "item": item,
                "groups": groups,
                "missing": missing,
                "tally": tally_rows(item, ballots, nominees),
                "ballot_count": len(ballots),
                "choices": Ballot.PERSONNEL_CHOICES
                if nominees
                else Ballot.ORDINARY_CHOICES,
                "decision": getattr(item, "decision", None),
            }
        )
    attendance = [
        {
            "participant": p,
            "is_member": p.person_id in member_ids,
            "present": p.person_id in present,
            "last": last_event.get(p.person_id),
        }
        for p in participants
    ]
    return {
        "quorum": quorum,
        "attendance": attendance,
        "items": rows,
        "events": events,
    }


def decision_register(township: Township) -> QuerySet[Decision]:
    return (
        Decision.objects.filter(township=township)
        .select_related("meeting", "body", "changes", "rule_set")
        .prefetch_related("changed_by")
        .order_by("-decided_at")
    )


def minutes_context(version: MinutesVersion) -> dict:
    """Everything the minutes PDF prints (DEC-11): participants, attendance, quorum, items."""
    meeting = Meeting.objects.select_related("township", "body", "convener").get(
        pk=version.minutes.meeting_id
    )
    memberships = voting_members(meeting)
    member_ids = {m.person_id for m in memberships}
    participants = list(
        Participant.objects.filter(meeting=meeting).select_related("person")
    )
    events = list(
        Attendance.objects.filter(meeting=meeting)
        .select_related("person")
        .order_by("at", "id")
    )
    present_ever = {e.person_id for e in events if e.kind == Attendance.Kind.ARRIVE}
    absent = [
        p.person
        for p in participants
        if p.person_id in member_ids and p.person_id not in present_ever
    ]
    items = list(
        AgendaItem.objects.filter(meeting=meeting)
        .select_related("decision")
        .order_by("order")
    )
    signer_name = display_name(version.signed_by)
    return {
        "version": version,
        "signer": signer_name,
        "meeting": meeting,
        "members": [p for p in participants if not p.is_invitee],
        "invitees": [p for p in participants if p.is_invitee],
        "events": events,
        "absent": absent,
        "items": [
            {
                "item": i,
                "decision": getattr(i, "decision", None),
                "postponed": i.status == AgendaItem.Status.POSTPONED,
                # The nominee column belongs to personnel items only.
                "personnel": i.kind == AgendaItem.Kind.PERSONNEL,
            }
            for i in items
        ],
        "member_count": len(member_ids),
    }


# -- compliance (DEC-2, DEC-7, DEC-8) -----------------------------------------------------


def _months(start: datetime.date, end: datetime.date) -> list[tuple[int, int]]:
    months = []
    year, month = start.year, start.month
    while (year, month) <= (end.year, end.month):
        months.append((year, month))
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return months


def months_without_committee_meeting(
    township: Township, start: datetime.date, end: datetime.date
) -> Figure:
    """DEC-7: calendar months from `start` to `end` with no committee meeting held.

    Records: the (year, month) pairs of the gaps.
    """
    held = set()
    for when in Meeting.objects.filter(
        township=township,
        body__kind__in=DECIDING,
        status__in=(Meeting.Status.OPEN, Meeting.Status.CLOSED),
    ).values_list("start", flat=True):
        local = timezone.localtime(when)
        held.add((local.year, local.month))
    gaps = [m for m in _months(start, end) if m not in held]
    return Figure(len(gaps), gaps)


def overdue_emergency_decisions(township: Township, now=None) -> Figure:
    """DEC-8: not reported at the next committee meeting held, or within 30 calendar
    days (Asia/Shanghai) — and a decision reported late (day 45, or at the second
    meeting held after it) stays a breach (`rules.emergency_report_overdue`)."""
    now = now or timezone.now()
    candidates = list(
        EmergencyDecision.objects.filter(township=township)
        .select_related("decided_by")
        .order_by("decided_at")
    )
    if not candidates:
        return Figure(0, [])
    report_start = dict(
        AgendaItem.objects.filter(
            emergency_decision__in=candidates, status=AgendaItem.Status.CLOSED
        ).values_list("emergency_decision_id", "meeting__start")
    )
    held = list(
        Meeting.objects.filter(
            township=township,
            body__kind__in=DECIDING,
            status=Meeting.Status.CLOSED,
            start__gt=candidates[0].decided_at,
        ).values_list("start", flat=True)
    )
    overdue = [
        e
        for e in candidates
        if rules.emergency_report_overdue(
            decided_at=e.decided_at,
            reported_at=e.reported_at,
            report_meeting_start=report_start.get(e.pk),
            held_meeting_starts=held,
            now=now,
        )
    ]
    return Figure(len(overdue), overdue)


def _refusals(township: Township, kind: str) -> Figure:
    """Compliance facts of one kind: actions a rule refused, recorded after the rollback."""
    events = list(
        ComplianceEvent.objects.filter(township=township, kind=kind).select_related(
            "meeting", "actor"
        )
    )
    return Figure(len(events), events)


def late_notices(township: Township) -> Figure:
    """DEC-2: notices attempted inside the notice period (refused and recorded)."""
    return _refusals(township, ComplianceEvent.Kind.LATE_NOTICE)


def agenda_changes_after_notice(township: Township) -> Figure:
    """DEC-2: items added or changed after the notice (refused and recorded)."""
    return _refusals(township, ComplianceEvent.Kind.AGENDA_AFTER_NOTICE)


def quorum_failures(township: Township) -> Figure:
    """DEC-3: openings, votes and closes refused below quorum (refused and recorded)."""
    return _refusals(township, ComplianceEvent.Kind.QUORUM_FAILED)


def compliance(township: Township, today: datetime.date | None = None) -> dict:
    """The secretary's figures for the last twelve months, up to last month."""
    today = today or timezone.localdate()
    last_month_end = today.replace(day=1) - datetime.timedelta(days=1)
    if last_month_end.month == 12:
        first = datetime.date(last_month_end.year, 1, 1)
    else:
        first = datetime.date(last_month_end.year - 1, last_month_end.month + 1, 1)
    # Months before the township keeps its records here are not gaps.
    first = org.first_counted_day(township, first)
    return {
        "months_without_meeting": months_without_committee_meeting(
            township, first, last_month_end
        ),
        "overdue_emergencies": overdue_emergency_decisions(township),
        "late_notices": late_notices(township),
        "agenda_changes": agenda_changes_after_notice(township),
        "quorum_failures": quorum_failures(township),
    }


def meetings_for_person(user) -> QuerySet[Meeting]:
    """The user's meetings (as a participant) for the calendar feed."""
    person = getattr(user, "person", None)
    if person is None:
        return Meeting.objects.none()
    return (
        Meeting.objects.filter(participants__person=person)
        .select_related("township", "body")
        .order_by("start")
    )


def unlocked_minutes_overdue(now=None) -> QuerySet[Meeting]:
    """Meetings closed more than 7 days ago whose minutes are not locked (reminder)."""
    now = now or timezone.now()
    return Meeting.objects.filter(
        status=Meeting.Status.CLOSED,
        closed_at__lt=now - datetime.timedelta(days=7),
        minutes_reminder_sent_at__isnull=True,
    ).exclude(minutes__versions__status=MinutesVersion.Status.LOCKED)


# -- verdicts for the screens ------------------------------------------------------------
#
# The templates compare no status: they show a button when its verdict allows it, and
# otherwise the reason, in the words of the domain error the service would raise. Each
# verdict asks the rule the service asks (the `<action>_refusal` of meetings/rules.py),
# with the same facts the service loads.


@dataclass(frozen=True)
class Verdict:
    """May the user do it now? If not, `why_not` is the refusal's message ("" when the
    action simply does not apply to them, e.g. a reader who may not record anything)."""

    allowed: bool
    why_not: str = ""
    # DEC-3: a refusal below quorum is itself a recorded fact (a refused opening or
    # close is kept for the county), so that action stays on offer beside its reason.
    offered: bool = False
    # The refusal only says the action is not of this stage of the meeting (closing a
    # meeting not yet open): the screen shows neither the button nor the reason.
    silent: bool = False

    def __bool__(self) -> bool:
        return self.allowed

    @property
    def shown(self) -> bool:
        """Show the button: allowed, or refused in a way the county should see tried."""
        return self.allowed or self.offered

    @property
    def reason(self) -> str:
        """The refusal the screen prints beside the (missing) button."""
        return "" if self.silent else self.why_not


ALLOWED = Verdict(True)
NOT_YOURS = Verdict(False)


def _refused(error) -> Verdict:
    return Verdict(False, str(error))


def _verdict(refusal, *, silent=(), offer_quorum: bool = False) -> Verdict:
    """The verdict of a pure refusal (`meetings.rules.*_refusal`, None = allowed):
    `why_not` is always `str(refusal)`; a refusal of a type in `silent` is not printed;
    with `offer_quorum` a refusal below quorum keeps the action on offer (DEC-3)."""
    from meetings import errors

    if refusal is None:
        return ALLOWED
    return Verdict(
        False,
        str(refusal),
        offered=offer_quorum and isinstance(refusal, errors.QuorumNotMet),
        silent=isinstance(refusal, silent),
    )


def _quorum_refusal(quorum):
    """DEC-3: the live quorum the service checks after the item-level rules (None when
    met, or when there is no quorum to check: a body that does not decide)."""
    from meetings import errors

    if quorum is None or quorum["met"]:
        return None
    return errors.QuorumNotMet(params={"arithmetic": quorum["line"]})


@dataclass(frozen=True)
class ItemVerdicts:
    may_vote: Verdict  # the ballot buttons of the item (DEC-1, DEC-3, DEC-6, DEC-9)
    may_close: Verdict
    may_postpone: Verdict
    may_prepare: Verdict  # a DEC-9 preparation record
    vote_blocked: str = ""  # why a vote now due cannot be taken (quorum, preparation)
    may_correct: Verdict = NOT_YOURS  # DEC-6: the item's ballots may still be corrected


@dataclass(frozen=True)
class MeetingVerdicts:
    may_propose_item: Verdict
    may_add_material: Verdict
    adding_unfixes_agenda: bool  # DEC-2: the agenda is fixed, an addition unfixes it
    may_fix_agenda: Verdict
    may_send_notice: Verdict
    may_reopen_agenda: Verdict
    may_reschedule: Verdict
    may_record_attendance: Verdict
    may_open: Verdict
    may_close: Verdict
    agenda_open: bool  # DEC-2: items and materials may still join (before the notice)
    items: dict = field(default_factory=dict)  # item pk -> ItemVerdicts

    def item(self, item) -> ItemVerdicts:
        return self.items[item.pk]

    def may_vote(self, item) -> bool:
        return self.items[item.pk].may_vote.allowed

    def why_not_vote(self, item) -> str:
        return self.items[item.pk].may_vote.why_not


def notified_start(meeting: Meeting):
    """DEC-2: the start the participants were told: the latest notice's (a reschedule
    issues a new notice), never earlier than the meeting's own start."""
    notified = (
        meeting.notices.order_by("-version").values_list("meeting_start", flat=True)
    ).first()
    return max(filter(None, (notified, meeting.start)))


def meeting_verdicts(
    meeting: Meeting,
    user,
    now=None,
    *,
    items=None,
    missing=None,
    quorum=None,
) -> MeetingVerdicts:
    """What `user` may do with `meeting` at `now`, and why not.

    `items`, `missing` (item pk -> DEC-9 steps missing) and `quorum` (the live quorum
    state) are passed by a screen that has loaded them already, so that the verdicts
    add no query per item; what is not passed is loaded here.
    """
    from committees import access
    from meetings import errors
    from meetings import rules as dec

    now = now or timezone.now()
    roles = access.roles_in(user, meeting.township)
    staff = bool(roles & access.TOWNSHIP_STAFF)
    secretary = access.Role.SECRETARY in roles
    Status = Meeting.Status
    status = meeting.status
    if items is None:
        items = list(
            AgendaItem.objects.filter(meeting=meeting)
            .prefetch_related("preparation")
            .order_by("order")
        )
    if missing is None:
        missing = {
            item.pk: preparation_missing(item, [r.step for r in item.preparation.all()])
            for item in items
        }
    live = status in (Status.NOTICE_SENT, Status.OPEN)
    if quorum is None and live and meeting.body.decides:
        member_ids = {m.person_id for m in voting_members(meeting)}
        quorum = quorum_state(meeting, member_ids, present_now(meeting))

    def staff_only(verdict: Verdict, who: bool = staff) -> Verdict:
        return verdict if who else NOT_YOURS

    # DEC-2: the one rule of every path that adds to the agenda (the service's own).
    change = dec.agenda_change_refusal(status)
    material = dec.agenda_change_refusal(status, material=True)

    # DEC-2: agenda_fix. The service also re-fixes a fixed agenda (a new time of
    # fixing); the screen offers no button for that.
    fix = _verdict(dec.agenda_fix_refusal(status=status, has_items=bool(items)))
    if fix and meeting.agenda_fixed_at:
        fix = NOT_YOURS

    # DEC-2: notice_send — a noticed meeting's "frozen" is not printed beside it.
    notice = _verdict(
        dec.notice_send_refusal(
            status=status,
            agenda_fixed=meeting.agenda_fixed_at is not None,
            start=meeting.start,
            now=now,
            period_hours=meeting.township.notice_period_hours,
        ),
        silent=errors.AgendaFrozen,
    )

    # DEC-2 (not before the notified start) and DEC-3 (quorum), as meeting_open asks.
    if status == Status.NOTICE_SENT:
        start = notified_start(meeting)
    else:  # the rule refuses on the status before it reads the start
        start = meeting.start
    opening = _verdict(
        dec.meeting_open_refusal(
            status=status,
            now=now,
            notified_start=start,
            decides=meeting.body.decides,
            quorum_met=bool(quorum and quorum["met"]),
            quorum_line=quorum["line"] if quorum else "",
        ),
        silent=errors.MeetingAlreadyOpen,
        offer_quorum=True,
    )

    # DEC-6: meeting_close — open, no item still pending.
    pending = sum(1 for i in items if i.status == AgendaItem.Status.PENDING)
    closing = _verdict(
        dec.meeting_close_refusal(status=status, pending=pending),
        silent=errors.MeetingNotOpen,
    )

    item_verdicts = {}
    for item in items:
        item_verdicts[item.pk] = _item_verdicts(
            meeting, item, missing.get(item.pk, []), quorum, staff
        )

    return MeetingVerdicts(
        may_propose_item=staff_only(_refused(change) if change else ALLOWED, secretary),
        may_add_material=staff_only(_refused(material) if material else ALLOWED),
        adding_unfixes_agenda=change is None and meeting.agenda_fixed_at is not None,
        may_fix_agenda=staff_only(fix),
        may_send_notice=staff_only(notice),
        may_reopen_agenda=staff_only(
            _verdict(
                dec.agenda_reopen_refusal(status=status),
                silent=errors.MeetingAlreadyOpen,
            )
        ),
        may_reschedule=staff_only(
            _verdict(
                dec.meeting_reschedule_refusal(status=status),
                silent=errors.MeetingAlreadyOpen,
            )
        ),
        # DEC-3: the stage rule the attendance services raise (each event's own rule,
        # attendance_refusal, is the service's, with the event's time).
        may_record_attendance=staff_only(
            _verdict(
                dec.attendance_stage_refusal(status=status),
                silent=errors.MeetingNotOpen,
            )
        ),
        may_open=staff_only(opening),
        may_close=staff_only(closing),
        agenda_open=change is None,
        items=item_verdicts,
    )


def _item_verdicts(meeting, item, missing, quorum, staff) -> ItemVerdicts:
    """The verdicts of one agenda item (no query)."""
    from meetings import errors
    from meetings import rules as dec

    if not staff:
        return ItemVerdicts(NOT_YOURS, NOT_YOURS, NOT_YOURS, NOT_YOURS)
    # DEC-6: ballot_correct's stage rule (the ballot-level ones stay with the service).
    correct = _verdict(
        dec.ballot_correct_stage_refusal(
            meeting_status=meeting.status, item_status=item.status
        )
    )
    decides = meeting.body.decides
    facts = {
        "meeting_status": meeting.status,
        "item_status": item.status,
        "is_voted": item.is_voted,
    }
    # ballot_cast: the item-level rule (DEC-9's missing steps included, as the service
    # checks them next), then the live quorum (DEC-3). The voter-level checks (present,
    # once, the secretary last) stay with the service and its message.
    vote = _verdict(
        dec.ballot_refusal(decides=decides, missing=missing, **facts)
        or _quorum_refusal(quorum)
    )
    # item_close: then, for a voted item of a deciding body, the live quorum — a
    # refusal below quorum stays on offer (it is recorded, DEC-3).
    voted = decides and item.is_voted
    close = _verdict(
        dec.item_close_refusal(decides=decides, missing=missing, **facts)
        or (_quorum_refusal(quorum) if voted else None),
        silent=errors.MeetingNotOpen,
        offer_quorum=True,
    )
    # item_postpone (DEC-6): offered only where it applies, so never printed.
    postpone = _verdict(
        dec.item_postpone_refusal(**facts),
        silent=(errors.MeetingNotOpen, errors.ItemClosed, errors.ItemNotVoted),
    )
    is_pending = item.status == AgendaItem.Status.PENDING
    # DEC-9: offered only where the service would take it (no refusal shown otherwise).
    prepare = (
        ALLOWED
        if rules.preparation_refusal(
            needs_preparation=item.needs_preparation, item_status=item.status
        )
        is None
        else NOT_YOURS
    )
    due = meeting.status == Meeting.Status.OPEN and is_pending and voted
    # DEC-3 / DEC-9: why a vote now due is locked, in the service's own words (below
    # quorum: "present 10 / members 15, 11 needed"; preparation: the missing steps).
    blocked = vote.why_not if due else ""
    return ItemVerdicts(vote, close, postpone, prepare, blocked, correct)


@dataclass(frozen=True)
class MinutesVerdicts:
    is_closed: bool  # DEC-11: minutes are drafted after the meeting is closed
    may_draft: Verdict
    may_sign: Verdict
    may_lock: Verdict
    may_correct: Verdict
    locked: frozenset  # the numbers of the locked versions (they have a PDF)

    def is_locked(self, version) -> bool:
        return version.number in self.locked


def minutes_verdicts(meeting: Meeting, user, versions) -> MinutesVerdicts:
    """DEC-11: what `user` may do with the minutes of `meeting` (versions newest first)."""
    from committees import access

    roles = access.roles_in(user, meeting.township)
    staff = bool(roles & access.TOWNSHIP_STAFF)
    secretary = access.Role.SECRETARY in roles
    Status = MinutesVersion.Status
    latest = versions[0] if versions else None
    latest_status = latest.status if latest else None
    closed = meeting.status == Meeting.Status.CLOSED
    # DEC-11: the services' own refusals, on the latest version.
    draft = _verdict(
        rules.minutes_draft_refusal(
            meeting_status=meeting.status, latest_status=latest_status
        )
    )
    sign = _verdict(rules.minutes_sign_refusal(version_status=latest_status))
    lock = _verdict(rules.minutes_lock_refusal(version_status=latest_status))
    correct = _verdict(
        rules.minutes_correct_refusal(version_status=latest_status, is_latest=True)
    )
    return MinutesVerdicts(
        is_closed=closed,
        may_draft=draft if staff else NOT_YOURS,
        may_sign=sign if secretary else NOT_YOURS,
        may_lock=lock if secretary else NOT_YOURS,
        may_correct=correct if staff else NOT_YOURS,
        locked=frozenset(v.number for v in versions if v.status == Status.LOCKED),
    )
