"""FIN-3 (Art 54), FIN-5, FIN-6, FIN-10 through the ledger services, on PostgreSQL."""

from __future__ import annotations

import datetime
import pathlib
from decimal import Decimal

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from committees.models import Body
from core.errors import NotPermitted
from finance import errors, selectors, services
from finance.models import LargeExpenditure, LedgerEntry, SplitAttempt
from meetings.models import Ballot
from tests.finance import factories as ff
from tests.meetings.factories import town_of

pytestmark = pytest.mark.django_db
D = Decimal
day = datetime.date


@pytest.fixture
def town(world):
    return town_of(world)


@pytest.fixture
def budget(town):
    return ff.budget_in_force(town)


def spend(town, line, amount, purpose="办公用品", on=None, **kw):
    return services.entry_record(
        actor=town.clerk,
        line=line,
        kind=LedgerEntry.Kind.SPENT,
        amount=D(amount),
        date=on or day(2026, 3, 1),
        counterparty="文具店",
        purpose=purpose,
        **kw,
    )


# -- FIN-6 ------------------------------------------------------------------------------


def test_fin6_spending_from_a_revenue_line_is_refused(town, budget):
    fees = ff.line(budget, "1030401")
    services.entry_record(
        actor=town.clerk,
        line=fees,
        kind=LedgerEntry.Kind.PAID_IN,
        amount=D("1200.00"),
        date=day(2026, 2, 1),
        counterparty="缴款人",
        purpose="收费缴入国库",
    )
    with pytest.raises(errors.CollectedSpending) as refused:
        spend(town, fees, "100.00")
    assert refused.value.rule == "FIN-6"
    assert "1030401" in str(refused.value)
    with pytest.raises(errors.RevenueOnSpendingLine):
        services.entry_record(
            actor=town.clerk,
            line=ff.line(budget, "2010101"),
            kind=LedgerEntry.Kind.PAID_IN,
            amount=D("1.00"),
            date=day(2026, 2, 1),
            counterparty="缴款人",
            purpose="收费",
        )
    assert LedgerEntry.objects.count() == 1


def test_fin6_overspending_is_refused_with_the_balance(town, budget):
    line = ff.line(budget, "2010101")  # 200,000.00
    for i in range(4):
        spend(town, line, "45000.00", purpose=f"运行经费{i}")
    with pytest.raises(errors.OverSpending) as refused:
        spend(town, line, "30000.00", purpose="差旅")
    text = str(refused.value)
    assert "20,000.00元" in text and "180,000.00元" in text and "200,000.00元" in text
    assert refused.value.rule == "FIN-6"
    assert selectors.line_balance(line).balance == D("20000.00")
    assert LedgerEntry.objects.filter(line=line).count() == 4


def test_fin6_the_last_fen_and_not_one_more(town, budget):
    line = ff.line(budget, "2270101")  # the reserve, 20,000.00
    for i in range(4):
        spend(town, line, "4999.99", purpose=f"应急{i}")
    spend(town, line, "0.03", purpose="应急余款")
    figures = selectors.line_balance(line)
    assert figures.actual_ytd == D("19999.99")
    assert figures.balance == D("0.01")
    with pytest.raises(errors.OverSpending) as refused:
        spend(town, line, "0.02", purpose="应急再支")
    assert "0.01元" in str(refused.value)
    spend(town, line, "0.01", purpose="应急再支")
    assert selectors.line_balance(line).balance == D("0.00")


def test_fin6_an_entry_outside_the_budget_year_or_not_positive_is_refused(town, budget):
    line = ff.line(budget, "2010101")
    with pytest.raises(errors.EntryOutsideYear):
        spend(town, line, "10.00", on=day(2027, 1, 1))
    with pytest.raises(errors.EntryNotPositive):
        spend(town, line, "0.00")
    with pytest.raises(errors.EntryNotPositive):
        spend(town, line, "-5.00")


def test_fin6_only_the_clerk_records(town, budget, world):
    for user in (
        world.a.secretary,
        world.a.finance_group,
        world.a.cadre,
        world.b.clerk,
    ):
        with pytest.raises(NotPermitted):
            services.entry_record(
                actor=user,
                line=ff.line(budget, "2010101"),
                kind=LedgerEntry.Kind.SPENT,
                amount=D("1.00"),
                date=day(2026, 3, 1),
                counterparty="文具店",
                purpose="办公用品",
            )
    assert not LedgerEntry.objects.exists()


# -- FIN-3: Art 54 before approval ---------------------------------------------------


def test_fin3_before_approval_only_art54_kinds_are_paid(town):
    budget = ff.draft_budget(town)
    with pytest.raises(errors.PaymentBeforeApproval) as refused:
        spend(town, ff.line(budget, "2130101"), "100.00", on=day(2026, 1, 3))
    assert "Art 54" in str(refused.value) or "第五十四条" in str(refused.value)
    spend(town, ff.line(budget, "2010101"), "100.00", on=day(2026, 1, 3))  # base
    spend(town, ff.line(budget, "2080201"), "100.00", on=day(2026, 1, 3))  # statutory
    assert LedgerEntry.objects.count() == 2


def test_fin3_a_payment_dated_before_the_congress_approval_is_art54_too(town, budget):
    # Approved on 10 January: a road payment dated the 9th is refused, base spending not.
    with pytest.raises(errors.PaymentBeforeApproval):
        spend(town, ff.line(budget, "2130101"), "100.00", on=day(2026, 1, 9))
    spend(town, ff.line(budget, "2010101"), "100.00", on=day(2026, 1, 9))
    spend(town, ff.line(budget, "2130101"), "100.00", on=day(2026, 1, 10))


# -- FIN-5 ------------------------------------------------------------------------------


def test_fin5_above_the_threshold_is_refused_without_a_decision(town, budget):
    line = ff.line(budget, "2130101")
    with pytest.raises(errors.LargeExpenditureUndecided) as refused:
        spend(town, line, "50000.01", purpose="道路修补")
    assert "50,000.00元" in str(refused.value)
    spend(town, line, "50000.00", purpose="道路修补")  # the threshold itself passes


def test_fin5_splitting_one_purpose_is_refused_and_the_attempt_kept(town, budget):
    line = ff.line(budget, "2130101")
    spend(town, line, "30000.00", purpose="东风村 道路硬化")
    with pytest.raises(errors.SplitRefused) as refused:
        spend(town, line, "25000.00", purpose="东风村道路硬化")  # same purpose
    text = str(refused.value)
    assert "30,000.00元" in text and "55,000.00元" in text
    assert LedgerEntry.objects.filter(line=line).count() == 1
    attempt = SplitAttempt.objects.get()
    assert (attempt.amount, attempt.before, attempt.threshold) == (
        D("25000.00"),
        D("30000.00"),
        D("50000.00"),
    )
    assert attempt.attempted_by == town.clerk
    spend(town, line, "20000.00", purpose="西岭村道路硬化")  # another purpose


def test_fin5_the_threshold_is_a_township_setting(town, budget):
    services.settings_update(
        actor=town.clerk,
        township=town.township,
        large_expenditure_threshold=D("10000.00"),
        budget_filing_days=20,
    )
    with pytest.raises(errors.LargeExpenditureUndecided):
        spend(town, ff.line(budget, "2130101"), "10000.01")


def _large(town, budget, amount="120000.00", **kw):
    return services.large_expenditure_propose(
        actor=town.clerk,
        line=ff.line(budget, "2130101"),
        purpose="东风村道路硬化工程",
        amount=D(amount),
        supplier_name="县路桥公司",
        **kw,
    )


def _communicate(town, expenditure):
    return services.large_expenditure_communicate(
        actor=town.clerk,
        expenditure=expenditure,
        communicated_on=day(2026, 3, 1),
        communication="拟硬化东风村道路2公里",
        secretary_view="同意提交党委扩大会议",
    )


def _decided(town, expenditure, choice=Ballot.Choice.YES):
    return ff.decide(
        town,
        lambda meeting: services.large_expenditure_to_agenda(
            actor=town.secretary, expenditure=expenditure, meeting=meeting
        ),
        body_kind=Body.Kind.ENLARGED,
        choice=choice,
    )


def test_fin10_communicated_to_the_secretary_before_the_enlarged_meeting(town, budget):
    expenditure = _large(town, budget)
    meeting = ff.mf.schedule(town, body_kind=Body.Kind.ENLARGED)
    with pytest.raises(errors.NotCommunicated) as refused:
        services.large_expenditure_to_agenda(
            actor=town.secretary, expenditure=expenditure, meeting=meeting
        )
    assert refused.value.rule == "FIN-10"
    with pytest.raises(errors.NotCommunicated):
        services.large_expenditure_communicate(
            actor=town.clerk,
            expenditure=expenditure,
            communicated_on=day(2026, 3, 1),
            communication="拟硬化道路",
            secretary_view="",
        )
    expenditure = _communicate(town, expenditure)
    committee = ff.mf.schedule(town)
    with pytest.raises(errors.NotEnlargedMeeting):
        services.large_expenditure_to_agenda(
            actor=town.secretary, expenditure=expenditure, meeting=committee
        )
    with pytest.raises(NotPermitted):
        services.large_expenditure_to_agenda(
            actor=town.clerk, expenditure=expenditure, meeting=meeting
        )


def test_fin5_paid_only_with_the_enlarged_meetings_decision(town, budget):
    expenditure = _communicate(town, _large(town, budget))
    with pytest.raises(errors.NotDecided):
        services.large_expenditure_contract(
            actor=town.clerk, expenditure=expenditure, signed_on=day(2026, 3, 20)
        )
    expenditure = _decided(town, expenditure)
    line = ff.line(budget, "2130101")
    with pytest.raises(errors.NoContractYet):
        spend(town, line, "120000.00", large_expenditure=expenditure)
    decided = timezone.localtime(
        selectors.item_decision(expenditure.agenda_item).decided_at
    ).date()
    with pytest.raises(errors.ContractBeforeDecision):
        services.large_expenditure_contract(
            actor=town.clerk,
            expenditure=expenditure,
            signed_on=decided - datetime.timedelta(days=1),
        )
    with pytest.raises(errors.PaymentTermTooLong):
        services.large_expenditure_contract(
            actor=town.clerk,
            expenditure=expenditure,
            signed_on=decided,
            contract_payment_days=61,
        )
    services.large_expenditure_contract(
        actor=town.clerk, expenditure=expenditure, signed_on=decided
    )
    with pytest.raises(errors.PaymentBeyondDecision):
        spend(town, line, "120000.01", large_expenditure=expenditure, on=decided)
    spend(town, line, "60000.00", large_expenditure=expenditure, on=decided)
    spend(town, line, "60000.00", large_expenditure=expenditure, on=decided)
    expenditure.refresh_from_db()
    assert expenditure.status == LargeExpenditure.Status.PAID
    assert expenditure.paid_late is False  # no delivery date: nothing to measure


def test_fin5_a_rejected_expenditure_is_never_paid(town, budget):
    expenditure = _decided(
        town, _communicate(town, _large(town, budget)), choice=Ballot.Choice.NO
    )
    with pytest.raises(errors.NotDecided):
        services.large_expenditure_contract(
            actor=town.clerk, expenditure=expenditure, signed_on=day(2026, 12, 1)
        )


@pytest.mark.parametrize(
    ("contract_days", "paid_after", "late"),
    [(None, 30, False), (None, 31, True), (60, 60, False), (60, 61, True)],
)
def test_fin5_an_sme_paid_after_its_period_is_flagged(
    town, budget, contract_days, paid_after, late
):
    """保障中小企业款项支付条例 Art 9: 30 days from delivery, at most 60 by contract (the
    delivery day not counted). Delivered on Monday 1 June 2026: day 30 is Wednesday 1
    July, day 60 Friday 31 July, both working days."""
    decided_at = timezone.make_aware(datetime.datetime(2026, 5, 11, 9, 0))
    with time_machine.travel(decided_at, tick=True):
        expenditure = _decided(town, _communicate(town, _large(town, budget)))
    expenditure = services.large_expenditure_contract(
        actor=town.clerk,
        expenditure=expenditure,
        signed_on=day(2026, 5, 12),
        contract_payment_days=contract_days,
    )
    delivered = day(2026, 6, 1)
    expenditure = services.large_expenditure_deliver(
        actor=town.clerk, expenditure=expenditure, delivered_on=delivered
    )
    due = selectors.payment_period(expenditure)
    assert due.last_day == delivered + datetime.timedelta(days=contract_days or 30)
    assert "第九条" in due.basis
    paid_on = delivered + datetime.timedelta(days=paid_after)
    with pytest.raises(errors.PaidBeforeContract):
        spend(
            town,
            ff.line(budget, "2130101"),
            "120000.00",
            large_expenditure=expenditure,
            on=day(2026, 5, 11),
        )
    spend(
        town,
        ff.line(budget, "2130101"),
        "120000.00",
        large_expenditure=expenditure,
        on=paid_on,
    )
    expenditure.refresh_from_db()
    assert expenditure.paid_late is late
    assert expenditure.paid_on == paid_on


# -- the ledger's queries ---------------------------------------------------------------


def _queries(budget):
    with CaptureQueriesContext(connection) as captured:
        figures = selectors.line_figures(budget, day(2026, 1, 1), day(2026, 3, 31))
    return len(captured), figures


def test_fin2_line_figures_in_a_fixed_number_of_queries_exact_to_the_fen(town, budget):
    line = ff.line(budget, "2010101")
    spend(town, line, "0.10", purpose="a")
    first, _ = _queries(budget)
    for i in range(12):
        spend(town, line, "0.10", purpose=f"b{i}", on=day(2026, 2, 1 + i))
    spend(town, line, "0.10", purpose="later", on=day(2026, 5, 1))
    second, figures = _queries(budget)
    assert first == second == 1
    row = next(f for f in figures if f.line.pk == line.pk)
    assert row.actual_period == D("1.30")  # thirteen dimes, exactly
    assert row.actual_ytd == D("1.30")
    assert row.balance == D("199998.70")


def test_no_float_anywhere_in_finance():
    root = pathlib.Path(__file__).resolve().parents[2] / "finance"
    found = [
        f"{path.relative_to(root)}:{number}"
        for path in sorted(root.rglob("*.py"))
        for number, text in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if "float(" in text
    ]
    assert found == []
