"""The demo's year of money (committees.demo builder) and the FIN-5 county figure."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
import time_machine
from django.utils import timezone

from committees import access
from core import figures as registry
from finance import demo, errors, selectors, services
from finance.ledger import figures
from finance.models import Budget, BudgetChange, LargeExpenditure, LedgerEntry
from tests.finance import factories as ff
from tests.meetings.factories import town_of

pytestmark = pytest.mark.django_db
D = Decimal
day = datetime.date


def _users(world):
    return {access.Role(role): getattr(world.a, role) for role in vars(world.a)}


def test_fin5_the_demo_tells_a_year_of_money(world):
    with time_machine.travel(
        timezone.make_aware(datetime.datetime(2026, 12, 1, 10, 0)), tick=True
    ):
        demo.build(world.own, _users(world))
        demo.build(world.own, _users(world))  # idempotent
    budget = Budget.objects.get(township=world.own, year=2026)
    assert budget.in_force and budget.published_on and budget.filed_on
    changes = BudgetChange.objects.filter(budget=budget)
    assert (
        changes.filter(
            kind=BudgetChange.Kind.ADJUSTMENT, status=BudgetChange.Status.APPROVED
        ).count()
        == 1
    )
    assert changes.filter(kind=BudgetChange.Kind.RESERVE_USE).count() == 1
    road = LargeExpenditure.objects.get(township=world.own)
    assert road.status == LargeExpenditure.Status.PAID and not road.paid_late
    assert selectors.decision_passed(selectors.item_decision(road.agenda_item))
    entries = LedgerEntry.objects.filter(budget=budget)
    assert entries.filter(date__month=11).exists()  # every month so far
    assert entries.count() > 200
    for row in selectors.line_figures(budget, day(2026, 1, 1), day(2026, 12, 31)):
        assert row.balance >= 0
    found = figures.large_expenditure_breaches_by_township(
        [world.own, world.other], day(2026, 1, 1), day(2026, 12, 31)
    )
    assert found[world.own.pk].value == 0  # green: every large payment decided
    assert found[world.other.pk].value is None  # no budget: not yet recorded


def test_fin5_figure_counts_split_attempts_and_drills_down(world):
    town = town_of(world)
    budget = ff.budget_in_force(town)
    line = ff.line(budget, "2130101")
    services.entry_record(
        actor=town.clerk,
        line=line,
        kind="spent",
        amount=D("30000.00"),
        date=day(2026, 3, 1),
        counterparty="施工队",
        purpose="村道修补",
    )
    with pytest.raises(errors.SplitRefused):
        services.entry_record(
            actor=town.clerk,
            line=line,
            kind="spent",
            amount=D("30000.00"),
            date=day(2026, 3, 2),
            counterparty="施工队",
            purpose="村道修补",
        )
    year = timezone.localdate().year
    start, end = day(year, 1, 1), day(year, 12, 31)
    definition = registry.registered_figure("fin5")
    assert definition is not None and definition.rule == "FIN-5"
    if year != 2026:
        pytest.skip("the attempt is dated today; the budget is 2026's")
    found = definition.by_township([world.own], start, end)
    assert found[world.own.pk].value == 1
    assert definition.colour(found[world.own.pk].value) == registry.BAD
    drill = definition.drill(world.own, start, end)
    assert drill.value == 1
    assert drill.rows[0][2] == "村道修补" and drill.rows[0][3] == "30,000.00元"
