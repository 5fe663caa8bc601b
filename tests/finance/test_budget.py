"""FIN-1, FIN-3, FIN-4 through the services, on PostgreSQL."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from core.errors import NotPermitted
from finance import errors, selectors, services
from finance.models import (
    Budget,
    BudgetChange,
    BudgetLine,
    BudgetLineVersion,
    GroupBallot,
    GroupDecision,
)
from meetings.models import Ballot
from tests.finance import factories as ff
from tests.meetings.factories import town_of

pytestmark = pytest.mark.django_db
D = Decimal
day = datetime.date


@pytest.fixture
def town(world):
    return town_of(world)


# -- FIN-1 ------------------------------------------------------------------------------


def test_fin1_group_decides_by_more_than_half_of_all_members(town, world):
    members = ff.group(town, count=5)
    decision = services.group_decision_record(
        actor=world.a.finance_group,
        township=town.township,
        subject="调剂",
        decided_on=day(2026, 3, 1),
        choices=ff.ballots(members, yes=2, no=1),  # two absent
    )
    assert (decision.yes_count, decision.no_count, decision.members_count) == (2, 1, 5)
    assert decision.approved is False
    assert "2×2=4≤5" in decision.arithmetic
    assert decision.ballots.filter(choice=GroupBallot.Choice.ABSENT).count() == 2
    passed = services.group_decision_record(
        actor=world.a.finance_group,
        township=town.township,
        subject="调剂",
        decided_on=day(2026, 3, 1),
        choices=ff.ballots(members, yes=3),
    )
    assert passed.approved is True
    assert passed.ballots.get(member=members[0]).entered_by == world.a.finance_group


def test_fin1_a_member_who_left_does_not_count_and_cannot_vote(town, world):
    members = ff.group(town, count=4)
    services.group_member_end(actor=town.clerk, member=members[3], end=day(2026, 1, 31))
    decision = services.group_decision_record(
        actor=world.a.finance_group,
        township=town.township,
        subject="调剂",
        decided_on=day(2026, 3, 1),
        choices=ff.ballots(members[:3], yes=2),
    )
    assert decision.members_count == 3 and decision.approved  # 2×2=4 > 3
    with pytest.raises(errors.NotAGroupMember):
        services.group_decision_record(
            actor=world.a.finance_group,
            township=town.township,
            subject="调剂",
            decided_on=day(2026, 3, 1),
            choices={members[3].pk: "yes"},
        )


def test_fin1_only_the_finance_group_votes(town, world):
    members = ff.group(town, count=3)
    for user in (
        world.a.clerk,
        world.a.secretary,
        world.a.cadre,
        world.b.finance_group,
    ):
        with pytest.raises(NotPermitted):
            services.group_decision_record(
                actor=user,
                township=town.township,
                subject="调剂",
                decided_on=day(2026, 3, 1),
                choices=ff.ballots(members, yes=3),
            )
    assert not GroupDecision.objects.exists()


def test_fin1_a_group_without_members_cannot_vote(town, world):
    with pytest.raises(errors.GroupHasNoMembers):
        services.group_decision_record(
            actor=world.a.finance_group,
            township=town.township,
            subject="调剂",
            decided_on=day(2026, 3, 1),
            choices={},
        )


# -- FIN-3 ------------------------------------------------------------------------------


def test_fin3_a_year_that_exists_is_refused(town):
    ff.draft_budget(town)
    with pytest.raises(errors.BudgetYearExists) as refused:
        services.budget_create(actor=town.clerk, township=town.township, year=2026)
    assert refused.value.rule == "FIN-3"
    assert "2026" in str(refused.value)
    assert Budget.objects.count() == 1


def test_fin3_a_negative_amount_is_refused_and_nothing_saved(town):
    budget = services.budget_create(actor=town.clerk, township=town.township, year=2026)
    with pytest.raises(errors.NegativeAmount) as refused:
        services.budget_line_add(
            actor=town.clerk,
            budget=budget,
            kind=BudgetLine.Kind.GENERAL,
            direction=BudgetLine.Direction.SPENDING,
            code="201",
            name="行政运行",
            amount=D("-0.01"),
        )
    assert "-0.01" in str(refused.value)
    assert not BudgetLine.objects.exists()


def test_fin3_a_float_is_never_money(town):
    budget = services.budget_create(actor=town.clerk, township=town.township, year=2026)
    with pytest.raises(TypeError):
        services.budget_line_add(
            actor=town.clerk,
            budget=budget,
            kind=BudgetLine.Kind.GENERAL,
            direction=BudgetLine.Direction.SPENDING,
            code="201",
            name="行政运行",
            amount=0.1,
        )


@pytest.mark.parametrize(
    ("reserve", "refused"),
    [
        ("9999.99", True),  # below 1 % of 1,000,000
        ("10000.00", False),
        ("30000.00", False),
        ("30000.01", True),  # above 3 %
    ],
)
def test_fin3_reserve_fund_outside_one_to_three_percent_is_refused(
    town, reserve, refused
):
    lines = [row for row in ff.LINES if row[1] != BudgetLine.Kind.RESERVE_FUND]
    budget = ff.draft_budget(town, lines=lines)
    add = dict(
        actor=town.clerk,
        budget=budget,
        kind=BudgetLine.Kind.RESERVE_FUND,
        direction=BudgetLine.Direction.SPENDING,
        code="227",
        name="预备费",
        amount=D(reserve),
    )
    if refused:
        with pytest.raises(errors.ReserveOutOfBounds) as error:
            services.budget_line_add(**add)
        text = str(error.value)
        assert "10,000.00元" in text and "30,000.00元" in text
        assert "1,000,000.00元" in text
    else:
        services.budget_line_add(**add)
        assert services.reserve_refusal(budget) is None


def test_fin3_the_report_refuses_a_reserve_the_later_lines_moved_out_of_bounds(town):
    budget = ff.draft_budget(town)
    services.budget_line_update(
        actor=town.clerk, line=ff.line(budget, "2130101"), amount=D("2000000.00")
    )
    # Now general spending is 2,500,000: 20,000 is 0.8 %.
    refusal = services.reserve_refusal(budget)
    assert isinstance(refusal, errors.ReserveOutOfBounds)
    assert "25,000.00元" in str(refusal)


def test_fin3_only_the_clerk_drafts(town, world):
    for user in (
        world.a.secretary,
        world.a.finance_group,
        world.a.cadre,
        world.reviewer,
    ):
        with pytest.raises(NotPermitted):
            services.budget_create(actor=user, township=town.township, year=2026)


def test_fin3_the_budget_is_in_force_only_after_committee_and_congress(town):
    budget = ff.draft_budget(town)
    with pytest.raises(errors.NotReported):
        services.budget_approve(
            actor=town.clerk,
            budget=budget,
            approved_on=day(2026, 1, 10),
            session="第五次会议",
            resolution="1号",
        )
    reported = ff.decide(
        town,
        lambda meeting: services.budget_report(
            actor=town.secretary, budget=budget, meeting=meeting
        ),
        choice=Ballot.Choice.NO,
    )
    assert reported.status == Budget.Status.REPORTED
    services.budget_opinions_record(
        actor=town.clerk, budget=reported, text="意见", heard_on=day(2026, 1, 5)
    )
    with pytest.raises(errors.CommitteeNotDecided):
        services.budget_approve(
            actor=town.clerk,
            budget=reported,
            approved_on=day(2026, 1, 10),
            session="第五次会议",
            resolution="1号",
        )
    reported.refresh_from_db()
    assert reported.status == Budget.Status.REPORTED
    assert not reported.in_force


def test_fin3_voters_opinions_come_before_the_congress(town):
    budget = ff.decide(
        town,
        lambda meeting: services.budget_report(
            actor=town.secretary, budget=ff.draft_budget(town), meeting=meeting
        ),
    )
    with pytest.raises(errors.OpinionsNotHeard):
        services.budget_approve(
            actor=town.clerk,
            budget=budget,
            approved_on=day(2026, 1, 10),
            session="第五次会议",
            resolution="1号",
        )
    services.budget_opinions_record(
        actor=town.clerk, budget=budget, text="意见", heard_on=day(2026, 1, 5)
    )
    with pytest.raises(errors.ApprovalIncomplete):
        services.budget_approve(
            actor=town.clerk,
            budget=budget,
            approved_on=day(2026, 1, 10),
            session="第五次会议",
            resolution=" ",
        )
    decided = timezone.localtime(
        selectors.item_decision(budget.agenda_item).decided_at
    ).date()
    with pytest.raises(errors.ApprovalBeforeCommittee):
        services.budget_approve(
            actor=town.clerk,
            budget=budget,
            approved_on=decided - datetime.timedelta(days=1),
            session="第五次会议",
            resolution="1号",
        )
    services.budget_opinions_record(
        actor=town.clerk, budget=budget, text="意见", heard_on=decided
    )
    with pytest.raises(errors.OpinionsNotHeard):  # heard after the congress's day
        services.budget_approve(
            actor=town.clerk,
            budget=budget,
            approved_on=decided - datetime.timedelta(days=1),
            session="第五次会议",
            resolution="1号",
        )
    approved = services.budget_approve(
        actor=town.clerk,
        budget=budget,
        approved_on=decided,
        session="第五次会议",
        resolution="1号",
    )
    assert approved.in_force
    versions = BudgetLineVersion.objects.filter(line__budget=approved)
    assert versions.count() == len(ff.LINES)
    assert {v.stage for v in versions} == {BudgetLineVersion.Stage.APPROVED}


def test_fin3_lines_of_a_reported_budget_are_not_changed(town):
    budget = ff.budget_in_force(town)
    with pytest.raises(errors.BudgetNotDraft):
        services.budget_line_update(
            actor=town.clerk, line=ff.line(budget, "2010101"), amount=D("1.00")
        )


def test_fin3_publication_period_is_twenty_days_with_its_article(town):
    budget = ff.budget_in_force(town)
    periods = selectors.budget_periods(budget)
    publication = periods["publication"]
    assert publication.last_day == day(2026, 1, 30)
    assert "预算法第十四条" in publication.basis
    filing = periods["filing"]
    assert filing.last_day == day(2026, 1, 30)
    assert "预算法第五十条" in filing.basis
    with pytest.raises(errors.DateBeforeApproval):
        services.budget_publish(
            actor=town.clerk, budget=budget, published_on=day(2026, 1, 9)
        )
    services.budget_publish(
        actor=town.clerk, budget=budget, published_on=day(2026, 1, 20)
    )
    budget.refresh_from_db()
    assert budget.published_on == day(2026, 1, 20)
    item = budget.column_item
    assert item.state == "published" and item.owner == services.BUDGET_OWNER
    assert item.category == "project_funds"
    assert "2130101 农村道路养护：500,000.00元（重点支出）" in item.body
    assert "人大决〔2026〕1号" in item.body


# -- FIN-4 ------------------------------------------------------------------------------


def _change(town, budget, deltas, plan="", **kw):
    return services.change_propose(
        actor=town.clerk,
        budget=budget,
        title="变更",
        deltas=[(ff.line(budget, code), D(delta)) for code, delta in deltas],
        plan=plan,
        **kw,
    )


def test_fin4_a_reallocation_needs_the_group_only_and_keeps_versions(town, world):
    budget = ff.budget_in_force(town)
    members = ff.group(town)
    change = _change(town, budget, [("2010101", "-5000.00"), ("2080201", "5000.00")])
    assert change.kind == BudgetChange.Kind.REALLOCATION
    assert "预算法第七十二条" in change.explanation
    with pytest.raises(errors.ChangeNeedsNoCongress):
        services.change_congress_approve(
            actor=town.clerk,
            change=change,
            approved_on=day(2026, 3, 1),
            session="s",
            resolution="r",
        )
    change = services.change_group_decide(
        actor=world.a.finance_group,
        change=change,
        decided_on=day(2026, 3, 1),
        choices=ff.ballots(members, yes=3),
    )
    assert change.status == BudgetChange.Status.APPROVED
    versions = selectors.line_versions(budget)
    social = ff.line(budget, "2080201")
    assert [(v.number, v.amount) for v in versions[social.pk]] == [
        (1, D("300000.00")),
        (2, D("305000.00")),
    ]
    figures = {
        f.line.code: f
        for f in selectors.line_figures(budget, day(2026, 1, 1), day(2026, 12, 31))
    }
    assert figures["2080201"].adjusted == D("305000.00")
    assert figures["2010101"].adjusted == D("195000.00")
    before = {
        f.line.code: f
        for f in selectors.line_figures(budget, day(2026, 1, 1), day(2026, 2, 28))
    }
    assert before["2080201"].adjusted == D("300000.00")  # not yet in force then


def test_fin4_a_reserve_use_is_classified_and_routed_to_the_group(town):
    budget = ff.budget_in_force(town)
    change = _change(town, budget, [("2270101", "-8000.00"), ("2080201", "8000.00")])
    assert change.kind == BudgetChange.Kind.RESERVE_USE
    assert "预算法第六十四条" in change.explanation


def test_fin4_an_adjustment_needs_a_plan_the_group_and_the_congress(town, world):
    budget = ff.budget_in_force(town)
    members = ff.group(town)
    with pytest.raises(errors.ChangeNeedsPlan) as refused:
        _change(town, budget, [("2130101", "100000.00")])
    assert "增加或者减少预算总支出" in str(refused.value)
    assert not BudgetChange.objects.exists()
    change = _change(
        town, budget, [("2130101", "100000.00")], plan="上级追加道路资金10万元"
    )
    assert change.kind == BudgetChange.Kind.ADJUSTMENT
    assert change.art67_tests == ["total_spending"]
    with pytest.raises(errors.ChangeNeedsGroup):
        services.change_congress_approve(
            actor=town.clerk,
            change=change,
            approved_on=day(2026, 6, 1),
            session="第六次会议",
            resolution="2号",
        )
    change = services.change_group_decide(
        actor=world.a.finance_group,
        change=change,
        decided_on=day(2026, 5, 20),
        choices=ff.ballots(members, yes=3),
    )
    assert change.status == BudgetChange.Status.GROUP_APPROVED
    assert selectors.line_balance(ff.line(budget, "2130101")).adjusted == D("500000.00")
    change = services.change_congress_approve(
        actor=town.clerk,
        change=change,
        approved_on=day(2026, 6, 1),
        session="第六次会议",
        resolution="2号",
    )
    assert change.status == BudgetChange.Status.APPROVED
    assert selectors.line_balance(ff.line(budget, "2130101")).adjusted == D("600000.00")


def test_fin4_cutting_a_key_expenditure_is_an_adjustment(town):
    budget = ff.budget_in_force(town)
    change = _change(
        town, budget, [("2130101", "-1000.00"), ("2010101", "1000.00")], plan="方案"
    )
    assert change.kind == BudgetChange.Kind.ADJUSTMENT
    assert change.art67_tests == ["key_expenditure_cut"]


def test_fin4_a_change_the_group_refuses_is_rejected_and_changes_nothing(town, world):
    budget = ff.budget_in_force(town)
    members = ff.group(town)
    change = _change(town, budget, [("2010101", "-5000.00"), ("2080201", "5000.00")])
    change = services.change_group_decide(
        actor=world.a.finance_group,
        change=change,
        decided_on=day(2026, 3, 1),
        choices=ff.ballots(members, yes=2, no=3),
    )
    assert change.status == BudgetChange.Status.REJECTED
    assert selectors.line_balance(ff.line(budget, "2080201")).adjusted == D("300000.00")
    with pytest.raises(errors.ChangeNotOpen):
        services.change_group_decide(
            actor=world.a.finance_group,
            change=change,
            decided_on=day(2026, 3, 2),
            choices=ff.ballots(members, yes=5),
        )


def test_fin4_a_draft_budget_is_not_changed(town):
    budget = ff.draft_budget(town)
    with pytest.raises(errors.ChangeNeedsBudgetInForce):
        _change(town, budget, [("2010101", "-5000.00"), ("2080201", "5000.00")])


def test_fin4_a_line_is_not_lowered_below_what_was_spent(town):
    budget = ff.budget_in_force(town)
    services.entry_record(
        actor=town.clerk,
        line=ff.line(budget, "2010101"),
        kind="spent",
        amount=D("40000.00"),
        date=day(2026, 2, 1),
        counterparty="供电所",
        purpose="电费",
    )
    with pytest.raises(errors.ChangeBelowSpent) as refused:
        _change(town, budget, [("2010101", "-160000.01"), ("2080201", "160000.01")])
    assert "40,000.00元" in str(refused.value)
