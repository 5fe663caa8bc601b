"""FIN-4 / FIN-6 property: any sequence of reallocations, adjustments and expenditures
keeps every line's balance = approved + approved changes − spent, exactly to the fen, and
never below zero (the services refuse what would break it)."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from core.errors import DomainError
from finance import selectors, services
from finance.models import BudgetLine, LedgerEntry
from tests.finance import factories as ff
from tests.meetings.factories import town_of

pytestmark = pytest.mark.django_db

SPENDING = ["2010101", "2130101", "2080201", "2270101"]
cents = st.integers(min_value=1, max_value=4_000_000).map(lambda c: Decimal(c) / 100)
step = st.one_of(
    st.tuples(st.just("spend"), st.sampled_from(SPENDING), cents),
    st.tuples(
        st.just("move"),
        st.sampled_from(SPENDING),
        st.sampled_from(SPENDING),
        cents,
    ),
    st.tuples(st.just("adjust"), st.sampled_from(SPENDING), cents, st.booleans()),
)


@pytest.fixture
def setup(world):
    town = town_of(world)
    budget = ff.budget_in_force(town)
    members = ff.group(town, count=3)
    return town, budget, members, world.a.finance_group


@settings(
    max_examples=15,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(steps=st.lists(step, min_size=1, max_size=8))
def test_fin4_balance_is_approved_plus_changes_minus_spent(setup, steps):
    town, budget, members, group_user = setup
    lines = {code: ff.line(budget, code) for code in SPENDING}
    expected = {
        code: selectors.line_balance(line).balance for code, line in lines.items()
    }
    for number, action in enumerate(steps):
        try:
            if action[0] == "spend":
                _kind, code, amount = action
                services.entry_record(
                    actor=town.clerk,
                    line=lines[code],
                    kind=LedgerEntry.Kind.SPENT,
                    amount=amount,
                    date=datetime.date(2026, 6, 1),
                    counterparty="供应商",
                    purpose=f"用途{code}-{number}-{len(expected)}-{id(steps)}",
                )
                expected[code] -= amount
            elif action[0] == "move":
                _kind, source, target, amount = action
                if source == target:
                    continue
                change = services.change_propose(
                    actor=town.clerk,
                    budget=budget,
                    title="调剂",
                    deltas=[(lines[source], -amount), (lines[target], amount)],
                    plan="调剂方案",
                )
                decided = services.change_group_decide(
                    actor=group_user,
                    change=change,
                    decided_on=datetime.date(2026, 6, 1),
                    choices=ff.ballots(members, yes=2),
                )
                if decided.status == decided.Status.GROUP_APPROVED:
                    services.change_congress_approve(
                        actor=town.clerk,
                        change=decided,
                        approved_on=datetime.date(2026, 6, 1),
                        session="会议",
                        resolution="决议",
                    )
                expected[source] -= amount
                expected[target] += amount
            else:
                _kind, code, amount, lower = action
                delta = -amount if lower else amount
                change = services.change_propose(
                    actor=town.clerk,
                    budget=budget,
                    title="调整",
                    deltas=[(lines[code], delta)],
                    plan="调整方案",
                )
                services.change_group_decide(
                    actor=group_user,
                    change=change,
                    decided_on=datetime.date(2026, 6, 1),
                    choices=ff.ballots(members, yes=2),
                )
                services.change_congress_approve(
                    actor=town.clerk,
                    change=change,
                    approved_on=datetime.date(2026, 6, 1),
                    session="会议",
                    resolution="决议",
                )
                expected[code] += delta
        except DomainError:
            pass  # refused: nothing was saved, the expectation is unchanged
    figures = {
        f.line.code: f
        for f in selectors.line_figures(
            budget, datetime.date(2026, 1, 1), datetime.date(2026, 12, 31)
        )
        if f.line.direction == BudgetLine.Direction.SPENDING
    }
    for code in SPENDING:
        row = figures[code]
        assert row.balance == expected[code]
        assert row.balance == row.approved + row.changes - row.actual_ytd
        assert row.balance >= 0
