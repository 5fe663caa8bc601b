"""Pure rule arithmetic of the township's money (FIN-*, PRJ-4): no ORM, no settings.

Money is `Decimal` in yuan with at most two places (to the fen); a float is refused
everywhere (`TypeError`), because a float cannot hold 0.10 yuan exactly. Every period is a
`core.periods.PeriodRule` whose `basis` cites its article, so a screen prints why a date is
what it is. A refused action is described by a `Refusal` (its rule, the figures, a Chinese
sentence); the services turn it into a translatable `core.errors.DomainError` whose params
are the refusal's figures. Tested by tables in `tests/finance/test_rules.py`.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from decimal import ROUND_CEILING, ROUND_FLOOR, Decimal
from enum import StrEnum
from types import MappingProxyType

from core.periods import Period, PeriodRule, Unit, WorkCalendar, period

FEN = Decimal("0.01")
ZERO = Decimal("0.00")


def money(amount) -> Decimal:
    """An amount in yuan as an exact Decimal to the fen.

    Accepts a Decimal, an int or a numeric string; refuses a float (TypeError) and an
    amount with fractions of a fen, NaN or infinity (ValueError). Never rounds."""
    if isinstance(amount, bool) or isinstance(amount, float):
        raise TypeError(
            "money is never a float (or a bool): pass a Decimal or a string"
        )
    if not isinstance(amount, Decimal | int | str):
        raise TypeError(f"money is a Decimal, an int or a string, not {type(amount)}")
    value = Decimal(amount)
    if not value.is_finite():
        raise ValueError("an amount of money is a finite number")
    if value != value.quantize(FEN, rounding=ROUND_FLOOR):
        raise ValueError(
            f"an amount of money has at most two places (the fen): {amount}"
        )
    return value.quantize(FEN)


def yuan_zh(amount: Decimal) -> str:
    """12,345.60元 (as the screens and reports print an amount)."""
    return f"{money(amount):,.2f}元"


@dataclass(frozen=True)
class Refusal:
    """Why a rule refuses an action: the rule ID, the article, the figures, a sentence."""

    rule: str
    basis: str
    zh: str
    figures: Mapping[str, Decimal | int | str] = field(default_factory=dict)

    def __post_init__(self):
        object.__setattr__(self, "figures", MappingProxyType(dict(self.figures)))

    def __str__(self) -> str:
        return self.zh


class RuleRefused(ValueError):
    """A pure function cannot give an answer the law allows (it carries the `Refusal`)."""

    def __init__(self, refusal: Refusal):
        self.refusal = refusal
        super().__init__(refusal.zh)


# -- FIN-1: the finance and economics leading group decides by more than half of ALL members


FIN1_BASIS = "FIN-1：财经工作领导小组按全体成员过半数作出决定"


def _check_counts(yes: int, members: int) -> None:
    for name, value in (("yes", yes), ("members", members)):
        if isinstance(value, bool) or not isinstance(value, int):
            raise TypeError(f"{name} is an integer count")
    if members < 1:
        raise ValueError("a leading group has at least one member")
    if not 0 <= yes <= members:
        raise ValueError("yes votes lie between 0 and the number of members")


def group_approves(yes: int, members: int) -> bool:
    """FIN-1: more than half of all members of the group (not of those present):
    2 * yes > members, in integers."""
    _check_counts(yes, members)
    return 2 * yes > members


def group_needed(members: int) -> int:
    """FIN-1: the fewest yes votes that carry a decision of a group of `members`."""
    _check_counts(0, members)
    return members // 2 + 1


def describe_group_zh(yes: int, members: int) -> str:
    """FIN-1's arithmetic as the group's record prints it, e.g.
    "财经工作领导小组全体成员9人，赞成5人；超过全体成员半数（至少5人）：2×5=10＞9，通过"."""
    approves = group_approves(yes, members)
    sign = "＞" if approves else "≤"
    verdict = "通过" if approves else "未通过"
    return (
        f"财经工作领导小组全体成员{members}人，赞成{yes}人；"
        f"超过全体成员半数（至少{group_needed(members)}人）："
        f"2×{yes}={2 * yes}{sign}{members}，{verdict}"
    )


# -- FIN-4: a change to a budget in force, by the four tests of 预算法 Art 67 --------------


class ChangeKind(StrEnum):
    ADJUSTMENT = "adjustment"  # 预算调整 (Art 67): plan + group + congress (Art 69)
    REALLOCATION = "reallocation"  # 调剂 (Art 72): the group only
    RESERVE_USE = "reserve_use"  # 动用预备费 (Art 64, not 23): the group only


class Art67Test(StrEnum):
    TOTAL_SPENDING = "total_spending"  # (一) 需要增加或者减少预算总支出的
    STABILIZATION_FUND = "stabilization_fund"  # (二) 需要调入预算稳定调节基金的
    KEY_EXPENDITURE_CUT = "key_expenditure_cut"  # (三) 需要调减预算安排的重点支出数额的
    BORROWING = "borrowing"  # (四) 需要增加举借债务数额的


ART67_ZH = MappingProxyType(
    {
        Art67Test.TOTAL_SPENDING: "增加或者减少预算总支出",
        Art67Test.STABILIZATION_FUND: "调入预算稳定调节基金",
        Art67Test.KEY_EXPENDITURE_CUT: "调减预算安排的重点支出数额",
        Art67Test.BORROWING: "增加举借债务数额",
    }
)

CHANGE_BASIS = MappingProxyType(
    {
        ChangeKind.ADJUSTMENT: "预算法第六十七条、第六十九条：预算调整须编制调整方案，"
        "经财经工作领导小组同意后报乡镇人民代表大会审查批准；未经批准，不得调整预算",
        ChangeKind.REALLOCATION: "预算法第七十二条：不同预算科目间的预算资金调剂，经财经工作领导小组同意",
        ChangeKind.RESERVE_USE: "预算法第六十四条：预备费的动用方案由本级政府财政部门提出，报本级政府决定"
        "（本乡镇经财经工作领导小组同意）",
    }
)


@dataclass(frozen=True)
class Classification:
    kind: ChangeKind
    tests: tuple[Art67Test, ...]  # the Art 67 tests that fired, in the article's order

    @property
    def needs_plan(self) -> bool:
        return self.kind is ChangeKind.ADJUSTMENT

    @property
    def needs_congress(self) -> bool:
        return self.kind is ChangeKind.ADJUSTMENT

    @property
    def basis(self) -> str:
        return CHANGE_BASIS[self.kind]

    def describe_zh(self) -> str:
        """Which route and why, as the change screen prints it."""
        if self.kind is ChangeKind.ADJUSTMENT:
            fired = "、".join(ART67_ZH[test] for test in self.tests)
            return f"属于预算调整（{fired}）：{self.basis}"
        if self.kind is ChangeKind.RESERVE_USE:
            return f"属于动用预备费，不涉及预算法第六十七条所列情形：{self.basis}"
        return f"属于预算调剂，不涉及预算法第六十七条所列情形：{self.basis}"


def classify_change(
    *,
    total_spending_delta=0,
    stabilization_fund_draw=0,
    key_expenditure_cut=0,
    borrowing_delta=0,
    moves_between_lines: bool = False,
    uses_reserve_fund: bool = False,
) -> Classification:
    """FIN-4: classify a change to a budget in force (预算法 Art 67, 72, 23).

    Amounts in yuan (Decimal): `total_spending_delta` the change of total spending (either
    sign); `stabilization_fund_draw` the amount drawn into the budget from the budget
    stabilization fund (>= 0); `key_expenditure_cut` the amount by which key expenditures
    are lowered (>= 0); `borrowing_delta` the change of borrowing (only an increase is a
    test: Art 67 (四) 增加举借债务数额; a township cannot borrow at all, Art 35, so a
    positive figure here is an adjustment the congress will have to refuse).

    Any of the four tests → ADJUSTMENT. Otherwise a use of the reserve fund → RESERVE_USE
    (it moves money from the reserve line, so it takes precedence over a plain move), and a
    move between lines → REALLOCATION. A change that does none of these is no change
    (ValueError)."""
    total = money(total_spending_delta)
    draw = money(stabilization_fund_draw)
    cut = money(key_expenditure_cut)
    borrowing = money(borrowing_delta)
    if draw < 0 or cut < 0:
        raise ValueError(
            "a draw on the fund and a cut to a key expenditure are amounts >= 0"
        )
    fired = tuple(
        test
        for test, hit in (
            (Art67Test.TOTAL_SPENDING, total != 0),
            (Art67Test.STABILIZATION_FUND, draw > 0),
            (Art67Test.KEY_EXPENDITURE_CUT, cut > 0),
            (Art67Test.BORROWING, borrowing > 0),
        )
        if hit
    )
    if fired:
        return Classification(ChangeKind.ADJUSTMENT, fired)
    if uses_reserve_fund:
        return Classification(ChangeKind.RESERVE_USE, ())
    if moves_between_lines:
        return Classification(ChangeKind.REALLOCATION, ())
    raise ValueError("a change that changes nothing is not a change to the budget")


# -- FIN-3: the reserve fund is 1–3 % of general-budget spending (预算法 Art 40) -------------

RESERVE_BASIS = (
    "预算法第四十条：按照本级一般公共预算支出额的百分之一至百分之三设置预备费"
)


def reserve_bounds(general_spending) -> tuple[Decimal, Decimal]:
    """FIN-3: the smallest and largest reserve in fen, both allowed.

    Rounding: the lower bound is 1 % rounded UP to the fen, the upper bound 3 % rounded DOWN
    to the fen, so a reserve of the printed bounds (or anything between) is within 1–3 %
    exactly, and a fen outside them is not."""
    spending = money(general_spending)
    if spending <= 0:
        raise ValueError("general-budget spending is a positive amount")
    low = (spending / 100).quantize(FEN, rounding=ROUND_CEILING)
    high = (spending * 3 / 100).quantize(FEN, rounding=ROUND_FLOOR)
    return low, high


def reserve_fund_refusal(reserve, general_spending) -> Refusal | None:
    """FIN-3: None if `reserve` is 1 %–3 % of `general_spending` inclusive, else why not.

    The test is exact (100 × reserve against 1 × and 3 × spending, no rounding); the bounds
    printed in the refusal are `reserve_bounds`."""
    amount = money(reserve)
    spending = money(general_spending)
    low, high = reserve_bounds(spending)
    if spending <= 100 * amount <= 3 * spending:
        return None
    side = "低于" if 100 * amount < spending else "高于"
    limit = low if side == "低于" else high
    return Refusal(
        rule="FIN-3",
        basis=RESERVE_BASIS,
        zh=(
            f"预备费{yuan_zh(amount)}{side}一般公共预算支出{yuan_zh(spending)}的"
            f"{'百分之一' if side == '低于' else '百分之三'}（{yuan_zh(limit)}）；"
            f"应在{yuan_zh(low)}至{yuan_zh(high)}之间（{RESERVE_BASIS}）"
        ),
        figures={"reserve": amount, "spending": spending, "low": low, "high": high},
    )


# -- FIN-5 / PRJ-4: large expenditures and splitting ---------------------------------------

SPLIT_BASIS = (
    "FIN-5、PRJ-4：同一用途、同一年度的各笔支出合并计算（招标投标法第四条；"
    "政府采购法实施条例第二十八条），不得化整为零规避集体决策"
)


def _threshold(threshold) -> Decimal:
    value = money(threshold)
    if value <= 0:
        raise ValueError("the township's threshold is a positive amount")
    return value


def needs_collective_decision(amount, threshold) -> bool:
    """FIN-5: an expenditure ABOVE the township's threshold (SPEC: "above the township's
    threshold", 超过, the threshold itself not included) needs an enlarged committee
    meeting's decision before the contract is signed."""
    return money(amount) > _threshold(threshold)


def purpose_total(amounts: Iterable) -> Decimal:
    """FIN-5 / PRJ-4: the parts of one purpose in one year, added up exactly."""
    total = ZERO
    for amount in amounts:
        value = money(amount)
        if value < 0:
            raise ValueError("a part of an expenditure is a non-negative amount")
        total += value
    return total


def split_refusal(existing_parts: Iterable, new_amount, threshold) -> Refusal | None:
    """FIN-5 / PRJ-4: refuse a part that is itself not above the threshold while the
    purpose's total with it is above it ("above", as in `needs_collective_decision`: a
    total exactly at the threshold passes).

    `existing_parts`: the parts of the same purpose in the same budget year that were NOT
    decided by the enlarged meeting (the caller leaves out parts a decision covers). A new
    part above the threshold is no split: it goes to the meeting (None here)."""
    limit = _threshold(threshold)
    new = money(new_amount)
    if new < 0:
        raise ValueError("a part of an expenditure is a non-negative amount")
    before = purpose_total(existing_parts)
    total = before + new
    if new > limit or total <= limit:
        return None
    return Refusal(
        rule="FIN-5",
        basis=SPLIT_BASIS,
        zh=(
            f"本笔{yuan_zh(new)}未超过限额{yuan_zh(limit)}，但同一用途本年度已支出"
            f"{yuan_zh(before)}，合计{yuan_zh(total)}超过限额：应作为一项大额支出"
            f"提交党委扩大会议集体决定（{SPLIT_BASIS}）"
        ),
        figures={"amount": new, "before": before, "total": total, "threshold": limit},
    )


# -- FIN-5: paying a small or medium supplier (保障中小企业款项支付条例 Art 9) ----------------

SUPPLIER_PAYMENT_DAYS = 30
SUPPLIER_PAYMENT_MAX_DAYS = 60
SUPPLIER_PAYMENT_BASIS = (
    "保障中小企业款项支付条例（2025年修订）第九条：机关、事业单位自货物、工程、服务交付之日起30日内支付款项；"
    "合同另有约定的，付款期限最长不得超过60日"
)


def supplier_payment_rule(contract_days: int | None = None) -> PeriodRule:
    """FIN-5: 30 days after delivery, or the contract's term of at most 60 days.

    Calendar days, the delivery day not counted (民法典 art. 201), a last day off moved to
    the next working day (art. 203: a statutory period). A term above 60 days is refused
    (`RuleRefused`): the contract cannot extend the regulation's maximum."""
    if contract_days is None:
        return PeriodRule(
            SUPPLIER_PAYMENT_DAYS, basis=SUPPLIER_PAYMENT_BASIS, last_day_off_moves=True
        )
    if isinstance(contract_days, bool) or not isinstance(contract_days, int):
        raise TypeError("a contract's payment term is a whole number of days")
    if contract_days < 1:
        raise ValueError("a contract's payment term is at least one day")
    if contract_days > SUPPLIER_PAYMENT_MAX_DAYS:
        raise RuleRefused(
            Refusal(
                rule="FIN-5",
                basis=SUPPLIER_PAYMENT_BASIS,
                zh=(
                    f"合同约定付款期限{contract_days}日，超过最长60日"
                    f"（{SUPPLIER_PAYMENT_BASIS}）"
                ),
                figures={"days": contract_days, "max_days": SUPPLIER_PAYMENT_MAX_DAYS},
            )
        )
    return PeriodRule(
        contract_days, basis=SUPPLIER_PAYMENT_BASIS, last_day_off_moves=True
    )


def supplier_payment_due(
    delivered_on: datetime.date,
    contract_days: int | None = None,
    calendar: WorkCalendar | None = None,
) -> Period:
    """FIN-5: the period within which a delivered purchase is paid; a payment after its
    `ends_at` is flagged."""
    return period(supplier_payment_rule(contract_days), delivered_on, calendar)


# -- FIN-3, FIN-8: publication and filing of the budget and the final accounts ------------

BUDGET_PUBLICATION = PeriodRule(
    length=20,
    unit=Unit.CALENDAR_DAYS,
    basis="预算法第十四条：经本级人民代表大会批准的预算及报表，应当在批准后二十日内向社会公开，"
    "并对重要事项作出说明",
    last_day_off_moves=True,  # a statutory period (民法典 art. 203)
)

# The budget's filing with the county (预算法 Art 50): SPEC FIN-3 gives no number of days
# (the article says the township files "promptly", 及时), so no national PeriodRule is set
# here and none is invented; the township's own limit (FinanceSettings.budget_filing_days)
# makes one, and the screen says whose limit it is.


def budget_filing_rule(days: int) -> PeriodRule:
    """FIN-3: the township's own limit for filing the approved budget with the county."""
    if isinstance(days, bool) or not isinstance(days, int) or days < 1:
        raise ValueError("a filing limit is a positive whole number of days")
    return PeriodRule(
        length=days,
        unit=Unit.CALENDAR_DAYS,
        basis=f"预算法第五十条：经批准的预算应当及时报上一级政府备案；本乡镇规定批准后{days}日内备案",
        last_day_off_moves=True,
    )


FINAL_ACCOUNTS_FILING = PeriodRule(
    length=30,
    unit=Unit.CALENDAR_DAYS,
    basis="FIN-8：决算经乡镇人民代表大会批准（预算法第七十七条）后三十日内报县级政府备案",
    last_day_off_moves=True,
)

FINAL_ACCOUNTS_PUBLICATION = PeriodRule(
    length=20,
    unit=Unit.CALENDAR_DAYS,
    basis="预算法第十四条：经本级人民代表大会批准的决算及报表，应当在批准后二十日内向社会公开",
    last_day_off_moves=True,
)

AUDIT_COMMENTS = PeriodRule(
    length=10,
    unit=Unit.CALENDAR_DAYS,
    basis="审计法第四十四条：被审计对象应当自接到审计组的审计报告之日起十日内，将其书面意见送交审计组",
    last_day_off_moves=True,
)


def budget_publication_period(approved_on: datetime.date, calendar=None) -> Period:
    """FIN-3: the budget is published within 20 days of the congress's approval (Art 14)."""
    return period(BUDGET_PUBLICATION, approved_on, calendar)


def final_accounts_filing_period(approved_on: datetime.date, calendar=None) -> Period:
    """FIN-8: the final accounts are filed with the county within 30 days of approval."""
    return period(FINAL_ACCOUNTS_FILING, approved_on, calendar)


def final_accounts_publication_period(
    approved_on: datetime.date, calendar=None
) -> Period:
    """FIN-8: the final accounts are published within 20 days of approval (Art 14)."""
    return period(FINAL_ACCOUNTS_PUBLICATION, approved_on, calendar)


def audit_comments_period(received_on: datetime.date, calendar=None) -> Period:
    """FIN-7: the audited person's written comments within 10 days of receiving the audit
    group's report (审计法 Art 44)."""
    return period(AUDIT_COMMENTS, received_on, calendar)


# -- FIN-2: the quarterly report ----------------------------------------------------------

QUARTER_REPORT_BASIS = (
    "FIN-2：每季度党委书记向党委扩大会议报告财政收支情况；"
    "该季度的报告议题未在次月底前作出决定的，为合规缺口"
)


def quarter_report_due(year: int, quarter: int) -> datetime.date:
    """FIN-2: the last day by which a quarter's report item must be decided: the last day of
    the month after the quarter (Q1 → 30 April, Q4 → 31 January of the next year). The
    window is the seed's, not a statute's: a last day off does not move."""
    if (
        isinstance(quarter, bool)
        or not isinstance(quarter, int)
        or not 1 <= quarter <= 4
    ):
        raise ValueError("a quarter is 1, 2, 3 or 4")
    if isinstance(year, bool) or not isinstance(year, int):
        raise TypeError("a budget year is an integer")
    # The first day of the second month after the quarter, less one day.
    month = 3 * quarter + 2  # Q1 → 5 (May), Q4 → 14 (February of the next year)
    first_after = datetime.date(year + (month - 1) // 12, (month - 1) % 12 + 1, 1)
    return first_after - datetime.timedelta(days=1)


def quarter_report_gap(
    year: int, quarter: int, decided_on: datetime.date | None, today: datetime.date
) -> bool:
    """FIN-2: is the quarter a compliance gap? Its report item was decided after the due
    day, or is still undecided once the due day has passed (a late decision stays a gap)."""
    due = quarter_report_due(year, quarter)
    if decided_on is not None:
        return decided_on > due
    return today > due


# -- FIN-6: two-line management, no 坐收坐支 ------------------------------------------------


class LineKind(StrEnum):
    REVENUE = "revenue"  # a (non-tax) revenue line: money paid in
    SPENDING = "spending"  # a budget spending line


class EntryKind(StrEnum):
    PAID_IN = "paid_in"
    SPENT = "spent"


TWO_LINES_BASIS = "FIN-6：收支两条线，一切收入缴入国库、一切支出纳入预算（预算法第四条、第五十六条），不得坐收坐支"


def collected_spending_refusal(
    line_kind: LineKind, entry_kind: EntryKind
) -> Refusal | None:
    """FIN-6: refuse spending booked against a revenue line (坐收坐支: spending revenue where
    it is collected) and revenue booked on a spending line (revenue is paid in on its own
    lines, Art 56). None for spending on a spending line or revenue on a revenue line."""
    line_kind, entry_kind = LineKind(line_kind), EntryKind(entry_kind)
    if line_kind is LineKind.REVENUE and entry_kind is EntryKind.SPENT:
        zh = f"不得从收入科目直接列支（坐收坐支）；支出只能从预算支出科目列支（{TWO_LINES_BASIS}）"
    elif line_kind is LineKind.SPENDING and entry_kind is EntryKind.PAID_IN:
        zh = f"收入应在收入科目登记缴入，不得记入支出科目（{TWO_LINES_BASIS}）"
    else:
        return None
    return Refusal(
        rule="FIN-6",
        basis=TWO_LINES_BASIS,
        zh=zh,
        figures={"line_kind": str(line_kind), "entry_kind": str(entry_kind)},
    )
