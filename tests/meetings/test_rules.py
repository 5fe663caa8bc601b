"""DEC-1..DEC-11 through the services: each refusal with its exact message, and nothing
written on refusal."""

import datetime

import pytest
import time_machine
from django.utils import timezone

from committees.models import Body
from core.errors import NotPermitted
from meetings import errors, selectors, services
from meetings.models import (
    AgendaItem,
    Attendance,
    Ballot,
    Decision,
    Meeting,
    MinutesVersion,
    Notice,
    NoticeReceipt,
)
from tests.meetings import factories as f

pytestmark = pytest.mark.django_db

MSG = {
    "frozen": "The notice has been sent: no item may be added or changed (no ad-hoc motions).",
}


@pytest.fixture
def town(db):
    return f.make_town(members=15)


@pytest.fixture
def travel():
    """Move the clock for the rest of the test, ticking: `travel(meeting.start)` (DEC-2: a
    meeting opens no earlier than its notified start)."""
    travellers = []

    def to(moment):
        traveller = time_machine.travel(moment, tick=True)
        traveller.start()
        travellers.append(traveller)

    yield to
    for traveller in reversed(travellers):
        traveller.stop()


def counts():
    return {
        model.__name__: model.objects.count()
        for model in (
            AgendaItem,
            Attendance,
            Ballot,
            Decision,
            Notice,
            NoticeReceipt,
            Meeting,
        )
    }


# DEC-1 ---------------------------------------------------------------------------------


def test_dec1_secretary_office_meeting_records_discussion_never_a_decision(
    town, travel
):
    """DEC-1: no ballot and no decision at a secretary's office meeting."""
    office = f.schedule(town, body_kind=Body.Kind.SECRETARY_OFFICE)
    item = f.add_item(town, office)
    f.notice(town, office)
    travel(office.start)
    services.meeting_open(actor=town.clerk, meeting=office)
    before = counts()
    with pytest.raises(errors.NotDecidingBody) as caught:
        services.ballot_cast(
            actor=town.clerk, item=item, voter=town.chair, choice=Ballot.Choice.YES
        )
    assert str(caught.value) == (
        "A secretary's office or joint meeting records discussion only: it does not vote "
        "or decide."
    )
    assert caught.value.rule == "DEC-1"
    assert counts() == before
    services.item_close(actor=town.clerk, item=item, discussion="研究了准备工作")
    item.refresh_from_db()
    assert item.status == AgendaItem.Status.CLOSED
    assert item.discussion == "研究了准备工作"
    assert not Decision.objects.exists()


def test_dec1_joint_meeting_never_stands_in_for_the_committee(town, travel):
    """DEC-1: a joint party–government meeting cannot vote either."""
    joint = f.schedule(town, body_kind=Body.Kind.JOINT)
    item = f.add_item(town, joint)
    f.notice(town, joint)
    travel(joint.start)
    f.arrive(town, joint, town.members)
    services.meeting_open(actor=town.clerk, meeting=joint)
    with pytest.raises(errors.NotDecidingBody):
        services.ballot_cast(
            actor=town.clerk, item=item, voter=town.chair, choice=Ballot.Choice.YES
        )
    assert not Ballot.objects.exists()


# DEC-2 ---------------------------------------------------------------------------------


def test_dec2_participants_filled_from_committee_and_invitees_marked(town):
    """DEC-2: participants come from the committee; enlarged-meeting invitees are marked."""
    guest = f.nominee(town, "列席村书记")
    meeting = f.schedule(town, body_kind=Body.Kind.ENLARGED, invitees=[guest])
    rows = list(meeting.participants.all())
    assert len(rows) == 16
    assert [p.person for p in rows if p.is_invitee] == [guest]


def test_dec2_only_the_secretary_proposes_items(town):
    """DEC-2: the secretary proposes; a clerk cannot."""
    meeting = f.schedule(town)
    with pytest.raises(NotPermitted):
        services.agenda_item_propose(actor=town.clerk, meeting=meeting, title="x")
    assert not AgendaItem.objects.exists()


def test_dec2_no_item_added_after_notice_and_the_attempt_is_recorded(town):
    """DEC-2: no ad-hoc motion (临时动议) after the notice, however it is sent."""
    meeting = f.schedule(town)
    item = f.add_item(town, meeting)
    f.notice(town, meeting)
    before = counts()
    with pytest.raises(errors.AgendaFrozen) as caught:
        f.add_item(town, meeting, title="临时动议")
    assert str(caught.value) == MSG["frozen"]
    assert caught.value.rule == "DEC-2"
    with pytest.raises(errors.AgendaFrozen):
        services.agenda_item_update(actor=town.secretary, item=item, title="改过的")
    assert counts() == before
    item.refresh_from_db()
    assert item.title != "改过的"
    figure = selectors.agenda_changes_after_notice(town.township)
    assert figure.count == 2
    assert {e.detail for e in figure.records} == {"临时动议", item.title}


def test_dec2_agenda_must_be_fixed_and_records_who_and_when(town):
    """DEC-2: the secretary's office fixes the agenda before the notice."""
    meeting = f.schedule(town)
    f.add_item(town, meeting)
    with pytest.raises(errors.AgendaNotFixed) as caught:
        services.notice_send(actor=town.clerk, meeting=meeting)
    assert str(caught.value) == "The agenda must be fixed before the notice is sent."
    assert not Notice.objects.exists()
    services.agenda_fix(actor=town.clerk, meeting=meeting)
    meeting.refresh_from_db()
    assert meeting.agenda_fixed_by == town.clerk
    assert meeting.agenda_fixed_at is not None


def test_dec2_notice_inside_the_notice_period_is_refused_and_recorded(town):
    """DEC-2: at least notice_period_hours (24) before the start; a late notice is a fact."""
    meeting = f.schedule(
        town, start=timezone.now() + datetime.timedelta(hours=23, minutes=59)
    )
    f.add_item(town, meeting)
    services.agenda_fix(actor=town.clerk, meeting=meeting)
    with pytest.raises(errors.NoticeTooLate) as caught:
        services.notice_send(actor=town.clerk, meeting=meeting)
    assert str(caught.value) == (
        "The notice must reach participants at least 24 hours before the start; "
        "only 23 hours are left. Reschedule the meeting."
    )
    meeting.refresh_from_db()
    assert meeting.status == Meeting.Status.SCHEDULED
    assert not Notice.objects.exists() and not NoticeReceipt.objects.exists()
    assert selectors.late_notices(town.township).count == 1


def test_dec2_notice_exactly_at_the_period_is_accepted(town):
    """DEC-2 boundary: exactly 24 hours ahead is in time."""
    with time_machine.travel(timezone.now(), tick=False):
        meeting = f.schedule(town, start=timezone.now() + datetime.timedelta(hours=24))
        f.add_item(town, meeting)
        f.notice(town, meeting)
    assert meeting.status == Meeting.Status.NOTICE_SENT
    assert NoticeReceipt.objects.filter(notice__meeting=meeting).count() == 15


def test_dec2_notice_emails_participants_and_receipts_are_recorded(
    town, mailoutbox, django_capture_on_commit_callbacks
):
    """DEC-2: e-mail after commit; each participant's receipt (opened) is recorded."""
    person = town.members[3]
    person.email = "m3@example.org"
    person.user = town.member
    person.save()
    meeting = f.schedule(town)
    f.add_item(town, meeting)
    with django_capture_on_commit_callbacks(execute=True):
        f.notice(town, meeting)
    assert [m.to for m in mailoutbox] == [["m3@example.org"]]
    receipt = services.notice_receipt_record(actor=town.member, meeting=meeting)
    assert receipt.participant.person == person and receipt.opened_at is not None
    outsider = f.grant(town.township, "member")
    with pytest.raises(errors.NotAParticipant):
        services.notice_receipt_record(actor=outsider, meeting=meeting)


def test_dec2_rescheduling_issues_a_new_notice(town):
    """DEC-2: a rescheduled meeting gets a new notice, with a new notice period."""
    meeting = f.schedule(town)
    f.add_item(town, meeting)
    f.notice(town, meeting)
    services.meeting_reschedule(
        actor=town.clerk,
        meeting=meeting,
        start=meeting.start + datetime.timedelta(days=1),
    )
    assert list(meeting.notices.values_list("version", flat=True)) == [2, 1]
    with pytest.raises(errors.NoticeTooLate):
        services.meeting_reschedule(
            actor=town.clerk,
            meeting=meeting,
            start=timezone.now() + datetime.timedelta(hours=2),
        )
    assert meeting.notices.count() == 2


# DEC-3 ---------------------------------------------------------------------------------


def test_dec3_meeting_opens_only_above_two_thirds(town, travel):
    """DEC-3: 10 of 15 is not more than two-thirds; 11 is."""
    meeting = f.schedule(town)
    f.add_item(town, meeting)
    f.notice(town, meeting)
    travel(meeting.start)  # DEC-2: it opens at its start
    f.arrive(town, meeting, town.members[:10])
    with pytest.raises(errors.QuorumNotMet) as caught:
        services.meeting_open(actor=town.clerk, meeting=meeting)
    assert str(caught.value) == (
        "Below quorum: Present 10 / members 15, needed 11 (超过应到会委员三分之二): "
        "below quorum."
    )
    meeting.refresh_from_db()
    assert meeting.status == Meeting.Status.NOTICE_SENT and meeting.opened_at is None
    f.arrive(town, meeting, town.members[10:11])
    services.meeting_open(actor=town.clerk, meeting=meeting)
    meeting.refresh_from_db()
    assert meeting.status == Meeting.Status.OPEN
    assert meeting.quorum_arithmetic.startswith("出席 11 人 / 应到 15 人")


def test_dec3_quorum_is_live_a_departure_blocks_the_vote(town):
    """DEC-3: a member leaves, the meeting drops to 10 of 15: no vote until they return."""
    meeting, (item,) = f.open_meeting(town, present=11)
    services.attendance_depart(
        actor=town.clerk, meeting=meeting, person=town.members[10]
    )
    with pytest.raises(errors.QuorumNotMet):
        services.ballot_cast(
            actor=town.clerk, item=item, voter=town.members[1], choice=Ballot.Choice.YES
        )
    assert not Ballot.objects.exists()
    f.arrive(town, meeting, town.members[10:11])
    f.vote(town, item, town.members[1:2], Ballot.Choice.YES)
    assert Ballot.objects.count() == 1


def test_dec3_quorum_failures_are_recorded_for_the_county(town, travel):
    """DEC-3: a refused opening, vote and close is rolled back, but the failure itself is
    kept as a compliance fact (once per action and attendance state) for the figures."""
    from meetings.models import ComplianceEvent

    meeting = f.schedule(town)
    f.add_item(town, meeting)
    f.notice(town, meeting)
    travel(meeting.start)  # DEC-2: it opens at its start
    f.arrive(town, meeting, town.members[:10])
    for _attempt in range(2):  # pressing "open" twice at the same attendance
        with pytest.raises(errors.QuorumNotMet):
            services.meeting_open(actor=town.clerk, meeting=meeting)
    figure = selectors.quorum_failures(meeting.township)
    assert figure.count == 1
    (event,) = figure.records
    assert event.kind == ComplianceEvent.Kind.QUORUM_FAILED
    assert event.actor == town.clerk and event.meeting == meeting
    assert event.detail == (
        "宣布开会：出席 10 人 / 应到 15 人，需 11 人（超过应到会委员三分之二）：未达到法定人数"
    )
    meeting.refresh_from_db()
    assert meeting.status == Meeting.Status.NOTICE_SENT  # nothing else written
    f.arrive(town, meeting, town.members[10:11])
    services.meeting_open(actor=town.clerk, meeting=meeting)
    (item,) = meeting.items.all()
    services.attendance_depart(
        actor=town.clerk, meeting=meeting, person=town.members[10]
    )
    with pytest.raises(errors.QuorumNotMet):
        services.ballot_cast(
            actor=town.clerk, item=item, voter=town.members[1], choice=Ballot.Choice.YES
        )
    with pytest.raises(errors.QuorumNotMet):
        services.item_close(actor=town.clerk, item=item)
    details = [e.detail for e in selectors.quorum_failures(meeting.township).records]
    assert len(details) == 3
    assert any(d.startswith(f"对“{item.title}”表决") for d in details)
    assert any(d.startswith(f"结束“{item.title}”") for d in details)
    assert not Ballot.objects.exists()
    item.refresh_from_db()
    assert item.status == AgendaItem.Status.PENDING
    # The secretary's home panel shows the figure.
    assert selectors.compliance(meeting.township)["quorum_failures"].count == 3


def test_dec3_members_are_those_in_office_on_the_meeting_day(town):
    """DEC-3: a membership ended before the meeting day does not count."""
    from committees import services as org_services
    from committees.models import Membership

    gone = Membership.objects.get(person=town.members[14])
    org_services.membership_end(
        actor=None,
        membership=gone,
        end=timezone.localdate() - datetime.timedelta(days=1),
        reason="调离",
    )
    meeting, _items = f.open_meeting(town, present=10)  # 10 of 14 = more than 2/3
    assert meeting.members_count == 14


# DEC-6 ---------------------------------------------------------------------------------


def test_dec6_absent_members_do_not_vote(town):
    """DEC-6: an absent member's ballot is refused."""
    meeting, (item,) = f.open_meeting(town, present=12)
    with pytest.raises(errors.VoterAbsent) as caught:
        f.vote(town, item, [town.members[13]], Ballot.Choice.YES)
    assert str(caught.value) == (
        f"{town.members[13].name} is not present: absent members do not vote."
    )
    assert not Ballot.objects.exists()


def test_dec6_one_ballot_per_member_per_item(town):
    """DEC-6: a second ballot of the same member is refused."""
    meeting, (item,) = f.open_meeting(town)
    f.vote(town, item, [town.members[2]], Ballot.Choice.YES)
    with pytest.raises(errors.DuplicateBallot) as caught:
        f.vote(town, item, [town.members[2]], Ballot.Choice.NO)
    assert (
        str(caught.value) == f"{town.members[2].name} has already voted on this item."
    )
    assert Ballot.objects.get().choice == Ballot.Choice.YES


def test_dec6_invitees_never_vote(town):
    """DEC-6 / enlarged meeting: an invitee is present but has no vote."""
    guest = f.nominee(town, "列席人员")
    meeting, (item,) = f.open_meeting(
        town, body_kind=Body.Kind.ENLARGED, invitees=[guest]
    )
    f.arrive(town, meeting, [guest])
    with pytest.raises(errors.NotAVoter):
        f.vote(town, item, [guest], Ballot.Choice.YES)
    assert not Ballot.objects.exists()


def test_dec6_no_proxy_votes_and_entered_by_is_recorded(town):
    """DEC-6: a member enters only their own ballot; a clerk's entry records who entered it."""
    meeting, (item,) = f.open_meeting(town)
    own = town.members[4]
    own.user = town.member
    own.save()
    with pytest.raises(errors.NoProxyVote) as caught:
        services.ballot_cast(
            actor=town.member,
            item=item,
            voter=town.members[5],
            choice=Ballot.Choice.YES,
        )
    assert (
        str(caught.value) == "No proxy votes: a member may enter only their own ballot."
    )
    assert not Ballot.objects.exists()
    mine = services.ballot_cast(
        actor=town.member, item=item, voter=own, choice=Ballot.Choice.NO
    )
    theirs = services.ballot_cast(
        actor=town.clerk, item=item, voter=town.members[5], choice=Ballot.Choice.YES
    )
    assert mine.entered_by == town.member and theirs.entered_by == town.clerk


def test_dec6_personnel_choices_per_nominee_and_secretary_last(town):
    """DEC-6: agree/disagree/defer per person; the secretary states their view last."""
    meeting, (item,) = f.open_meeting(
        town, present=12, items=[AgendaItem.Kind.PERSONNEL]
    )
    person = item.nominees.get()
    with pytest.raises(errors.WrongChoice):
        f.vote(town, item, [town.members[1]], Ballot.Choice.YES, nominee=person)
    with pytest.raises(errors.NomineeRequired):
        f.vote(town, item, [town.members[1]], Ballot.Choice.AGREE)
    with pytest.raises(errors.SecretaryVotesLast) as caught:
        f.vote(town, item, [town.chair], Ballot.Choice.AGREE, nominee=person)
    assert str(caught.value) == (
        "The secretary states their view last: 11 present members have not yet voted."
    )
    assert not Ballot.objects.exists()
    f.vote(town, item, town.members[1:12], Ballot.Choice.AGREE, nominee=person)
    f.vote(town, item, [town.chair], Ballot.Choice.DEFER, nominee=person)
    services.item_close(actor=town.clerk, item=item)
    decision = Decision.objects.get()
    assert decision.outcome == Decision.Outcome.PASSED  # 11 agree > 2/3 × 15
    assert decision.tally["rows"][0]["nominee"] == person.name
    assert decision.tally["rows"][0]["yes"] == 11


def test_dec6_postponed_item_returns_on_a_later_agenda(town):
    """DEC-6: 暂缓表决 — the item comes back on the next committee agenda."""
    meeting, (item,) = f.open_meeting(town)
    later = f.schedule(town, start=meeting.start + datetime.timedelta(days=20))
    services.item_postpone(actor=town.clerk, item=item)
    item.refresh_from_db()
    assert item.status == AgendaItem.Status.POSTPONED
    carried = later.items.get()
    assert carried.postponed_from == item and carried.title == item.title
    with pytest.raises(errors.ItemClosed):
        f.vote(town, item, [town.members[1]], Ballot.Choice.YES)


def test_dec6_postponed_item_joins_the_next_meeting_scheduled_later(town):
    """DEC-6: with no later meeting yet, scheduling one carries the item."""
    meeting, (item,) = f.open_meeting(town)
    services.item_postpone(actor=town.clerk, item=item)
    later = f.schedule(town, start=meeting.start + datetime.timedelta(days=30))
    assert later.items.get().postponed_from == item


def test_dec6_reports_are_heard_not_voted(town):
    """DEC-6: a quarterly finance report is heard; no ballot."""
    meeting, (item,) = f.open_meeting(town, items=[AgendaItem.Kind.FINANCE_REPORT])
    with pytest.raises(errors.ItemNotVoted):
        f.vote(town, item, [town.members[1]], Ballot.Choice.YES)
    services.item_close(actor=town.clerk, item=item)
    assert not Decision.objects.exists()


# DEC-4 / DEC-5 and the thresholds table -------------------------------------------------

# SPEC "Default rule set": members -> (quorum present needed, personnel yes, ordinary yes)
DEFAULT_TABLE = {7: (5, 5, 4), 9: (7, 7, 5), 11: (8, 8, 6), 15: (11, 11, 8)}
# "At least" (以上, inclusive): 2/3 of 9 is 6, of 15 is 10; 1/2 parts at even sizes only.
AT_LEAST_TABLE = {7: (5, 5, 4), 9: (6, 6, 5), 11: (8, 8, 6), 15: (10, 10, 8)}


def _at_least_rules(town):
    from fractions import Fraction

    from committees import rules
    from committees import services as org_services

    def t(p, q):
        return rules.Threshold(
            Fraction(p, q), rules.Base.MEMBERS, rules.Comparison.AT_LEAST
        )

    return org_services.rule_set_create(
        actor=None,
        township=town.township,
        effective_from=timezone.localdate() - datetime.timedelta(days=1),
        thresholds={
            "quorum": t(2, 3),
            "ordinary": t(1, 2),
            "major": t(2, 3),
            "personnel": t(2, 3),
            "reconsideration": t(1, 2),
        },
        note="以上（含本数）",
    )


@pytest.mark.parametrize("table", ["default", "at_least"])
@pytest.mark.parametrize("size", [7, 9, 11, 15])
def test_dec3_dec4_dec5_thresholds_table_through_the_services(size, table, travel):
    """SPEC thresholds, DEC-3 quorum, DEC-4 personnel (of ALL members), DEC-5 ordinary."""
    town = f.make_town(members=size)
    expected = (DEFAULT_TABLE if table == "default" else AT_LEAST_TABLE)[size]
    rule_set = _at_least_rules(town) if table == "at_least" else None
    quorum, personnel, ordinary = expected
    # Quorum: one short is refused, the exact number opens.
    meeting = f.schedule(town)
    f.add_item(town, meeting)
    f.notice(town, meeting)
    travel(meeting.start)  # DEC-2: it opens at its start
    f.arrive(town, meeting, town.members[: quorum - 1])
    with pytest.raises(errors.QuorumNotMet):
        services.meeting_open(actor=town.clerk, meeting=meeting)
    f.arrive(town, meeting, town.members[quorum - 1 : quorum])
    services.meeting_open(actor=town.clerk, meeting=meeting)
    # Votes: everyone present; the needed number passes, one fewer does not.
    kinds = [AgendaItem.Kind.PERSONNEL] * 2 + [AgendaItem.Kind.ORDINARY] * 2
    full, items = f.open_meeting(town, items=kinds)
    voters = [p for p in town.members if p != town.chair] + [
        town.chair
    ]  # secretary last
    for item, yes in zip(
        items, (personnel, personnel - 1, ordinary, ordinary - 1), strict=True
    ):
        nominee = item.nominees.first()
        approve, oppose = (
            (Ballot.Choice.AGREE, Ballot.Choice.DISAGREE)
            if nominee
            else (Ballot.Choice.YES, Ballot.Choice.NO)
        )
        # The yes votes come from the non-secretary members; the secretary votes no last.
        f.vote(town, item, voters[:yes], approve, nominee=nominee)
        f.vote(town, item, voters[yes:], oppose, nominee=nominee)
        services.item_close(actor=town.clerk, item=item)
    outcomes = [
        item.decision.outcome
        for item in AgendaItem.objects.filter(meeting=full).order_by("order")
    ]
    assert outcomes == ["passed", "rejected", "passed", "rejected"]
    decision = Decision.objects.filter(meeting=full).order_by("item__order").first()
    assert decision.members_count == size and decision.present_count == size
    assert decision.rule_set_version == (rule_set.version if rule_set else 1)
    assert f"{personnel}" in decision.arithmetic


def test_dec4_personnel_counts_all_members_not_those_present(town):
    """DEC-4: 11 present, 10 agree: 10 of 11 present but not more than 2/3 of ALL 15."""
    meeting, (item,) = f.open_meeting(
        town, present=11, items=[AgendaItem.Kind.PERSONNEL]
    )
    person = item.nominees.get()
    f.vote(town, item, town.members[1:11], Ballot.Choice.AGREE, nominee=person)
    f.vote(town, item, [town.chair], Ballot.Choice.DISAGREE, nominee=person)
    services.item_close(actor=town.clerk, item=item)
    decision = Decision.objects.get()
    assert decision.outcome == Decision.Outcome.REJECTED
    assert decision.rule_text == "超过应到会委员三分之二"
    assert decision.arithmetic == "拟任人" + decision.arithmetic.split("拟任人", 1)[1]


def test_dec4_major_item_needs_two_thirds_of_all_members(town):
    """DEC-4: a major item with 10 yes of 15 fails; stored with the arithmetic."""
    meeting, (item,) = f.open_meeting(town, items=[AgendaItem.Kind.MAJOR], present=15)
    # DEC-9 first: preparation before the vote.
    f.prepare(town, item, options=1, expert=False)
    f.vote(town, item, town.members[:10], Ballot.Choice.YES)
    f.vote(town, item, town.members[10:], Ballot.Choice.ABSTAIN)
    services.item_close(actor=town.clerk, item=item)
    assert Decision.objects.get().outcome == Decision.Outcome.REJECTED


# DEC-9 ---------------------------------------------------------------------------------


def test_dec9_vote_blocked_until_preparation_is_complete(town, travel):
    """DEC-9: investigation, two options (required), lower-level opinions, expert assessment."""
    meeting = f.schedule(town)
    item = f.add_item(
        town,
        meeting,
        AgendaItem.Kind.MAJOR,
        requires_alternatives=True,
        requires_expert=True,
    )
    f.notice(town, meeting)
    travel(meeting.start)  # DEC-2: it opens at its start
    f.arrive(town, meeting, town.members)
    services.meeting_open(actor=town.clerk, meeting=meeting)
    services.preparation_add(
        actor=town.clerk, item=item, step="option", title="方案一", text="修建"
    )
    with pytest.raises(errors.PreparationIncomplete) as caught:
        f.vote(town, item, town.members[:1], Ballot.Choice.YES)
    assert str(caught.value) == (
        "The vote is blocked until the preparation is complete. Missing: "
        "investigation and research、options (1 of 2)、opinion of a lower-level "
        "organization、expert assessment."
    )
    assert caught.value.rule == "DEC-9"
    assert not Ballot.objects.exists()
    f.prepare(town, item, options=1)
    f.vote(town, item, town.members[:1], Ballot.Choice.YES)
    assert Ballot.objects.count() == 1


def test_dec9_preparation_belongs_to_major_items(town):
    """DEC-9: preparation records are for major items only."""
    meeting = f.schedule(town)
    item = f.add_item(town, meeting)
    with pytest.raises(errors.NotMajorItem):
        services.preparation_add(
            actor=town.clerk, item=item, step="investigation", title="x", text="y"
        )


# DEC-8 ---------------------------------------------------------------------------------


def test_dec8_emergency_decision_is_placed_on_the_next_committee_agenda(town, travel):
    """DEC-8: recorded (who, when, what, why) and reported at the next meeting."""
    meeting = f.schedule(town)
    emergency = services.emergency_decision_record(
        actor=town.clerk,
        township=town.township,
        decided_by=town.chair,
        decided_at=timezone.now(),
        what="紧急转移受灾群众",
        why="山洪",
    )
    item = meeting.items.get()
    assert item.kind == AgendaItem.Kind.EMERGENCY_REPORT
    assert item.emergency_decision == emergency
    f.notice(town, meeting)
    travel(meeting.start)  # DEC-2: it opens at its start
    f.arrive(town, meeting, town.members)
    services.meeting_open(actor=town.clerk, meeting=meeting)
    services.item_close(actor=town.clerk, item=item)
    emergency.refresh_from_db()
    assert emergency.reported_at is not None
    assert selectors.overdue_emergency_decisions(town.township).count == 0


def test_dec8_emergency_not_reported_within_30_days_is_overdue(town):
    """DEC-8: overdue after 30 calendar days (Asia/Shanghai) without a report: the last
    minute of day 30 is not yet overdue, the first minute of day 31 is."""
    decided = timezone.now()
    services.emergency_decision_record(
        actor=town.clerk,
        township=town.township,
        decided_by=town.chair,
        decided_at=decided,
        what="抢修",
        why="暴雨",
    )
    day_30 = timezone.localdate(decided) + datetime.timedelta(days=30)
    later = timezone.make_aware(
        datetime.datetime.combine(day_30, datetime.time(23, 59))
    )
    assert selectors.overdue_emergency_decisions(town.township, now=later).count == 0
    figure = selectors.overdue_emergency_decisions(
        town.township, now=later + datetime.timedelta(minutes=1)
    )
    assert figure.count == 1 and figure.records[0].what == "抢修"


def test_dec8_emergency_not_reported_at_the_next_meeting_held_is_overdue(town, travel):
    """DEC-8: the next committee meeting was held without the report: overdue at once."""
    meeting = f.schedule(town)
    item = f.add_item(town, meeting)
    f.notice(town, meeting)  # the agenda is closed before the emergency happens
    services.emergency_decision_record(
        actor=town.clerk,
        township=town.township,
        decided_by=town.chair,
        decided_at=timezone.now(),
        what="抢修",
        why="暴雨",
    )
    assert meeting.items.count() == 1  # DEC-2 wins: no item added after the notice
    assert selectors.overdue_emergency_decisions(town.township).count == 0
    travel(meeting.start)  # DEC-2: it opens at its start
    f.arrive(town, meeting, town.members)
    services.meeting_open(actor=town.clerk, meeting=meeting)
    f.vote(town, item, town.members, Ballot.Choice.YES)
    services.item_close(actor=town.clerk, item=item)
    services.meeting_close(actor=town.clerk, meeting=meeting)
    figure = selectors.overdue_emergency_decisions(town.township)
    assert figure.count == 1 and figure.records[0].what == "抢修"


# DEC-7 ---------------------------------------------------------------------------------


def test_dec7_months_without_a_committee_meeting(town):
    """DEC-7: a calendar month with no committee meeting held is a gap."""
    with time_machine.travel(datetime.datetime(2026, 1, 5, 9, tzinfo=datetime.UTC)):
        f.open_meeting(town)  # held in January (scheduled three days ahead)
    figure = selectors.months_without_committee_meeting(
        town.township, datetime.date(2026, 1, 1), datetime.date(2026, 3, 31)
    )
    assert figure.count == 2
    assert figure.records == [(2026, 2), (2026, 3)]


# DEC-10 --------------------------------------------------------------------------------


def _passed_decision(town):
    meeting, (item,) = f.open_meeting(town)
    f.vote(town, item, town.members, Ballot.Choice.YES)
    services.item_close(actor=town.clerk, item=item)
    return Decision.objects.get(item=item)


def test_dec10_a_decision_is_revoked_only_by_a_new_decision_naming_it(town, travel):
    """DEC-10: the register shows the chain original -> revoking decision."""
    original = _passed_decision(town)
    meeting = f.schedule(town)
    item = f.add_item(
        town,
        meeting,
        AgendaItem.Kind.RECONSIDERATION,
        target_decision=original,
        change=AgendaItem.Change.REVOKE,
    )
    f.notice(town, meeting)
    travel(meeting.start)  # DEC-2: it opens at its start
    f.arrive(town, meeting, town.members)
    services.meeting_open(actor=town.clerk, meeting=meeting)
    f.vote(town, item, town.members, Ballot.Choice.YES)
    services.item_close(actor=town.clerk, item=item)
    revoking = Decision.objects.get(item=item)
    assert revoking.changes == original and revoking.change == "revoke"
    assert list(original.changed_by.all()) == [revoking]


def test_dec10_reconsideration_must_name_a_decision_of_the_same_body(town):
    """DEC-10: without a named decision, or at a joint meeting, it is refused."""
    original = _passed_decision(town)
    meeting = f.schedule(town)
    before = AgendaItem.objects.count()
    with pytest.raises(errors.WrongDecisionChange) as caught:
        f.add_item(town, meeting, AgendaItem.Kind.RECONSIDERATION, change="amend")
    assert str(caught.value) == (
        "A decision is changed or revoked only by a new decision of the same body that "
        "names it."
    )
    joint = f.schedule(town, body_kind=Body.Kind.JOINT)
    with pytest.raises(errors.WrongDecisionChange):
        f.add_item(
            town,
            joint,
            AgendaItem.Kind.RECONSIDERATION,
            target_decision=original,
            change="amend",
        )
    other = f.make_town(members=7, name="樟木桥镇")
    with pytest.raises(errors.WrongDecisionChange):
        f.add_item(
            other,
            f.schedule(other),
            AgendaItem.Kind.RECONSIDERATION,
            target_decision=original,
            change="amend",
        )
    assert AgendaItem.objects.count() == before


# DEC-11 --------------------------------------------------------------------------------


def _closed_meeting(town):
    meeting, (item,) = f.open_meeting(town)
    f.vote(town, item, town.members, Ballot.Choice.YES)
    services.item_close(actor=town.clerk, item=item)
    services.meeting_close(actor=town.clerk, meeting=meeting)
    return meeting


def test_dec11_minutes_drafted_after_the_meeting(town):
    """DEC-11: no minutes while the meeting is in session."""
    meeting, _items = f.open_meeting(town)
    with pytest.raises(errors.MinutesBeforeClose) as caught:
        services.minutes_draft(actor=town.clerk, meeting=meeting, text="x")
    assert str(caught.value) == "Minutes are drafted after the meeting is closed."
    assert not MinutesVersion.objects.exists()


def test_dec11_signed_by_the_secretary_then_locked_then_pdf(
    town, django_capture_on_commit_callbacks
):
    """DEC-11: draft → secretary's sign-off → lock → PDF rendered after commit."""
    meeting = _closed_meeting(town)
    draft = services.minutes_draft(
        actor=town.clerk, meeting=meeting, text="会议一致通过。"
    )
    with pytest.raises(NotPermitted):
        services.minutes_sign(actor=town.clerk, version=draft)
    with pytest.raises(errors.MinutesNotSigned) as caught:
        services.minutes_lock(actor=town.secretary, version=draft)
    assert str(caught.value) == (
        "The minutes must be signed off by the secretary before they are locked."
    )
    draft.refresh_from_db()
    assert draft.status == MinutesVersion.Status.DRAFT
    services.minutes_sign(actor=town.secretary, version=draft)
    with pytest.raises(errors.MinutesNotDraft):
        services.minutes_draft(actor=town.clerk, meeting=meeting, text="改")
    with django_capture_on_commit_callbacks(execute=True):
        services.minutes_lock(actor=town.secretary, version=draft)
    draft.refresh_from_db()
    assert draft.status == MinutesVersion.Status.LOCKED
    assert draft.pdf and draft.pdf.read(5) == b"%PDF-"
    assert draft.history.filter(history_change_reason="minutes locked").exists()


def test_dec11_correction_is_a_new_version_with_a_reason(town):
    """DEC-11: the locked version stays readable; the correction needs a reason."""
    meeting = _closed_meeting(town)
    first = services.minutes_draft(actor=town.clerk, meeting=meeting, text="原文")
    services.minutes_sign(actor=town.secretary, version=first)
    services.minutes_lock(actor=town.secretary, version=first)
    with pytest.raises(errors.ReasonRequired) as caught:
        services.minutes_correct(
            actor=town.clerk, version=first, text="更正", reason=" "
        )
    assert str(caught.value) == "A correction needs a reason."
    assert MinutesVersion.objects.count() == 1
    second = services.minutes_correct(
        actor=town.clerk, version=first, text="更正文", reason="人名有误"
    )
    first.refresh_from_db()
    assert (first.number, first.text, first.status) == (1, "原文", "locked")
    assert (second.number, second.correction_reason, second.status) == (
        2,
        "人名有误",
        "draft",
    )
    with pytest.raises(errors.MinutesNotLocked):
        services.minutes_correct(actor=town.clerk, version=first, text="x", reason="y")


def test_dec3_refusal_reads_in_chinese_with_the_arithmetic(town, travel):
    """DEC-3: the message users see (Chinese first) carries the quorum arithmetic."""
    from django.utils import translation

    meeting = f.schedule(town)
    f.add_item(town, meeting)
    f.notice(town, meeting)
    travel(meeting.start)  # DEC-2: it opens at its start
    f.arrive(town, meeting, town.members[:10])
    with translation.override("zh-hans"):
        with pytest.raises(errors.QuorumNotMet) as caught:
            services.meeting_open(actor=town.clerk, meeting=meeting)
        assert str(caught.value) == (
            "未达到法定人数：出席 10 人 / 应到 15 人，需 11 人（超过应到会委员三分之二）："
            "未达到法定人数。"
        )


def test_dec2_materials_have_a_type_and_size_limit(town, settings):
    """DEC-2 materials with the agenda; SEC-3: a wrong type or size is a clear error."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    from meetings.models import Material

    meeting = f.schedule(town)
    with pytest.raises(errors.RecordInvalid) as caught:
        services.material_add(
            actor=town.clerk,
            meeting=meeting,
            title="脚本",
            file=SimpleUploadedFile("run.exe", b"MZ"),
        )
    assert "Files of type “exe” are not accepted." in str(caught.value)
    settings.UPLOAD_MAX_BYTES = 10
    with pytest.raises(errors.RecordInvalid) as caught:
        services.material_add(
            actor=town.clerk,
            meeting=meeting,
            title="大文件",
            file=SimpleUploadedFile("big.pdf", b"%PDF-" + b"x" * 20),
        )
    assert "the limit is 10" in str(caught.value)
    assert not Material.objects.exists()
    settings.UPLOAD_MAX_BYTES = 10 * 1024 * 1024
    material = services.material_add(
        actor=town.clerk,
        meeting=meeting,
        title="议题材料",
        file=SimpleUploadedFile("agenda.pdf", b"%PDF-1.4"),
    )
    assert material.uploaded_by == town.clerk


def test_dec7_compliance_counts_from_when_the_township_keeps_its_records_here():
    """DEC-7: the home figure covers the last 12 full months, not before the month the
    township keeps its records here from (10 January: January counts)."""
    with time_machine.travel(datetime.datetime(2026, 1, 10, 9, tzinfo=datetime.UTC)):
        town = f.make_town(members=7, records_from=datetime.date(2026, 1, 10))
    with time_machine.travel(datetime.datetime(2026, 2, 2, 9, tzinfo=datetime.UTC)):
        f.open_meeting(town)  # held in February
    figures = selectors.compliance(town.township, today=datetime.date(2026, 4, 10))
    assert figures["months_without_meeting"].records == [(2026, 1), (2026, 3)]
    assert figures["months_without_meeting"].count == 2


def test_dec2_an_added_item_needs_a_new_notice_and_a_new_notice_period(town):
    """DEC-2: reopening the agenda allows the item; the new notice needs a full period."""
    start = timezone.now() + datetime.timedelta(hours=30)
    meeting = f.schedule(town, start=start)
    f.add_item(town, meeting)
    f.notice(town, meeting)
    services.agenda_reopen(actor=town.clerk, meeting=meeting)
    f.add_item(town, meeting, title="补充议题")
    services.agenda_fix(actor=town.clerk, meeting=meeting)
    with time_machine.travel(timezone.now() + datetime.timedelta(hours=7)):
        with pytest.raises(errors.NoticeTooLate):
            services.notice_send(actor=town.clerk, meeting=meeting)
    meeting.refresh_from_db()
    assert meeting.status == Meeting.Status.SCHEDULED
    assert meeting.notices.count() == 1
    services.notice_send(actor=town.clerk, meeting=meeting)
    assert list(meeting.notices.values_list("version", flat=True)) == [2, 1]
    assert meeting.items.count() == 2


# Holes of issue 11 ------------------------------------------------------------------------


def test_dec2_meeting_cannot_open_before_its_notified_start(town):
    """DEC-2: a meeting opens no earlier than its notified start; one minute before is
    refused with the start named in local time (Asia/Shanghai) and nothing written; at the
    start itself it opens."""
    start = datetime.datetime(2026, 3, 10, 1, 0, tzinfo=datetime.UTC)  # 09:00 Shanghai
    with time_machine.travel(start - datetime.timedelta(days=3), tick=False):
        meeting = f.schedule(town, start=start)
        f.add_item(town, meeting)
        f.notice(town, meeting)
    with time_machine.travel(start - datetime.timedelta(minutes=1), tick=False):
        f.arrive(town, meeting, town.members)
        before = counts()
        with pytest.raises(errors.MeetingBeforeStart) as caught:
            services.meeting_open(actor=town.clerk, meeting=meeting)
    assert str(caught.value) == (
        "The meeting opens no earlier than its notified start, 2026-03-10 09:00: "
        "an earlier sitting is a new meeting with its own notice."
    )
    assert caught.value.rule == "DEC-2"
    assert counts() == before
    meeting.refresh_from_db()
    assert meeting.status == Meeting.Status.NOTICE_SENT and meeting.opened_at is None
    with time_machine.travel(start, tick=False):
        services.meeting_open(actor=town.clerk, meeting=meeting)
    meeting.refresh_from_db()
    assert meeting.status == Meeting.Status.OPEN and meeting.opened_at == start


def test_dec2_an_emergency_report_joining_a_fixed_agenda_unfixes_it(town):
    """DEC-2: the report item of an emergency decision (DEC-8) joins the next agenda like
    a proposal: a fixed agenda is unfixed (to be fixed again), so no notice goes out with
    an item the secretary's office never fixed."""
    meeting = f.schedule(town)
    f.add_item(town, meeting)
    services.agenda_fix(actor=town.clerk, meeting=meeting)
    services.emergency_decision_record(
        actor=town.clerk,
        township=town.township,
        decided_by=town.chair,
        decided_at=timezone.now(),
        what="紧急转移受灾群众",
        why="山洪",
    )
    meeting.refresh_from_db()
    assert meeting.items.filter(kind=AgendaItem.Kind.EMERGENCY_REPORT).count() == 1
    assert meeting.agenda_fixed_at is None and meeting.agenda_fixed_by is None
    with pytest.raises(errors.AgendaNotFixed):
        services.notice_send(actor=town.clerk, meeting=meeting)
    assert not Notice.objects.exists()
    f.notice(town, meeting)  # fixed again, then noticed
    assert meeting.status == Meeting.Status.NOTICE_SENT


def test_dec2_a_postponed_item_joining_a_fixed_agenda_unfixes_it(town):
    """DEC-2: a postponed item (DEC-6) carried to a later meeting whose agenda is fixed
    unfixes that agenda, as a proposal would."""
    meeting, (item,) = f.open_meeting(town)
    later = f.schedule(town, start=meeting.start + datetime.timedelta(days=20))
    f.add_item(town, later)
    services.agenda_fix(actor=town.clerk, meeting=later)
    services.item_postpone(actor=town.clerk, item=item)
    later.refresh_from_db()
    assert later.items.filter(postponed_from=item).count() == 1
    assert later.agenda_fixed_at is None


def test_dec2_no_material_after_the_notice_even_during_the_meeting(town):
    """DEC-2: materials go out with the notice: after it (and during the meeting) a new
    material is refused like an ad-hoc motion, recorded, nothing written; before the
    notice a material added to a fixed agenda unfixes it."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    from meetings.models import ComplianceEvent, Material

    def upload(meeting, title):
        return services.material_add(
            actor=town.clerk,
            meeting=meeting,
            title=title,
            file=SimpleUploadedFile("a.pdf", b"%PDF-1.4"),
        )

    draft = f.schedule(town)
    f.add_item(town, draft)
    services.agenda_fix(actor=town.clerk, meeting=draft)
    upload(
        draft, "议题材料"
    )  # before the notice: allowed, the agenda to be fixed again
    draft.refresh_from_db()
    assert draft.agenda_fixed_at is None
    meeting, _items = f.open_meeting(town)
    for state in ("open", "noticed"):
        if state == "noticed":
            meeting = f.schedule(town)
            f.add_item(town, meeting)
            f.notice(town, meeting)
        before = Material.objects.count()
        with pytest.raises(errors.MaterialsFrozen) as caught:
            upload(meeting, "补充材料")
        assert str(caught.value) == (
            "The notice has been sent with its materials: no material may be added. "
            "Reopen the agenda and send a new notice."
        )
        assert caught.value.rule == "DEC-2"
        assert Material.objects.count() == before
    assert (
        ComplianceEvent.objects.filter(
            kind=ComplianceEvent.Kind.AGENDA_AFTER_NOTICE, detail="补充材料"
        ).count()
        == 2
    )


def _new_member(town, name, start):
    from committees import services as org_services
    from committees.models import Body, Membership

    person = f.nominee(town, name)
    org_services.membership_add(
        actor=None,
        body=town.township.bodies.get(kind=Body.Kind.COMMITTEE),
        person=person,
        role=Membership.Role.MEMBER,
        start=start,
    )
    return person


def test_dec3_participants_follow_the_members_in_office_on_the_meeting_day(
    town, travel
):
    """DEC-3: a member whose term starts after the meeting was scheduled counts in 应到
    and is a participant too: they get the notice and can arrive, so a full house is
    possible (17 of 17); before, they counted but could never arrive."""
    meeting = f.schedule(town)
    f.add_item(town, meeting)
    newcomer = _new_member(
        town, "新任委员", timezone.localdate() + datetime.timedelta(1)
    )
    f.notice(town, meeting)
    assert meeting.participants.filter(person=newcomer, is_invitee=False).exists()
    assert NoticeReceipt.objects.filter(participant__person=newcomer).count() == 1
    # A term recorded after the notice: they join at the latest when someone arrives,
    # with a receipt of the notice in force.
    later = _new_member(town, "补选委员", timezone.localdate() + datetime.timedelta(2))
    travel(meeting.start)
    f.arrive(town, meeting, [*town.members, newcomer, later])
    assert NoticeReceipt.objects.filter(participant__person=later).count() == 1
    services.meeting_open(actor=town.clerk, meeting=meeting)
    meeting.refresh_from_db()
    assert (meeting.members_count, meeting.present_at_opening) == (17, 17)


def test_dec3_a_reschedule_brings_the_participants_to_the_new_day(town):
    """DEC-3: rescheduled to a day on which a new member is in office, the meeting has
    them as a participant; the invitees stay."""
    guest = f.nominee(town, "列席人员")
    meeting = f.schedule(town, body_kind=Body.Kind.ENLARGED, invitees=[guest])
    later = meeting.start + datetime.timedelta(days=5)
    newcomer = _new_member(town, "新任委员", later.date() - datetime.timedelta(1))
    assert not meeting.participants.filter(person=newcomer).exists()
    services.meeting_reschedule(actor=town.clerk, meeting=meeting, start=later)
    people = {p.person_id: p.is_invitee for p in meeting.participants.all()}
    assert people[newcomer.pk] is False and people[guest.pk] is True
    assert len(people) == 17


def test_dec3_attendance_times_are_monotonic_per_member(town):
    """DEC-3: arrive < leave < arrive … for each member: a departure timed before the
    member's arrival is refused (it would leave them present), as is a time in the
    future or before the meeting day; nothing is written. A later time is recorded.

    The clock is pinned to a morning: five minutes before an arrival just after midnight
    (Shanghai) would be the day before, which is a different refusal."""
    start = timezone.make_aware(datetime.datetime(2026, 6, 10, 9, 0))
    meeting, (item,) = f.open_meeting(town, present=15, start=start)
    with services.clock(start + datetime.timedelta(minutes=30)):
        _attendance_in_order(town, meeting)


def _attendance_in_order(town, meeting):
    person = town.members[14]
    arrived = Attendance.objects.get(meeting=meeting, person=person).at
    local = timezone.localtime(arrived)
    before = counts()
    with pytest.raises(errors.AttendanceOutOfOrder) as caught:
        services.attendance_depart(
            actor=town.clerk,
            meeting=meeting,
            person=person,
            at=arrived - datetime.timedelta(minutes=5),
        )
    assert str(caught.value) == (
        f"{person.name}: the time {(local - datetime.timedelta(minutes=5)):%H:%M:%S} "
        f"is not after the last recorded time, {local:%H:%M:%S}: attendance is "
        "recorded in order."
    )
    assert caught.value.rule == "DEC-3"
    with pytest.raises(errors.AttendanceOutOfOrder):  # the same instant: no stay at all
        services.attendance_depart(
            actor=town.clerk, meeting=meeting, person=person, at=arrived
        )
    with pytest.raises(errors.AttendanceTimeInvalid) as caught:
        services.attendance_depart(
            actor=town.clerk,
            meeting=meeting,
            person=person,
            at=meeting.start + datetime.timedelta(hours=1),
        )
    assert str(caught.value) == (
        "An attendance time lies on the meeting day and not in the future."
    )
    with pytest.raises(errors.AttendanceTimeInvalid):
        services.attendance_depart(
            actor=town.clerk,
            meeting=meeting,
            person=person,
            at=meeting.start - datetime.timedelta(days=1),
        )
    assert counts() == before
    screen = selectors.meeting_screen(meeting)
    assert person.pk in {
        row["participant"].person_id for row in screen["attendance"] if row["present"]
    }
    left = services.attendance_depart(
        actor=town.clerk,
        meeting=meeting,
        person=person,
        at=arrived + datetime.timedelta(microseconds=1),
    )
    with pytest.raises(errors.AttendanceOutOfOrder):
        services.attendance_arrive(
            actor=town.clerk, meeting=meeting, person=person, at=left.at
        )
    services.attendance_arrive(actor=town.clerk, meeting=meeting, person=person)


def test_dec6_no_ballot_after_the_secretary_has_stated_their_view(town):
    """DEC-6: the secretary states their view last (主要负责人末位表态): once they have
    cast on a personnel item, no further ballot is taken on it, so a member arriving
    afterwards cannot vote after them; nothing is written."""
    meeting, (item,) = f.open_meeting(
        town, present=11, items=[AgendaItem.Kind.PERSONNEL]
    )
    person = item.nominees.get()
    f.vote(town, item, town.members[1:11], Ballot.Choice.AGREE, nominee=person)
    f.vote(town, item, [town.chair], Ballot.Choice.AGREE, nominee=person)
    late = town.members[11]
    f.arrive(town, meeting, [late])
    before = counts()
    with pytest.raises(errors.SecretaryHasSpoken) as caught:
        f.vote(town, item, [late], Ballot.Choice.DISAGREE, nominee=person)
    assert str(caught.value) == (
        "The secretary has stated their view on this item: no further ballot is taken "
        "on it."
    )
    assert caught.value.rule == "DEC-6"
    assert counts() == before
    services.item_close(actor=town.clerk, item=item)
    assert Decision.objects.get().tally["rows"][0]["yes"] == 11


def test_dec8_a_decision_time_in_the_future_is_refused(town):
    """DEC-8: an emergency decision is recorded after it was taken: a time in the future
    (or a naive one) is refused, nothing written; the present moment is accepted."""
    from meetings.models import EmergencyDecision

    meeting = f.schedule(town)
    with time_machine.travel(timezone.now(), tick=False):
        for when in (timezone.now() + datetime.timedelta(minutes=1), "2026-01-01"):
            with pytest.raises(errors.EmergencyTimeInvalid) as caught:
                services.emergency_decision_record(
                    actor=town.clerk,
                    township=town.township,
                    decided_by=town.chair,
                    decided_at=when,
                    what="抢修",
                    why="暴雨",
                )
            assert str(caught.value) == (
                "An emergency decision is recorded after it was taken: its time cannot "
                "lie in the future."
            )
            assert caught.value.rule == "DEC-8"
        assert not EmergencyDecision.objects.exists()
        assert not meeting.items.exists()
        services.emergency_decision_record(
            actor=town.clerk,
            township=town.township,
            decided_by=town.chair,
            decided_at=timezone.now(),
            what="抢修",
            why="暴雨",
        )
    assert EmergencyDecision.objects.count() == 1


def test_dec8_a_decision_reported_late_is_still_overdue(town, travel):
    """DEC-8: reported at a meeting on day 53 — after the 30 days — the decision was not
    reported in time: the figure still counts it once the report is made."""
    services.emergency_decision_record(
        actor=town.clerk,
        township=town.township,
        decided_by=town.chair,
        decided_at=timezone.now() - datetime.timedelta(days=50),
        what="抢修",
        why="暴雨",
    )
    meeting = f.schedule(town)  # the report joins its agenda
    (report,) = meeting.items.all()
    f.notice(town, meeting)
    travel(meeting.start)
    f.arrive(town, meeting, town.members)
    services.meeting_open(actor=town.clerk, meeting=meeting)
    services.item_close(actor=town.clerk, item=report)
    services.meeting_close(actor=town.clerk, meeting=meeting)
    figure = selectors.overdue_emergency_decisions(town.township)
    assert figure.count == 1 and figure.records[0].reported_at is not None


def test_dec8_reported_at_the_second_meeting_after_it_is_overdue_the_first_is_not(
    town, travel
):
    """DEC-8: a decision reported at the first meeting held after it is in time; one
    reported only at the second meeting held after it (within the 30 days) is not."""
    from meetings.models import EmergencyDecision

    first = f.schedule(town)
    f.add_item(town, first)
    f.notice(town, first)  # the agendas are closed: the emergency cannot join them
    second = f.schedule(town, start=first.start + datetime.timedelta(days=7))
    f.add_item(town, second)
    f.notice(town, second)
    services.emergency_decision_record(
        actor=town.clerk,
        township=town.township,
        decided_by=town.chair,
        decided_at=timezone.now(),
        what="第二次会议才报告",
        why="山洪",
    )
    travel(first.start)
    f.arrive(town, first, town.members)
    services.meeting_open(actor=town.clerk, meeting=first)
    (item,) = first.items.all()
    f.vote(town, item, town.members, Ballot.Choice.YES)
    services.item_close(actor=town.clerk, item=item)
    in_time = services.emergency_decision_record(
        actor=town.clerk,
        township=town.township,
        decided_by=town.chair,
        decided_at=timezone.now(),
        what="下次会议即报告",
        why="火情",
    )
    services.meeting_close(actor=town.clerk, meeting=first)
    third = f.schedule(town, start=second.start + datetime.timedelta(days=7))
    assert third.items.filter(emergency_decision=in_time).exists()
    assert EmergencyDecision.objects.filter(report_items__meeting=second).count() == 0
    # The late one joins only the third agenda: the first was held without it.
    late = EmergencyDecision.objects.get(what="第二次会议才报告")
    assert third.items.filter(emergency_decision=late).exists()
    f.notice(town, third)
    travel(third.start)
    f.arrive(town, third, town.members)
    services.meeting_open(actor=town.clerk, meeting=third)
    for report in third.items.all():
        services.item_close(actor=town.clerk, item=report)
    services.meeting_close(actor=town.clerk, meeting=third)
    figure = selectors.overdue_emergency_decisions(town.township)
    assert [e.what for e in figure.records] == ["第二次会议才报告"]


def test_dec9_a_major_item_cannot_be_closed_before_its_preparation_is_complete(town):
    """DEC-9: the gate applies to closing as well as voting: closing an unprepared major
    item would seal a rejected decision without a vote. Refused, nothing written; it may
    be postponed; once prepared, it is voted and closed."""
    meeting, (item,) = f.open_meeting(town, items=[AgendaItem.Kind.MAJOR])
    before = counts()
    with pytest.raises(errors.PreparationIncomplete) as caught:
        services.item_close(actor=town.clerk, item=item)
    assert str(caught.value) == (
        "The vote is blocked until the preparation is complete. Missing: "
        "investigation and research、options (0 of 1)、opinion of a lower-level "
        "organization."
    )
    assert caught.value.rule == "DEC-9"
    assert counts() == before
    item.refresh_from_db()
    assert item.status == AgendaItem.Status.PENDING
    f.prepare(town, item, options=1, expert=False)
    f.vote(town, item, town.members, Ballot.Choice.YES)
    services.item_close(actor=town.clerk, item=item)
    assert Decision.objects.get(item=item).outcome == Decision.Outcome.PASSED


def _reconsideration_meeting(town, original, travel, change=AgendaItem.Change.REVOKE):
    meeting = f.schedule(town)
    item = f.add_item(
        town,
        meeting,
        AgendaItem.Kind.RECONSIDERATION,
        target_decision=original,
        change=change,
    )
    return meeting, item


def test_dec10_a_decision_is_revoked_once(town, travel):
    """DEC-10: two reconsideration items naming one decision cannot both revoke it: the
    second is refused at its close once the first has passed (nothing written), and a
    new reconsideration naming the revoked decision is refused when it is proposed."""
    original = _passed_decision(town)
    meeting = f.schedule(town)
    first, second = (
        f.add_item(
            town,
            meeting,
            AgendaItem.Kind.RECONSIDERATION,
            target_decision=original,
            change=change,
        )
        for change in (AgendaItem.Change.REVOKE, AgendaItem.Change.REVOKE)
    )
    f.notice(town, meeting)
    travel(meeting.start)
    f.arrive(town, meeting, town.members)
    services.meeting_open(actor=town.clerk, meeting=meeting)
    f.vote(town, first, town.members, Ballot.Choice.YES)
    services.item_close(actor=town.clerk, item=first)
    with pytest.raises(errors.DecisionAlreadyRevoked) as caught:
        f.vote(town, second, town.members[:1], Ballot.Choice.YES)
    assert str(caught.value) == (
        "This decision has already been revoked: a revoked decision is neither revoked "
        "again nor changed."
    )
    assert caught.value.rule == "DEC-10"
    before = counts()
    with pytest.raises(errors.DecisionAlreadyRevoked):
        services.item_close(actor=town.clerk, item=second)
    assert counts() == before
    assert list(original.changed_by.values_list("item", flat=True)) == [first.pk]
    services.item_postpone(actor=town.clerk, item=second)  # the chair sets it aside
    services.meeting_close(actor=town.clerk, meeting=meeting)
    later = f.schedule(town, start=meeting.start + datetime.timedelta(days=40))
    assert not later.items.exists()  # the postponed revocation is not carried on
    with pytest.raises(errors.DecisionAlreadyRevoked):
        f.add_item(
            town,
            later,
            AgendaItem.Kind.RECONSIDERATION,
            target_decision=original,
            change=AgendaItem.Change.AMEND,
        )
    assert not later.items.exists()


def test_dec10_a_reconsideration_is_never_looser_than_the_rule_it_revokes(town, travel):
    """DEC-10 / thresholds: revoking a personnel decision (more than 2/3 of all members)
    under the reconsideration rule (more than 1/2) would let 8 of 15 undo what needed 11:
    the stricter rule applies, and the arithmetic says so."""
    meeting, (item,) = f.open_meeting(town, items=[AgendaItem.Kind.PERSONNEL])
    person = item.nominees.get()
    f.vote(town, item, town.members[1:] + town.members[:1], Ballot.Choice.AGREE, person)
    services.item_close(actor=town.clerk, item=item)
    original = Decision.objects.get(item=item)
    later, revoke = _reconsideration_meeting(town, original, travel)
    f.notice(town, later)
    travel(later.start)
    f.arrive(town, later, town.members)
    services.meeting_open(actor=town.clerk, meeting=later)
    f.vote(town, revoke, town.members[:10], Ballot.Choice.YES)
    f.vote(town, revoke, town.members[10:], Ballot.Choice.NO)
    services.item_close(actor=town.clerk, item=revoke)
    decision = Decision.objects.get(item=revoke)
    assert decision.outcome == Decision.Outcome.REJECTED  # 10 < 11, though 10 > 7.5
    assert decision.changes is None
    assert decision.rule_text == "超过应到会委员三分之二"
    assert decision.arithmetic.startswith(
        "复议规则（超过应到会委员二分之一，需 8 票）不得宽于原决定（干部人事事项）的规则"
        "（超过应到会委员三分之二，需 11 票），按较严者：\n"
    )
    assert "需 11" in decision.arithmetic


def _bad_inputs(town, other):
    """Each call gives a meetings service a value it must refuse (SEC-3, SEC-1)."""
    meeting = f.schedule(town)
    item = f.add_item(town, meeting, AgendaItem.Kind.MAJOR)
    stranger = f.nominee(other)
    start = meeting.start
    clerk, secretary = town.clerk, town.secretary

    def schedule(**kw):
        values = {
            "actor": clerk,
            "township": town.township,
            "body_kind": Body.Kind.COMMITTEE,
            "title": "党委会议",
            "start": start,
            "place": "三楼",
        }
        return lambda: services.meeting_schedule(**{**values, **kw})

    def emergency(**kw):
        values = {
            "actor": clerk,
            "township": town.township,
            "decided_by": town.chair,
            "decided_at": timezone.now(),
            "what": "抢修",
            "why": "暴雨",
        }
        return lambda: services.emergency_decision_record(**{**values, **kw})

    return {
        "unknown body": (schedule(body_kind="council"), errors.RecordInvalid),
        "empty title": (schedule(title=""), errors.RecordInvalid),
        "title too long": (schedule(title="会" * 201), errors.RecordInvalid),
        "naive start": (
            schedule(start=datetime.datetime(2030, 1, 1, 9)),
            errors.RecordInvalid,
        ),
        "start a string": (schedule(start="2030-01-01 09:00"), errors.RecordInvalid),
        "convener of another township": (
            schedule(convener=stranger),
            errors.PersonNotOfTownship,
        ),
        "invitee of another township": (
            schedule(body_kind=Body.Kind.ENLARGED, invitees=[stranger]),
            errors.PersonNotOfTownship,
        ),
        "unknown item kind": (
            lambda: services.agenda_item_propose(
                actor=secretary, meeting=meeting, title="x", kind="motion"
            ),
            errors.RecordInvalid,
        ),
        "empty item title": (
            lambda: services.agenda_item_propose(
                actor=secretary, meeting=meeting, title=""
            ),
            errors.RecordInvalid,
        ),
        "nominee of another township": (
            lambda: services.agenda_item_propose(
                actor=secretary,
                meeting=meeting,
                title="人事",
                kind=AgendaItem.Kind.PERSONNEL,
                nominees=[stranger],
            ),
            errors.PersonNotOfTownship,
        ),
        "item title emptied": (
            lambda: services.agenda_item_update(actor=secretary, item=item, title=""),
            errors.RecordInvalid,
        ),
        "unknown preparation step": (
            lambda: services.preparation_add(
                actor=clerk, item=item, step="rumour", title="x", text="y"
            ),
            errors.RecordInvalid,
        ),
        "reschedule to a naive time": (
            lambda: services.meeting_reschedule(
                actor=clerk, meeting=meeting, start=datetime.datetime(2030, 1, 2, 9)
            ),
            errors.RecordInvalid,
        ),
        "emergency decided by another township's person": (
            emergency(decided_by=stranger),
            errors.PersonNotOfTownship,
        ),
        "emergency without what": (emergency(what=""), errors.RecordInvalid),
        "arrival of another township's person": (
            lambda: services.attendance_arrive(
                actor=clerk, meeting=meeting, person=stranger
            ),
            errors.MeetingNotOpen,  # not noticed yet: refused before anything else
        ),
    }


def test_sec3_bad_input_to_the_meetings_services_is_a_domain_error_writing_nothing(
    town,
):
    """SEC-3 (issue 11): every meetings service refuses bad input — an unknown choice,
    an empty or overlong text, a naive or non-time moment, a person not of the township
    (SEC-1) — with a domain error the view shows, never a ValidationError, ValueError
    or 500, and writes nothing."""
    from core.errors import DomainError
    from meetings.models import EmergencyDecision, Participant, PreparationRecord

    other = f.make_town(members=7, name="樟木桥镇")
    table = _bad_inputs(town, other)

    def state():
        return {
            **counts(),
            "prep": PreparationRecord.objects.count(),
            "emergency": EmergencyDecision.objects.count(),
            "participants": Participant.objects.count(),
            "titles": sorted(AgendaItem.objects.values_list("title", flat=True)),
            "starts": sorted(Meeting.objects.values_list("start", flat=True)),
        }

    wrong = []
    for name, (call, expected) in table.items():
        before = state()
        try:
            call()
        except DomainError as error:
            if type(error) is not expected or not str(error):
                wrong.append(f"{name}: {type(error).__name__} {error}")
        except Exception as error:  # noqa: BLE001 - a ValidationError, a 500, …
            wrong.append(f"{name}: {type(error).__name__} {error}")
        else:
            wrong.append(f"{name}: accepted")
        if state() != before:
            wrong.append(f"{name}: something was written")
    assert "\n".join(wrong) == ""


def test_sec1_a_person_of_another_township_named_in_a_refusal(town, english):
    """SEC-1: the refusal names the person and says why."""
    other = f.make_town(members=7, name="樟木桥镇")
    stranger = f.nominee(other, "外镇人员")
    with pytest.raises(errors.PersonNotOfTownship) as caught:
        services.meeting_schedule(
            actor=town.clerk,
            township=town.township,
            body_kind=Body.Kind.COMMITTEE,
            title="党委会议",
            start=timezone.now() + datetime.timedelta(days=3),
            place="三楼",
            convener=stranger,
        )
    assert str(caught.value) == "外镇人员 is not a person of this township."
    assert caught.value.rule == "SEC-1"
    assert not Meeting.objects.filter(township=town.township).exists()
