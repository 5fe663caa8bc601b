"""INC-4 democratic life meetings, INC-5 secret appraisal, INC-6 personal matters, INC-7
contact points, through the services."""

from __future__ import annotations

import datetime

import pytest

from cadres.incentives import errors, figures, rules, selectors, services
from cadres.incentives.models import (
    AppraisalBallot,
    AppraisalMark,
    AppraisalVoter,
    LifeMeeting,
)
from committees.selectors import committee_members_on
from core.errors import NotPermitted
from tests.cadres.incentives.factories import cadres

pytestmark = pytest.mark.django_db


def _members(world, day):
    return [m.person for m in committee_members_on(world.own, day)]


@pytest.mark.parametrize(
    "due, needed", [(3, 2), (5, 4), (6, 4), (7, 5), (9, 6), (15, 10)]
)
def test_inc4_two_thirds_of_those_due_includes_the_number_itself(due, needed):
    assert rules.attendance_needed(due) == needed
    assert rules.attendance_met(needed, due)
    assert not rules.attendance_met(needed - 1, due)


def test_inc4_meeting_below_two_thirds_is_refused(world):
    day = datetime.date(2025, 6, 20)
    members = _members(world, day)  # 15 due: 10 needed
    with pytest.raises(errors.AttendanceShort) as refused:
        services.life_meeting_record(
            actor=world.a.clerk,
            township=world.own,
            held_on=day,
            topic="民主生活会",
            present=members[:9],
        )
    assert "15" in str(refused.value) and "10" in str(refused.value)
    assert not LifeMeeting.objects.exists()
    meeting = services.life_meeting_record(
        actor=world.a.clerk,
        township=world.own,
        held_on=day,
        topic="民主生活会",
        present=members[:10],
        remarks={members[0].pk: services.MemberRemarks("调研不够", "督促不够")},
        rectifications=[
            services.RectificationInput("整改一", members[1], datetime.date(2025, 8, 1))
        ],
    )
    assert (meeting.due, meeting.present) == (15, 10)
    assert meeting.entries.count() == 15
    assert meeting.entries.get(person=members[0]).self_criticism == "调研不够"
    assert meeting.rectifications.get().owner == members[1]


def test_inc4_present_must_be_due(world):
    outsider = cadres(world.own, ["张三"])[0]
    day = datetime.date(2025, 6, 20)
    with pytest.raises(errors.NotDue):
        services.life_meeting_record(
            actor=None, township=world.own, held_on=day, topic="x", present=[outsider]
        )


def test_inc4_a_meeting_is_recorded_once_held(world):
    tomorrow = datetime.date.today() + datetime.timedelta(days=2)
    with pytest.raises(errors.MeetingInFuture):
        services.life_meeting_record(
            actor=None,
            township=world.own,
            held_on=tomorrow,
            topic="x",
            present=_members(world, tomorrow),
        )


def test_inc4_only_staff_record(world):
    with pytest.raises(NotPermitted):
        services.life_meeting_record(
            actor=world.a.member,
            township=world.own,
            held_on=datetime.date(2025, 6, 20),
            topic="x",
            present=[],
        )


def test_inc4_a_half_year_without_a_meeting_is_a_gap_on_page_and_dashboard(world):
    day = datetime.date(2025, 11, 20)
    services.life_meeting_record(
        actor=None,
        township=world.own,
        held_on=day,
        topic="x",
        present=_members(world, day),
    )
    gaps = selectors.life_meeting_gaps(world.own, 2025, datetime.date(2026, 1, 1))
    assert [g.label for g in gaps] == ["2025-01-01 – 2025-06-30"]
    start, end = datetime.date(2025, 1, 1), datetime.date(2025, 12, 31)
    found = figures.life_meeting_gaps_by_township([world.own, world.other], start, end)
    assert found[world.own.pk].value == 1
    assert found[world.own.pk].by_month == {6: 1, 12: 0}
    assert found[world.other.pk].value == 2
    drill = figures._drill(world.own, start, end)
    assert drill.value == 1 and drill.rows == [["2025-01-01 – 2025-06-30"]]
    # A half-year that has not ended is no gap yet.
    assert (
        figures.life_meeting_gaps_by_township(
            [world.own], start, datetime.date(2025, 5, 31)
        )[world.own.pk].value
        == 0
    )


def test_inc4_interval_is_a_township_setting_never_past_a_year(world):
    with pytest.raises(errors.IntervalTooLong):
        services.life_meeting_interval_set(
            actor=world.a.secretary, township=world.own, months=18
        )
    with pytest.raises(NotPermitted):
        services.life_meeting_interval_set(
            actor=world.a.clerk, township=world.own, months=3
        )
    services.life_meeting_interval_set(
        actor=world.a.secretary, township=world.own, months=3
    )
    assert (
        len(selectors.life_meeting_gaps(world.own, 2025, datetime.date(2026, 1, 1)))
        == 4
    )
    with pytest.raises(ValueError):
        rules.life_meeting_windows(2025, 24)


def test_inc4_records_before_the_township_keeps_them_are_not_gaps(world):
    world.own.records_from = datetime.date(2025, 7, 1)
    world.own.save()
    gaps = selectors.life_meeting_gaps(world.own, 2025, datetime.date(2026, 1, 1))
    assert [g.label for g in gaps] == ["2025-07-01 – 2025-12-31"]


# -- INC-5 ---------------------------------------------------------------------------------


def _appraisal(world):
    subjects = cadres(world.own, ["甲", "乙"])
    return services.appraisal_open(
        actor=world.a.clerk, township=world.own, year=2025, subjects=subjects
    ), subjects


def test_inc5_one_secret_ballot_per_voter_and_a_provable_count(world):
    appraisal, (a, b) = _appraisal(world)
    receipts = []
    for user, marks in (
        (world.a.secretary, {a.pk: "satisfied", b.pk: "basic"}),
        (world.a.member, {a.pk: "satisfied", b.pk: "not_satisfied"}),
        (world.a.cadre, {a.pk: "basic", b.pk: "satisfied"}),
    ):
        receipts.append(
            services.appraisal_vote(actor=user, appraisal=appraisal, marks=marks)
        )
    with pytest.raises(errors.AlreadyVoted):
        services.appraisal_vote(
            actor=world.a.cadre,
            appraisal=appraisal,
            marks={a.pk: "basic", b.pk: "basic"},
        )
    with pytest.raises(errors.NotAVoter):  # a county reviewer does not vote
        services.appraisal_vote(
            actor=world.reviewer,
            appraisal=appraisal,
            marks={a.pk: "basic", b.pk: "basic"},
        )
    services.appraisal_close(actor=world.a.clerk, appraisal=appraisal)
    with pytest.raises(errors.AppraisalClosed):
        services.appraisal_vote(
            actor=world.a.clerk,
            appraisal=appraisal,
            marks={a.pk: "basic", b.pk: "basic"},
        )
    counts = selectors.appraisal_counts(appraisal)
    assert counts[a.pk] == {"satisfied": 2, "basic": 1, "not_satisfied": 0}
    assert counts[b.pk] == {"satisfied": 1, "basic": 1, "not_satisfied": 1}
    # The count is provable: as many ballots as voters, each receipt on the published list.
    assert (
        AppraisalBallot.objects.filter(appraisal=appraisal).count()
        == AppraisalVoter.objects.filter(appraisal=appraisal).count()
        == 3
    )
    assert sorted(receipts) == sorted(
        appraisal.ballots.values_list("receipt", flat=True)
    )


def test_inc5_nothing_readable_links_a_ballot_to_its_voter(world):
    appraisal, (a, b) = _appraisal(world)
    services.appraisal_vote(
        actor=world.a.member,
        appraisal=appraisal,
        marks={a.pk: "satisfied", b.pk: "basic"},
    )
    ballot = AppraisalBallot.objects.get()
    names = {f.name for f in AppraisalBallot._meta.get_fields()} | {
        f.name for f in AppraisalMark._meta.get_fields()
    }
    assert not names & {
        "user",
        "voter",
        "person_user",
        "created_at",
        "cast_at",
        "voted_at",
    }
    assert isinstance(
        ballot.pk, type(AppraisalMark.objects.first().pk)
    )  # random keys, not a sequence
    assert (
        not ballot.history.exists() and not AppraisalMark.history.exists()
    )  # no trail row (moment, user)
    assert (
        AppraisalVoter.objects.get().user == world.a.member
    )  # who voted is kept apart
    assert services.appraisal_vote.__doc__


def test_inc5_every_cadre_marked(world):
    appraisal, (a, b) = _appraisal(world)
    with pytest.raises(errors.MarksIncomplete):
        services.appraisal_vote(
            actor=world.a.member, appraisal=appraisal, marks={a.pk: "satisfied"}
        )
    assert not AppraisalBallot.objects.exists()


# -- INC-6 ----------------------------------------------------------------------------------


def test_inc6_clocks_yearly_by_31_january_and_overdue(world):
    member = _members(world, datetime.date(2026, 2, 1))[0]
    clocks = selectors.report_clocks(world.own, datetime.date(2026, 2, 1))
    mine = [c for c in clocks if c.person == member]
    assert mine[0].due == datetime.date(2026, 1, 31) and mine[0].overdue
    services.personal_report_submit(
        actor=world.a.secretary,
        township=world.own,
        person=member,
        kind="yearly",
        year=2025,
        submitted_on=datetime.date(2026, 1, 30),
        content="无变化",
        relative_employers="县城投公司\n 县农商银行 ",
    )
    mine = [
        c
        for c in selectors.report_clocks(world.own, datetime.date(2026, 2, 1))
        if c.person == member
    ]
    assert not mine[0].overdue
    assert selectors.declared_relative_employers(member) == frozenset(
        {"县城投公司", "县农商银行"}
    )


def test_inc6_new_member_and_change_within_30_days(world):
    from committees import services as committee_services
    from committees.models import Body

    person = cadres(world.own, ["新委员"])[0]
    committee = Body.objects.get(township=world.own, kind=Body.Kind.COMMITTEE)
    committee_services.membership_add(
        actor=None,
        body=committee,
        person=person,
        role="member",
        start=datetime.date(2026, 3, 2),
    )
    today = datetime.date(2026, 4, 5)
    new = [
        c
        for c in selectors.report_clocks(world.own, today)
        if c.person == person and "新任" in c.label
    ][0]
    assert new.due == datetime.date(2026, 4, 1) and new.overdue
    services.personal_report_submit(
        actor=None,
        township=world.own,
        person=person,
        kind="change",
        event_on=datetime.date(2026, 3, 10),
        submitted_on=datetime.date(2026, 4, 10),
        content="配偶工作变动",
    )
    change = [
        c
        for c in selectors.report_clocks(world.own, today)
        if c.person == person and "变化" in c.label
    ][0]
    assert (
        change.due == datetime.date(2026, 4, 9) and change.overdue
    )  # filed a day late


def test_inc6_a_member_reports_only_their_own(world):
    other = _members(world, datetime.date(2026, 1, 1))[0]
    with pytest.raises(errors.ReportNotOwn):
        services.personal_report_submit(
            actor=world.a.member,
            township=world.own,
            person=other,
            kind="yearly",
            year=2025,
            submitted_on=datetime.date(2026, 1, 5),
            content="x",
        )
    with pytest.raises(NotPermitted):
        services.personal_report_submit(
            actor=world.a.clerk,
            township=world.own,
            person=world.a.clerk.person,
            kind="yearly",
            year=2025,
            submitted_on=datetime.date(2026, 1, 5),
            content="x",
        )
    own = services.personal_report_submit(
        actor=world.a.member,
        township=world.own,
        person=world.a.member.person,
        kind="yearly",
        year=2025,
        submitted_on=datetime.date(2026, 1, 5),
        content="x",
    )
    with pytest.raises(errors.NotReviewer):
        services.personal_report_review(
            actor=world.a.member,
            report=own,
            reviewed_on=datetime.date(2026, 1, 6),
            note="",
        )
    services.personal_report_review(
        actor=world.a.secretary,
        report=own,
        reviewed_on=datetime.date(2026, 1, 6),
        note="已核",
    )


def test_inc6_reports_are_seen_by_the_secretary_and_the_reviewer_only(world, login):
    from django.urls import reverse

    member = _members(world, datetime.date(2026, 1, 1))[0]
    services.personal_report_submit(
        actor=None,
        township=world.own,
        person=member,
        kind="yearly",
        year=2025,
        submitted_on=datetime.date(2026, 1, 5),
        content="秘密事项ABC",
    )
    url = reverse("incentives:personal_matters", kwargs={"slug": world.own.slug})
    for user in (world.a.secretary, world.reviewer):
        assert "秘密事项ABC" in login(user).get(url).content.decode()
    for user in (
        world.a.clerk,
        world.a.member,
        world.a.cadre,
        world.a.finance_group,
        world.auditor,
        world.b.secretary,
        world.far_reviewer,
        world.system_admin,
    ):
        response = login(user).get(url)
        assert response.status_code == 404, user
    # A member's own page shows only their own reports.
    mine = reverse("incentives:my_personal_matters", kwargs={"slug": world.own.slug})
    assert "秘密事项ABC" not in login(world.a.member).get(mine).content.decode()


# -- INC-7 -----------------------------------------------------------------------------------


def test_inc7_contact_points_of_committee_members(world, login):
    from django.urls import reverse

    member = _members(world, datetime.date(2025, 1, 1))[0]
    services.contact_point_add(
        actor=world.a.clerk,
        township=world.own,
        person=member,
        village="东风村",
        since=datetime.date(2025, 1, 1),
    )
    with pytest.raises(errors.NotDue):
        services.contact_point_add(
            actor=None,
            township=world.own,
            person=cadres(world.own, ["张三"])[0],
            village="红旗村",
            since=datetime.date(2025, 1, 1),
        )
    page = login(world.a.cadre).get(
        reverse(
            "incentives:member", kwargs={"slug": world.own.slug, "person_pk": member.pk}
        )
    )
    assert "东风村" in page.content.decode()
    township_page = login(world.a.cadre).get(
        reverse("incentives:contact_points", kwargs={"slug": world.own.slug})
    )
    assert "东风村" in township_page.content.decode()


def test_inc5_aud2_a_closed_appraisal_is_sealed_and_a_changed_mark_shows(world):
    from django.db import connection

    from core import integrity

    appraisal, (a, b) = _appraisal(world)
    services.appraisal_vote(
        actor=world.a.member,
        appraisal=appraisal,
        marks={a.pk: "satisfied", b.pk: "basic"},
    )
    services.appraisal_close(actor=None, appraisal=appraisal)
    assert integrity.verify().ok
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE cadres_appraisalmark SET choice = 'not_satisfied' WHERE person_id = %s",
            [a.pk],
        )
    report = integrity.verify()
    assert [(b["kind"], b["model"]) for b in report.breaches] == [
        ("changed", "cadres.Appraisal")
    ]
