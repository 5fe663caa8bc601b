"""FIN-2: the quarterly report as plain data, the one input of both renderers.

`finance.reports.services` fills a `QuarterReportData` from the ledger
(`finance.selectors.line_figures`); the PDF (`finance.reports.pdf`) and the workbook
(`finance.reports.xlsx`) only print it, so the two files cannot disagree. Pure: no ORM;
money is `Decimal` to the fen (finance.rules.money), never a float.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from finance.rules import ZERO, LineKind, money

PERCENT = Decimal("0.01")


def quarter_span(year: int, quarter: int) -> tuple[datetime.date, datetime.date]:
    """The first and last day of a quarter of the budget year (the calendar year)."""
    if not 1 <= quarter <= 4:
        raise ValueError("a quarter is 1, 2, 3 or 4")
    first = datetime.date(year, 3 * quarter - 2, 1)
    after = (
        datetime.date(year + 1, 1, 1)
        if quarter == 4
        else datetime.date(year, 3 * quarter + 1, 1)
    )
    return first, after - datetime.timedelta(days=1)


def execution_rate(actual: Decimal, budget: Decimal) -> Decimal | None:
    """Actual against the budget in per cent, two places (half up); None for no budget."""
    if budget == 0:
        return None
    return (Decimal(100) * actual / budget).quantize(PERCENT, rounding=ROUND_HALF_UP)


@dataclass(frozen=True)
class ReportRow:
    """One budget line: approved, as adjusted, actual in the quarter and the year to date."""

    code: str
    name: str
    kind: str  # finance.rules.LineKind
    approved: Decimal
    adjusted: Decimal
    quarter_actual: Decimal
    year_actual: Decimal

    def __post_init__(self):
        for name in ("approved", "adjusted", "quarter_actual", "year_actual"):
            object.__setattr__(self, name, money(getattr(self, name)))
        object.__setattr__(self, "kind", str(LineKind(self.kind)))

    @property
    def balance(self) -> Decimal:
        """What is left of the line as adjusted after the year's actual."""
        return self.adjusted - self.year_actual

    @property
    def rate(self) -> Decimal | None:
        return execution_rate(self.year_actual, self.adjusted)


@dataclass(frozen=True)
class Totals:
    kind: str
    approved: Decimal = ZERO
    adjusted: Decimal = ZERO
    quarter_actual: Decimal = ZERO
    year_actual: Decimal = ZERO

    @property
    def balance(self) -> Decimal:
        return self.adjusted - self.year_actual

    @property
    def rate(self) -> Decimal | None:
        return execution_rate(self.year_actual, self.adjusted)


@dataclass(frozen=True)
class QuarterReportData:
    county: str
    township: str
    year: int
    quarter: int
    generated_on: datetime.date
    rows: tuple[ReportRow, ...] = field(default_factory=tuple)

    @property
    def span(self) -> tuple[datetime.date, datetime.date]:
        return quarter_span(self.year, self.quarter)

    @property
    def issuer(self) -> str:
        return f"中共{self.township}委员会"

    @property
    def title(self) -> str:
        return f"{self.township}{self.year}年第{self.quarter}季度财政收支情况报告"

    def rows_of(self, kind: str) -> tuple[ReportRow, ...]:
        return tuple(row for row in self.rows if row.kind == kind)

    def totals(self, kind: str) -> Totals:
        rows = self.rows_of(kind)
        return Totals(
            kind=kind,
            approved=sum((r.approved for r in rows), ZERO),
            adjusted=sum((r.adjusted for r in rows), ZERO),
            quarter_actual=sum((r.quarter_actual for r in rows), ZERO),
            year_actual=sum((r.year_actual for r in rows), ZERO),
        )

    @property
    def revenue(self) -> Totals:
        return self.totals(LineKind.REVENUE)

    @property
    def spending(self) -> Totals:
        return self.totals(LineKind.SPENDING)

    def summary_zh(self) -> str:
        """The public summary (the column's text and the PDF's opening paragraph)."""
        from finance.rules import yuan_zh

        first, last = self.span
        revenue, spending = self.revenue, self.spending

        def rate(totals):
            value = totals.rate
            return "—" if value is None else f"{value}%"

        return (
            f"{first:%Y年%m月%d日}至{last:%Y年%m月%d日}，本镇收入{yuan_zh(revenue.quarter_actual)}，"
            f"支出{yuan_zh(spending.quarter_actual)}。年初至本季度末累计收入"
            f"{yuan_zh(revenue.year_actual)}，为调整后预算{yuan_zh(revenue.adjusted)}的"
            f"{rate(revenue)}；累计支出{yuan_zh(spending.year_actual)}，为调整后预算"
            f"{yuan_zh(spending.adjusted)}的{rate(spending)}。"
        )
