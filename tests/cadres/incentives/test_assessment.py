"""INC-3: grades under the excellent cap, committee members' grades, notice, review and
appeal clocks, consequences, the dossier."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest

from cadres.incentives import errors, rules, selectors, services
from cadres.incentives.models import Assessment
from committees.selectors import committee_members_on
from core.errors import NotPermitted
from tests.cadres.incentives.factories import cadres, plan

pytestmark = pytest.mark.django_db
YEAR = 2025


@pytest.mark.parametrize("size", [4, 5, 9, 10, 14])
def test_inc3_excellent_cap_refused_above_it(world, size):
    people = cadres(world.own, [f"干部{i}" for i in range(size)])
    cap = size // 5
    over = {p: ("excellent" if i <= cap else "competent") for i, p in enumerate(people)}
    with pytest.raises(errors.ExcellentAboveCap) as refused:
        services.grades_record(
            actor=world.a.secretary, township=world.own, year=YEAR, grades=over
        )
    assert f"向下取整为 {cap} 人" in str(refused.value)
    assert not Assessment.objects.filter(year=YEAR).exists()  # nothing half-saved
    at_cap = {
        p: ("excellent" if i < cap else "competent") for i, p in enumerate(people)
    }
    services.grades_record(
        actor=world.a.secretary, township=world.own, year=YEAR, grades=at_cap
    )
    view = selectors.excellent_cap_view(world.own, YEAR)
    assert (view.assessed, view.excellent, view.cap) == (size, cap, cap)


def test_inc3_cap_counts_grades_already_recorded(world):
    people = cadres(world.own, [f"干部{i}" for i in range(5)])
    services.grades_record(
        actor=None,
        township=world.own,
        year=YEAR,
        grades={people[0]: "excellent"} | {p: "competent" for p in people[1:]},
    )
    with pytest.raises(errors.ExcellentAboveCap):
        services.grades_record(
            actor=None, township=world.own, year=YEAR, grades={people[1]: "excellent"}
        )


def test_inc3_the_county_sets_the_cap(world):
    people = cadres(world.own, [f"干部{i}" for i in range(4)])
    with pytest.raises(NotPermitted):
        services.excellent_percent_set(
            actor=world.a.secretary, county=world.county, percent=Decimal("30")
        )
    services.excellent_percent_set(
        actor=world.reviewer, county=world.county, percent=Decimal("25")
    )
    assert selectors.settings_of(world.other).excellent_percent == Decimal("25")
    services.grades_record(  # 25 % of 4 = 1
        actor=None,
        township=world.own,
        year=YEAR,
        grades={people[0]: "excellent"} | {p: "competent" for p in people[1:]},
    )


def test_inc3_only_the_secretary_grades(world):
    person = cadres(world.own, ["张三"])[0]
    with pytest.raises(NotPermitted):
        services.grades_record(
            actor=world.a.clerk,
            township=world.own,
            year=YEAR,
            grades={person: "competent"},
        )


def test_inc3_committee_members_are_graded_by_the_higher_authority(world):
    member = committee_members_on(world.own, datetime.date(YEAR, 12, 31)).first().person
    with pytest.raises(errors.CommitteeMemberGradedHere):
        services.grades_record(
            actor=None, township=world.own, year=YEAR, grades={member: "excellent"}
        )
    with pytest.raises(errors.HigherDecisionMissing):
        services.higher_grade_record(
            actor=world.a.clerk,
            township=world.own,
            year=YEAR,
            person=member,
            grade="excellent",
            decision=" ",
        )
    outsider = cadres(world.own, ["张三"])[0]
    with pytest.raises(errors.NotACommitteeMember):
        services.higher_grade_record(
            actor=None,
            township=world.own,
            year=YEAR,
            person=outsider,
            grade="competent",
            decision="县委文件",
        )
    found = services.higher_grade_record(
        actor=world.a.clerk,
        township=world.own,
        year=YEAR,
        person=member,
        grade="excellent",
        decision="县委组织部通知",
    )
    assert found.decided_by == Assessment.DecidedBy.HIGHER
    assert (
        selectors.excellent_cap_view(world.own, YEAR).assessed == 0
    )  # not in the township's cap


def test_inc3_consequences_of_incompetent_and_two_years():
    assert any("第五十条" in c for c in rules.consequences("incompetent", "competent"))
    two = rules.consequences("incompetent", "incompetent")
    assert any("第八十八条" in c for c in two)
    assert not any("第八十八条" in c for c in rules.consequences("incompetent", None))
    assert all(
        "第八十八条" not in c for c in rules.consequences("basic", "incompetent")
    )


def _graded(world, served_on):
    person = cadres(world.own, ["张三"])[0]
    services.grades_record(
        actor=None, township=world.own, year=YEAR, grades={person: "incompetent"}
    )
    assessment = Assessment.objects.get(person=person, year=YEAR)
    return services.notice_serve(
        actor=world.a.clerk, assessment=assessment, served_on=served_on
    )


def test_inc3_review_within_30_days_of_the_notice(world):
    # Notice served Wed 2026-01-07: day 30 is Fri 2026-02-06, a working day.
    assessment = _graded(world, datetime.date(2026, 1, 7))
    clocks = selectors.review_clocks(assessment)
    assert clocks[0].last_day == datetime.date(2026, 2, 6)
    assert "第九十五条" in clocks[0].basis
    with pytest.raises(errors.ReviewOutOfTime) as late:
        services.review_file(
            actor=None,
            assessment=assessment,
            kind="review",
            filed_on=datetime.date(2026, 2, 7),
        )
    assert "2026-02-06" in str(late.value)
    services.review_file(
        actor=None,
        assessment=assessment,
        kind="review",
        filed_on=datetime.date(2026, 2, 6),
    )


def test_inc3_review_needs_the_notice_and_appeal_needs_the_result(world):
    person = cadres(world.own, ["张三"])[0]
    services.grades_record(
        actor=None, township=world.own, year=YEAR, grades={person: "basic"}
    )
    assessment = Assessment.objects.get(person=person)
    with pytest.raises(errors.NoticeNotServed):
        services.review_file(
            actor=None,
            assessment=assessment,
            kind="review",
            filed_on=datetime.date(2026, 1, 10),
        )
    services.notice_serve(
        actor=None, assessment=assessment, served_on=datetime.date(2026, 1, 7)
    )
    with pytest.raises(errors.AppealWithoutReviewResult):
        services.review_file(
            actor=None,
            assessment=assessment,
            kind="appeal",
            filed_on=datetime.date(2026, 1, 10),
        )
    review = services.review_file(
        actor=None,
        assessment=assessment,
        kind="review",
        filed_on=datetime.date(2026, 1, 10),
    )
    services.review_result(
        actor=None,
        review=review,
        result="维持原等次",
        result_on=datetime.date(2026, 3, 2),
    )
    assessment.refresh_from_db()
    clocks = selectors.review_clocks(assessment)
    assert clocks[1].last_day == datetime.date(2026, 3, 17)  # 15 days from Mon 2 March
    with pytest.raises(errors.ReviewOutOfTime):
        services.review_file(
            actor=None,
            assessment=assessment,
            kind="appeal",
            filed_on=datetime.date(2026, 3, 18),
        )
    services.review_file(
        actor=None,
        assessment=assessment,
        kind="appeal",
        filed_on=datetime.date(2026, 3, 17),
    )


def test_inc3_appeal_last_day_off_moves_to_the_next_working_day(world):
    """A period ending on a rest day ends on the next working day (民法典 art. 203)."""
    assessment = _graded(world, datetime.date(2026, 1, 3))  # + 30 = Mon 2 Feb
    review = services.review_file(
        actor=None,
        assessment=assessment,
        kind="review",
        filed_on=datetime.date(2026, 1, 5),
    )
    services.review_result(
        actor=None, review=review, result="维持", result_on=datetime.date(2026, 1, 16)
    )
    assessment.refresh_from_db()
    # 16 Jan + 15 = Sat 31 Jan → Mon 2 Feb
    assert selectors.review_clocks(assessment)[1].last_day == datetime.date(2026, 2, 2)


def test_inc3_dossier_gathers_the_year(world):
    person = world.a.cadre.person
    plan(person, YEAR, ("40", "60"), ("90", "80"))
    services.grades_record(
        actor=None, township=world.own, year=YEAR, grades={person: "competent"}
    )
    services.daily_record_add(
        actor=world.a.clerk,
        township=world.own,
        person=person,
        date=datetime.date(YEAR, 3, 2),
        kind="leave",
        note="事假一天",
    )
    pool = services.pool_set(
        actor=None,
        township=world.own,
        year=YEAR,
        amount=Decimal("500.00"),
        approval="批复",
    )
    services.pool_split(actor=None, pool=pool)
    found = selectors.dossier(person, YEAR)
    assert found["score"] == Decimal("84")
    assert found["share"].share == Decimal("500.00")
    assert found["assessment"].grade == "competent"
    assert [d.note for d in found["daily"]] == ["事假一天"]
    assert "submitted" in found["study"]
    assert found["audit_findings"] == []
