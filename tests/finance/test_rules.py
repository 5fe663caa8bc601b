"""Tables (and properties) for the pure money rules of finance/rules.py, by rule ID."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from core.periods import WorkCalendar
from finance import rules
from finance.rules import (
    Art67Test,
    ChangeKind,
    EntryKind,
    LineKind,
    RuleRefused,
)

D = Decimal
day = datetime.date
# The China calendar, with the National Day week of 2026 fixed by hand (1–9 October off, 10
# October a make-up working day), so the tables do not depend on the holidays package's
# guess for that year.
PLAIN = WorkCalendar({day(2026, 10, d): d == 10 for d in range(1, 11)})


# -- money --------------------------------------------------------------------------------


def test_money_refuses_floats_and_fractions_of_a_fen():
    assert rules.money("12.3") == D("12.30")
    assert rules.money(5) == D("5.00")
    with pytest.raises(TypeError):
        rules.money(0.1)
    with pytest.raises(TypeError):
        rules.money(True)
    with pytest.raises(ValueError):
        rules.money(D("0.001"))
    with pytest.raises(ValueError):
        rules.money(D("NaN"))


def test_no_float_in_finance_rules():
    import finance.rules as module

    with open(module.__file__, encoding="utf-8") as source:
        text = source.read()
    assert "float(" not in text


# -- FIN-1 --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("yes", "members", "approves", "needed"),
    [
        (0, 1, False, 1),
        (1, 1, True, 1),
        (1, 2, False, 2),
        (2, 2, True, 2),
        (4, 9, False, 5),
        (5, 9, True, 5),
        (5, 10, False, 6),  # exactly half of all members is not more than half
        (6, 10, True, 6),
        (6, 11, True, 6),
        (5, 11, False, 6),
    ],
)
def test_fin1_group_approves_by_more_than_half_of_all_members(
    yes, members, approves, needed
):
    assert rules.group_approves(yes, members) is approves
    assert rules.group_needed(members) == needed
    assert rules.group_approves(needed, members)
    assert not rules.group_approves(needed - 1, members)


@given(st.integers(1, 500).flatmap(lambda m: st.tuples(st.integers(0, m), st.just(m))))
def test_fin1_group_approves_property(counts):
    yes, members = counts
    assert rules.group_approves(yes, members) == (yes > members / 2)
    assert rules.group_approves(yes, members) == (yes >= rules.group_needed(members))


def test_fin1_describe_group_zh_prints_the_arithmetic():
    assert rules.describe_group_zh(5, 9) == (
        "财经工作领导小组全体成员9人，赞成5人；超过全体成员半数（至少5人）：2×5=10＞9，通过"
    )
    assert rules.describe_group_zh(5, 10) == (
        "财经工作领导小组全体成员10人，赞成5人；超过全体成员半数（至少6人）：2×5=10≤10，未通过"
    )


@pytest.mark.parametrize(
    ("yes", "members"), [(3, 2), (-1, 3), (0, 0), (True, 3), (1.0, 3)]
)
def test_fin1_refuses_impossible_counts(yes, members):
    with pytest.raises((ValueError, TypeError)):
        rules.group_approves(yes, members)


# -- FIN-4 --------------------------------------------------------------------------------

TS, SF, KC, BR = (
    Art67Test.TOTAL_SPENDING,
    Art67Test.STABILIZATION_FUND,
    Art67Test.KEY_EXPENDITURE_CUT,
    Art67Test.BORROWING,
)


@pytest.mark.parametrize(
    ("change", "kind", "tests"),
    [
        ({"total_spending_delta": D("100000.00")}, ChangeKind.ADJUSTMENT, (TS,)),
        ({"total_spending_delta": D("-0.01")}, ChangeKind.ADJUSTMENT, (TS,)),
        ({"stabilization_fund_draw": D("50000")}, ChangeKind.ADJUSTMENT, (SF,)),
        (
            {"key_expenditure_cut": D("1.00"), "moves_between_lines": True},
            ChangeKind.ADJUSTMENT,
            (KC,),
        ),
        ({"borrowing_delta": D("10")}, ChangeKind.ADJUSTMENT, (BR,)),
        (
            {"borrowing_delta": D("-10"), "moves_between_lines": True},
            ChangeKind.REALLOCATION,
            (),
        ),
        (
            {
                "total_spending_delta": D("1"),
                "stabilization_fund_draw": D("1"),
                "key_expenditure_cut": D("1"),
                "borrowing_delta": D("1"),
                "uses_reserve_fund": True,
            },
            ChangeKind.ADJUSTMENT,
            (TS, SF, KC, BR),
        ),
        (
            {"uses_reserve_fund": True, "total_spending_delta": D("5")},
            ChangeKind.ADJUSTMENT,
            (TS,),
        ),
        ({"moves_between_lines": True}, ChangeKind.REALLOCATION, ()),
        ({"uses_reserve_fund": True}, ChangeKind.RESERVE_USE, ()),
        (
            {"uses_reserve_fund": True, "moves_between_lines": True},
            ChangeKind.RESERVE_USE,
            (),
        ),
        (
            {"total_spending_delta": D("0.00"), "moves_between_lines": True},
            ChangeKind.REALLOCATION,
            (),
        ),
    ],
)
def test_fin4_classify_change_by_art67_table(change, kind, tests):
    classification = rules.classify_change(**change)
    assert classification.kind is kind
    assert classification.tests == tests
    assert classification.needs_congress is (kind is ChangeKind.ADJUSTMENT)
    assert classification.needs_plan is (kind is ChangeKind.ADJUSTMENT)


def test_fin4_the_screen_says_which_and_why():
    adjustment = rules.classify_change(
        total_spending_delta=D("1"), key_expenditure_cut=D("2")
    )
    assert adjustment.describe_zh().startswith(
        "属于预算调整（增加或者减少预算总支出、调减预算安排的重点支出数额）：预算法第六十七条"
    )
    assert "第七十二条" in rules.classify_change(moves_between_lines=True).describe_zh()
    assert "第六十四条" in rules.classify_change(uses_reserve_fund=True).describe_zh()


@pytest.mark.parametrize(
    "change",
    [
        {},
        {"borrowing_delta": D("-5")},
        {"stabilization_fund_draw": D("-1"), "moves_between_lines": True},
        {"key_expenditure_cut": D("-1"), "moves_between_lines": True},
        {"total_spending_delta": 0.5},
    ],
)
def test_fin4_refuses_a_change_that_is_none_or_malformed(change):
    with pytest.raises((ValueError, TypeError)):
        rules.classify_change(**change)


_amount = st.decimals(min_value=-1000, max_value=1000, places=2, allow_nan=False)


@given(
    _amount,
    _amount.map(abs),
    _amount.map(abs),
    _amount,
    st.booleans(),
    st.booleans(),
)
def test_fin4_classification_property(total, draw, cut, borrowing, moves, reserve):
    fired = total != 0 or draw > 0 or cut > 0 or borrowing > 0
    if not (fired or moves or reserve):
        with pytest.raises(ValueError):
            rules.classify_change(total_spending_delta=total, moves_between_lines=moves)
        return
    c = rules.classify_change(
        total_spending_delta=total,
        stabilization_fund_draw=draw,
        key_expenditure_cut=cut,
        borrowing_delta=borrowing,
        moves_between_lines=moves,
        uses_reserve_fund=reserve,
    )
    assert (c.kind is ChangeKind.ADJUSTMENT) == fired
    assert bool(c.tests) == fired
    if not fired:
        assert c.kind is (
            ChangeKind.RESERVE_USE if reserve else ChangeKind.REALLOCATION
        )


# -- FIN-3 --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("reserve", "spending", "allowed"),
    [
        ("10000.00", "1000000.00", True),  # exactly 1 %
        ("9999.99", "1000000.00", False),
        ("30000.00", "1000000.00", True),  # exactly 3 %
        ("30000.01", "1000000.00", False),
        ("20000.00", "1000000.00", True),
        ("0.00", "1000000.00", False),
        ("0.01", "1.00", True),  # 1 % of 1 yuan is one fen
        ("0.01", "0.99", True),  # 1.0101 % of 0.99
        ("0.01", "1.01", False),  # 0.99 %: the lower bound rounds up to 0.02
        ("0.03", "1.01", True),  # 2.97 %; the upper bound 0.0303 rounds down to 0.03
        ("0.04", "1.34", True),  # 2.985 %: 100 × 0.04 = 4 <= 3 × 1.34 = 4.02
        ("0.05", "1.66", False),  # 3.01 %: the upper bound 0.0498 rounds down to 0.04
    ],
)
def test_fin3_reserve_fund_is_1_to_3_percent_inclusive(reserve, spending, allowed):
    refusal = rules.reserve_fund_refusal(D(reserve), D(spending))
    assert (refusal is None) is allowed


def test_fin3_reserve_refusal_states_the_bounds_to_the_fen():
    refusal = rules.reserve_fund_refusal(D("9999.99"), D("1000000.00"))
    assert refusal.rule == "FIN-3"
    assert refusal.figures["low"] == D("10000.00")
    assert refusal.figures["high"] == D("30000.00")
    assert str(refusal) == (
        "预备费9,999.99元低于一般公共预算支出1,000,000.00元的百分之一（10,000.00元）；"
        "应在10,000.00元至30,000.00元之间（" + rules.RESERVE_BASIS + "）"
    )
    high = rules.reserve_fund_refusal(D("40000"), D("1234567.89"))
    assert high.figures["low"] == D("12345.68")  # 12,345.6789 rounded up
    assert high.figures["high"] == D("37037.03")  # 37,037.0367 rounded down
    assert "高于" in str(high) and "百分之三（37,037.03元）" in str(high)


@given(
    st.decimals(min_value=0, max_value=10**8, places=2, allow_nan=False),
    st.decimals(min_value="0.01", max_value=10**10, places=2, allow_nan=False),
)
def test_fin3_printed_bounds_are_exactly_the_allowed_range(reserve, spending):
    low, high = rules.reserve_bounds(spending)
    allowed = rules.reserve_fund_refusal(reserve, spending) is None
    assert allowed == (low <= reserve <= high)
    assert allowed == (D("0.01") * spending <= reserve <= D("0.03") * spending)


def test_fin3_refuses_floats_and_non_positive_spending():
    with pytest.raises(TypeError):
        rules.reserve_fund_refusal(0.02, D("1"))
    with pytest.raises(ValueError):
        rules.reserve_fund_refusal(D("0"), D("0"))


# -- FIN-5 / PRJ-4 ------------------------------------------------------------------------


def test_fin5_purpose_total_adds_to_the_fen():
    assert rules.purpose_total([D("0.10")] * 3) == D("0.30")
    assert rules.purpose_total([]) == D("0.00")
    with pytest.raises(TypeError):
        rules.purpose_total([0.1, 0.2])
    with pytest.raises(ValueError):
        rules.purpose_total([D("-1")])


@pytest.mark.parametrize(
    ("existing", "new", "threshold", "refused"),
    [
        (
            [],
            "50000.00",
            "50000.00",
            False,
        ),  # at the threshold: not above, no meeting needed
        (
            [],
            "50000.01",
            "50000.00",
            False,
        ),  # above on its own: a large expenditure, no split
        (["30000.00"], "20000.00", "50000.00", False),  # total exactly at the threshold
        (["30000.00"], "20000.01", "50000.00", True),  # total one fen above
        (["20000", "20000"], "10000.01", "50000.00", True),
        (["49999.99"], "0.01", "50000.00", False),
        (["49999.99"], "0.02", "50000.00", True),
        (
            ["60000.00"],
            "1.00",
            "50000.00",
            True,
        ),  # earlier undecided parts already above
    ],
)
def test_prj4_split_refusal_adds_the_parts_of_one_purpose(
    existing, new, threshold, refused
):
    refusal = rules.split_refusal([D(x) for x in existing], D(new), D(threshold))
    assert (refusal is not None) is refused


def test_fin5_needs_collective_decision_only_above_the_threshold():
    assert not rules.needs_collective_decision(D("50000.00"), D("50000.00"))
    assert rules.needs_collective_decision(D("50000.01"), D("50000.00"))
    with pytest.raises(ValueError):
        rules.needs_collective_decision(D("1"), D("0"))


def test_fin5_split_refusal_names_the_figures():
    refusal = rules.split_refusal([D("30000.00")], D("20000.01"), D("50000.00"))
    assert refusal.rule == "FIN-5"
    assert dict(refusal.figures) == {
        "amount": D("20000.01"),
        "before": D("30000.00"),
        "total": D("50000.01"),
        "threshold": D("50000.00"),
    }
    assert str(refusal).startswith(
        "本笔20,000.01元未超过限额50,000.00元，但同一用途本年度已支出30,000.00元，"
        "合计50,000.01元超过限额"
    )


@given(
    st.lists(
        st.decimals(min_value=0, max_value=10**6, places=2, allow_nan=False), max_size=8
    ),
    st.decimals(min_value=0, max_value=10**6, places=2, allow_nan=False),
    st.decimals(min_value="0.01", max_value=10**6, places=2, allow_nan=False),
)
def test_prj4_split_property(existing, new, threshold):
    refused = rules.split_refusal(existing, new, threshold) is not None
    assert refused == (new <= threshold < sum(existing, D(0)) + new)


# -- FIN-5: SME payment -------------------------------------------------------------------


def test_fin5_supplier_paid_within_30_days_of_delivery():
    due = rules.supplier_payment_due(day(2026, 6, 1), calendar=PLAIN)
    assert due.first_day == day(2026, 6, 2)
    assert due.last_day == day(2026, 7, 1)  # a Wednesday
    assert due.basis == rules.SUPPLIER_PAYMENT_BASIS
    contract = rules.supplier_payment_due(day(2026, 6, 1), 60, calendar=PLAIN)
    assert contract.last_day == day(2026, 7, 31)  # a Friday
    moved = rules.supplier_payment_due(day(2026, 6, 5), 30, calendar=PLAIN)
    assert moved.last_day == day(2026, 7, 6)  # 5 July is a Sunday: the next Monday
    assert moved.moved_for_day_off


@pytest.mark.parametrize("days", [61, 90, 365])
def test_fin5_contract_cannot_extend_payment_beyond_60_days(days):
    with pytest.raises(RuleRefused) as refused:
        rules.supplier_payment_due(day(2026, 6, 1), days)
    assert refused.value.refusal.rule == "FIN-5"
    assert refused.value.refusal.figures == {"days": days, "max_days": 60}
    assert str(refused.value) == (
        f"合同约定付款期限{days}日，超过最长60日（{rules.SUPPLIER_PAYMENT_BASIS}）"
    )


@pytest.mark.parametrize("days", [0, -1, True, 30.0])
def test_fin5_contract_days_must_be_a_positive_int(days):
    with pytest.raises((ValueError, TypeError)):
        rules.supplier_payment_due(day(2026, 6, 1), days)


# -- FIN-3, FIN-7, FIN-8: the statutory periods -------------------------------------------


def test_fin3_budget_published_within_20_days_of_approval():
    p = rules.budget_publication_period(day(2026, 1, 10), PLAIN)
    assert (p.first_day, p.last_day) == (day(2026, 1, 11), day(2026, 1, 30))
    assert "预算法第十四条" in p.basis
    # 20 days after 15 February 2026 is Saturday 7 March: the Monday after.
    assert rules.budget_publication_period(day(2026, 2, 15), PLAIN).last_day == day(
        2026, 3, 9
    )


def test_fin3_budget_filing_has_no_invented_period():
    assert not hasattr(rules, "BUDGET_FILING")


def test_fin8_final_accounts_filed_within_30_and_published_within_20_days():
    filed = rules.final_accounts_filing_period(day(2026, 7, 1), PLAIN)
    assert filed.last_day == day(2026, 7, 31)
    assert "FIN-8" in filed.basis and "第七十七条" in filed.basis
    published = rules.final_accounts_publication_period(day(2026, 7, 1), PLAIN)
    assert published.last_day == day(2026, 7, 21)
    assert "第十四条" in published.basis


def test_fin7_audit_comments_within_10_days_of_receipt():
    p = rules.audit_comments_period(day(2026, 3, 2), PLAIN)
    assert p.last_day == day(2026, 3, 12)
    assert "审计法第四十四条" in p.basis
    # Received 25 September 2026: day 10 is 5 October, a day off in PLAIN (1–9 October
    # off, 10 October a make-up working day): the period ends on 10 October.
    late = rules.audit_comments_period(day(2026, 9, 25), PLAIN)
    assert late.last_day == day(2026, 10, 10)
    assert late.moved_for_day_off


# -- FIN-2: the quarterly report ----------------------------------------------------------


@pytest.mark.parametrize(
    ("year", "quarter", "due"),
    [
        (2026, 1, day(2026, 4, 30)),
        (2026, 2, day(2026, 7, 31)),
        (2026, 3, day(2026, 10, 31)),
        (2026, 4, day(2027, 1, 31)),
        (2028, 1, day(2028, 4, 30)),
    ],
)
def test_fin2_quarter_report_due_by_the_end_of_the_next_month(year, quarter, due):
    assert rules.quarter_report_due(year, quarter) == due


@pytest.mark.parametrize("quarter", [0, 5, -1, True])
def test_fin2_refuses_a_quarter_that_does_not_exist(quarter):
    with pytest.raises((ValueError, TypeError)):
        rules.quarter_report_due(2026, quarter)


@pytest.mark.parametrize(
    ("decided_on", "today", "gap"),
    [
        (day(2026, 4, 30), day(2026, 6, 1), False),  # decided on the last day
        (day(2026, 5, 1), day(2026, 6, 1), True),  # decided late: still a gap
        (None, day(2026, 4, 30), False),  # still open
        (None, day(2026, 5, 1), True),
    ],
)
def test_fin2_quarter_without_a_decided_report_is_a_gap(decided_on, today, gap):
    assert rules.quarter_report_gap(2026, 1, decided_on, today) is gap


# -- FIN-6 --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("line", "entry", "refused"),
    [
        (LineKind.REVENUE, EntryKind.SPENT, True),  # 坐收坐支
        (LineKind.SPENDING, EntryKind.PAID_IN, True),
        (LineKind.REVENUE, EntryKind.PAID_IN, False),
        (LineKind.SPENDING, EntryKind.SPENT, False),
    ],
)
def test_fin6_spending_against_a_revenue_line_is_refused(line, entry, refused):
    refusal = rules.collected_spending_refusal(line, entry)
    assert (refusal is not None) is refused
    if refused:
        assert refusal.rule == "FIN-6"
        assert "第五十六条" in str(refusal)


def test_fin6_refusal_text_names_collected_spending():
    refusal = rules.collected_spending_refusal("revenue", "spent")
    assert str(refusal).startswith("不得从收入科目直接列支（坐收坐支）")
