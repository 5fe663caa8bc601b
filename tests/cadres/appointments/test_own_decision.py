"""DEC-10, APT-1, DEC-4: an appointment case stands only on its own, standing decision.

Issue 11: a decision revoked by a reconsideration still moved the case; a decision taken
before the case (or one that had already carried another case) satisfied its decision
stage; and a personnel item voted from the meetings pages could not be linked at all.
"""

from __future__ import annotations

import datetime

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from cadres.appointments import errors, selectors, services
from cadres.appointments.models import Stage
from disclosure.models import Item
from tests.cadres.appointments import factories as af
from tests.cadres.appointments.test_services import snapshot

pytestmark = pytest.mark.django_db


# -- DEC-10: a revoked decision moves nothing ------------------------------------------------


def test_dec10_a_revoked_decision_does_not_move_the_case(world, english):
    """DEC-10: the committee passed the appointment, then revoked that decision by a
    reconsideration naming it: the case cannot take it over; nothing is written."""
    case = af.case_at(world, Stage.DECISION)
    item = af.committee_vote(world, case)
    revoking = af.revoke(world, item.decision)
    before = snapshot()
    with pytest.raises(errors.DecisionRevoked) as caught:
        services.decision_confirm(actor=world.a.clerk, case=case)
    day = f"{timezone.localtime(revoking.decided_at):%Y-%m-%d %H:%M}"
    assert str(caught.value) == (
        f"The committee revoked this decision (“关于撤销原任职决定的议题”, {day}); a case "
        "cannot stand on a revoked decision."
    )
    assert caught.value.rule == "DEC-10"
    assert snapshot() == before
    case.refresh_from_db()
    assert case.stage == Stage.DECISION


def test_dec10_a_revoked_item_is_not_offered_and_linking_it_is_refused(world, english):
    """DEC-10: the case page does not offer a revoked decision; sent by hand, it is refused."""
    case = af.case_at(world, Stage.DECISION)
    item = af.personnel_vote(world, [case.person])
    af.revoke(world, item.decision)
    assert list(selectors.personnel_items_for(case)) == []
    before = snapshot()
    with pytest.raises(errors.DecisionRevoked):
        services.decision_link(actor=world.a.clerk, case=case, item=item)
    assert snapshot() == before


def test_dec10_a_decision_revoked_after_the_case_moved_on_stops_the_case(world):
    """DEC-10: revoked while the notice is up: the case stops in the same transaction,
    the notice is withdrawn (PUB-2 keeps it) and the formalities are refused."""
    case = af.case_at(world, Stage.NOTICE)
    notice = services.notice_publish(actor=world.a.clerk, case=case)
    revoking = af.revoke(world, case.agenda_item.decision)
    case.refresh_from_db()
    assert case.stage == Stage.STOPPED
    assert "关于撤销原任职决定的议题" in case.stopped_reason
    last = case.transitions.last()
    assert (last.from_stage, last.to_stage, last.by) == (
        Stage.NOTICE,
        Stage.STOPPED,
        None,
    )
    assert "DEC-10" in last.note and revoking.title in last.note
    notice.item.refresh_from_db()
    assert notice.item.state == Item.State.WITHDRAWN
    after = notice.ends_at + datetime.timedelta(seconds=1)
    with time_machine.travel(after, tick=False):
        with pytest.raises(errors.CaseClosed):
            services.formalities_start(actor=world.a.clerk, case=case)


def test_dec10_a_done_appointment_is_left_alone_by_a_later_revocation(world):
    """DEC-10: once the formalities are done the case is closed; a revocation is a new
    matter (a removal), recorded with the decision, and does not rewrite the case."""
    case = af.case_at(world, Stage.DONE)
    af.revoke(world, case.agenda_item.decision)
    case.refresh_from_db()
    assert case.stage == Stage.DONE


# -- APT-1: the case's own decision ----------------------------------------------------------


def test_apt1_a_decision_taken_before_the_case_opened_does_not_satisfy_it(
    world, english
):
    """APT-1: an old decision on the same person (a case before this one) is not this
    case's decision: not offered, and refused when sent by hand; nothing written."""
    who = af.person(world.own, "王明")
    with time_machine.travel(timezone.now() - datetime.timedelta(days=30)):
        old = af.personnel_vote(world, [who])
    case = af.case_at(world, Stage.DECISION, who=who)
    assert list(selectors.personnel_items_for(case)) == []
    before = snapshot()
    with pytest.raises(errors.DecisionBeforeCase) as caught:
        services.decision_link(actor=world.a.clerk, case=case, item=old)
    assert str(caught.value).startswith(
        f"This decision was taken on "
        f"{timezone.localtime(old.decision.decided_at):%Y-%m-%d %H:%M}, before the case "
        "reached the committee decision stage ("
    )
    assert caught.value.rule == "APT-1"
    assert snapshot() == before


def test_apt1_a_decision_taken_before_the_inspection_ended_is_not_its_own(
    world, english
):
    """APT-1 (no stage skipped): a decision taken after the case opened but before the
    inspection report is refused too; the stage it decides comes after the inspection."""
    who = af.person(world.own, "王明")
    with time_machine.travel(timezone.now() - datetime.timedelta(days=30)):
        case = af.open_case(world, who)
        early = af.personnel_vote(world, [who])
    af.recommend(world, case)
    af.select(world, case)
    af.inspect(world, case)
    case.refresh_from_db()
    with pytest.raises(errors.DecisionBeforeCase):
        services.decision_link(actor=world.a.clerk, case=case, item=early)
    # The boundary: a decision taken after the inspection is the case's own.
    later = af.personnel_vote(world, [who])
    services.decision_link(actor=world.a.clerk, case=case, item=later)
    services.decision_confirm(actor=world.a.clerk, case=case)
    case.refresh_from_db()
    assert case.stage == Stage.NOTICE


def test_apt1_one_decision_moves_one_case(world, english):
    """APT-1: two cases of one person (two posts) linked to one item: the first takes the
    decision over; the second is refused, at the confirmation and at the link."""
    who = af.person(world.own, "王明")
    first = af.case_at(world, Stage.DECISION, who=who)
    second = af.case_at(world, Stage.DECISION, who=who)
    item = af.personnel_vote(world, [who])
    services.decision_link(actor=world.a.clerk, case=first, item=item)
    services.decision_link(actor=world.a.clerk, case=second, item=item)
    services.decision_confirm(actor=world.a.clerk, case=first)
    before = snapshot()
    with pytest.raises(errors.DecisionUsedByAnotherCase) as caught:
        services.decision_confirm(actor=world.a.clerk, case=second)
    assert str(caught.value) == (
        f"This decision has already carried another case (“{first}”); one decision "
        "moves one case."
    )
    assert snapshot() == before
    assert list(selectors.personnel_items_for(second)) == []
    with pytest.raises(errors.DecisionUsedByAnotherCase):
        services.decision_link(actor=world.a.clerk, case=second, item=item)
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.stage, second.stage) == (Stage.NOTICE, Stage.DECISION)


def test_apt1_two_nominees_of_one_item_each_move_their_own_case(world):
    """APT-1, DEC-6: one personnel item deciding two people moves each person's case on
    that person's own row: "one decision, one case" is per person."""
    a = af.case_at(world, Stage.DECISION, who=af.person(world.own, "王明"))
    b = af.case_at(world, Stage.DECISION, who=af.person(world.own, "李雷"))
    item = af.personnel_vote(
        world, [a.person, b.person], title="关于两名同志任职的议题"
    )
    for case in (a, b):
        services.decision_link(actor=world.a.clerk, case=case, item=item)
        services.decision_confirm(actor=world.a.clerk, case=case)
        case.refresh_from_db()
        assert case.stage == Stage.NOTICE


def test_dec4_the_decision_must_decide_on_the_case_person(world, english):
    """DEC-4: the item linked named the person, but its nominees were changed before the
    vote and the decision has no row for them: refused with its own message; nothing
    written."""
    from meetings import services as meeting_services
    from meetings.models import AgendaItem
    from tests.meetings import factories as mf

    case = af.case_at(world, Stage.DECISION)
    other = af.person(world.own, "李雷")
    town = mf.town_of(world)
    meeting = mf.schedule(town)
    item = mf.add_item(
        town,
        meeting,
        AgendaItem.Kind.PERSONNEL,
        title="关于李雷同志任职的议题",
        nominees=[case.person],
    )
    services.decision_link(actor=world.a.clerk, case=case, item=item)
    item.nominees.set([other])  # the agenda changed before the notice
    mf.notice(town, meeting)
    with time_machine.travel(meeting.start, tick=False):
        mf.arrive(town, meeting, town.members)
        meeting_services.meeting_open(actor=town.clerk, meeting=meeting)
        for voter in town.members[1:] + town.members[:1]:
            meeting_services.ballot_cast(
                actor=town.clerk, item=item, voter=voter, choice="agree", nominee=other
            )
        meeting_services.item_close(actor=town.clerk, item=item)
    before = snapshot()
    with pytest.raises(errors.DecisionNotOnPerson) as caught:
        services.decision_confirm(actor=world.a.clerk, case=case)
    assert str(caught.value) == (
        "The committee's decision on “关于李雷同志任职的议题” does not decide on 王明; "
        "the case stands only on a decision about its own person."
    )
    assert caught.value.rule == "DEC-4"
    assert snapshot() == before


# -- APT-1: an item voted from the meetings pages -------------------------------------------


def test_apt1_a_personnel_item_voted_from_the_meetings_pages_is_offered_and_moves_the_case(
    world, login
):
    """APT-1, DEC-4: the secretary proposed and the committee voted the item from the
    meetings pages, never touching the case: the case page offers the decided item, and
    linking it lets the case take the decision over."""
    case = af.case_at(world, Stage.DECISION)
    item = af.personnel_vote(world, [case.person])
    assert list(selectors.personnel_items_for(case)) == [item]
    client = login(world.a.clerk)
    url = reverse("appointments:case", args=[world.own.slug, case.pk])
    page = client.get(url)
    assert f'value="{item.pk}"' in page.content.decode()
    client.post(url, {"action": "decision_link", "item": item.pk})
    case.refresh_from_db()
    assert case.agenda_item == item
    client.post(url, {"action": "decision_confirm"})
    case.refresh_from_db()
    assert case.stage == Stage.NOTICE


def test_apt1_a_postponed_item_is_decided_by_its_later_copy(world):
    """DEC-6, APT-1: the linked item was postponed (暂缓表决) and carried to a later
    agenda; the copy's decision moves the case."""
    from meetings import services as meeting_services
    from meetings.models import AgendaItem
    from tests.meetings import factories as mf

    case = af.case_at(world, Stage.DECISION)
    town = mf.town_of(world)
    first = mf.schedule(town)
    item = mf.add_item(town, first, AgendaItem.Kind.PERSONNEL, nominees=[case.person])
    services.decision_link(actor=world.a.clerk, case=case, item=item)
    later = mf.schedule(town, start=first.start + datetime.timedelta(days=7))
    mf.add_item(town, later, AgendaItem.Kind.ORDINARY)
    mf.notice(town, first)
    with time_machine.travel(first.start, tick=False):
        mf.arrive(town, first, town.members)
        meeting_services.meeting_open(actor=town.clerk, meeting=first)
        meeting_services.item_postpone(actor=town.clerk, item=item)
    copy = AgendaItem.objects.get(postponed_from=item)
    with time_machine.travel(later.start - datetime.timedelta(days=2), tick=False):
        mf.notice(town, later)
    with time_machine.travel(later.start, tick=False):
        mf.arrive(town, later, town.members)
        meeting_services.meeting_open(actor=town.clerk, meeting=later)
        for voter in town.members[1:] + town.members[:1]:
            meeting_services.ballot_cast(
                actor=town.clerk,
                item=copy,
                voter=voter,
                choice="agree",
                nominee=case.person,
            )
        meeting_services.item_close(actor=town.clerk, item=copy)
    services.decision_confirm(actor=world.a.clerk, case=case)
    case.refresh_from_db()
    assert case.stage == Stage.NOTICE
    assert case.agenda_item == copy
