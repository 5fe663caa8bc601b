"""Reads of the decision-making mechanism: screens, the register, compliance figures.

Compliance selectors (DEC-2, DEC-7, DEC-8) return a `Figure`: the number AND the records
behind it, so the secretary's home page and later the county dashboard can drill down.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.db.models import Prefetch, QuerySet
from django.utils import timezone

from committees import selectors as org
from committees.models import Body, Township
from meetings import services
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
)

DECIDING = (Body.Kind.COMMITTEE, Body.Kind.ENLARGED)


@dataclass
class Figure:
    count: int
    records: list = field(default_factory=list)


def meetings_of(township: Township) -> QuerySet[Meeting]:
    return Meeting.objects.filter(township=township).select_related("body", "convener")


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
        records = list(item.preparation.all())
        rows.append(
            {
                "item": item,
                "records": records,
                "missing": services.preparation_missing(
                    item, [r.step for r in records]
                ),
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


def meeting_screen(meeting: Meeting) -> dict:
    """The live screen: attendance, live quorum, every item with its ballots and tally.

    The number of queries does not depend on the number of members or items.
    """
    memberships = services.voting_members(meeting)
    member_ids = {m.person_id for m in memberships}
    secretary_id = services._secretary_id(memberships)
    participants = list(
        Participant.objects.filter(meeting=meeting).select_related("person")
    )
    events = list(Attendance.objects.filter(meeting=meeting).order_by("at", "id"))
    present = services.present_ids(events)
    last_event = {}
    for event in events:
        last_event[event.person_id] = event
    quorum = services.quorum_state(meeting, member_ids, present)
    items = list(
        AgendaItem.objects.filter(meeting=meeting)
        .select_related("decision")
        .prefetch_related(
            "nominees",
            "preparation",
            Prefetch("ballots", queryset=Ballot.objects.select_related("entered_by")),
        )
        .order_by("order")
    )
    voters = [
        p.person
        for p in participants
        if p.person_id in member_ids and p.person_id in present
    ]
    # The secretary's row comes last on the screen as on the floor (DEC-6).
    voters.sort(key=lambda person: (person.pk == secretary_id, person.name))
    rows = []
    for item in items:
        ballots = list(item.ballots.all())
        nominees = (
            list(item.nominees.all()) if item.kind == AgendaItem.Kind.PERSONNEL else []
        )
        by_key = {(b.voter_id, b.nominee_id): b for b in ballots}
        missing = services.preparation_missing(
            item, [r.step for r in item.preparation.all()]
        )
        groups = []
        for nominee in nominees or [None]:
            groups.append(
                {
                    "nominee": nominee,
                    "votes": [
                        {
                            "voter": voter,
                            "ballot": by_key.get(
                                (voter.pk, nominee.pk if nominee else None)
                            ),
                            "is_secretary": voter.pk == secretary_id,
                        }
                        for voter in voters
                    ],
                }
            )
        rows.append(
            {
                "item": item,
                "groups": groups,
                "missing": missing,
                "tally": services.tally_rows(item, ballots, nominees),
                "ballot_count": len(ballots),
                "choices": Ballot.PERSONNEL_CHOICES
                if nominees
                else Ballot.ORDINARY_CHOICES,
                "decision": getattr(item, "decision", None),
                "votable": (
                    meeting.status == Meeting.Status.OPEN
                    and meeting.body.decides
                    and item.is_voted
                    and item.status == AgendaItem.Status.PENDING
                    and not missing
                    and quorum["met"]
                ),
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
    memberships = services.voting_members(meeting)
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
    signer = version.signed_by
    signer_name = ""
    if signer is not None:
        person = getattr(signer, "person", None) if hasattr(signer, "person") else None
        signer_name = person.name if person else signer.get_username()
    return {
        "version": version,
        "signer": signer_name,
        "meeting": meeting,
        "members": [p for p in participants if not p.is_invitee],
        "invitees": [p for p in participants if p.is_invitee],
        "events": events,
        "absent": absent,
        "items": [{"item": i, "decision": getattr(i, "decision", None)} for i in items],
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
    """DEC-8: not reported at the next committee meeting held, or within 30 days."""
    now = now or timezone.now()
    candidates = list(
        EmergencyDecision.objects.filter(township=township, reported_at__isnull=True)
        .select_related("decided_by")
        .order_by("decided_at")
    )
    if not candidates:
        return Figure(0, [])
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
        if now > e.decided_at + datetime.timedelta(days=services.EMERGENCY_REPORT_DAYS)
        or any(start > e.decided_at for start in held)
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


def secretaries_of(township_id: int):
    from django.contrib.auth import get_user_model

    return get_user_model().objects.filter(
        townshipuserobjectpermission__content_object_id=township_id,
        townshipuserobjectpermission__permission__codename="act_secretary",
    )
