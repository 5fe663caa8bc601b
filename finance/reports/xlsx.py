"""FIN-2: the quarterly report as an .xlsx a county finance office opens (openpyxl).

One sheet per view — the quarter per line, the year to date per line, the summary by
kind — each with its header in row 1 (frozen), the unit in the header (元, %), amounts
stored as numbers (Decimal, never float) with the yuan format `#,##0.00`, rates as
fractions with a per-cent format, and column widths fitted to the widest cell (a CJK
character counts two): the shared sheet layout of core.xlsx.
"""

from __future__ import annotations

import io
from decimal import Decimal

from openpyxl import Workbook

from core import csvsafe, xlsx
from finance.reports.data import QuarterReportData, ReportRow, Totals
from finance.rules import LineKind

YUAN = "#,##0.00"
RATE = "0.00%"  # a rate is stored as a fraction (12.34 % as 0.1234): a number to sum
KIND_ZH = {LineKind.REVENUE: "收入", LineKind.SPENDING: "支出"}

QUARTER_HEADER = (
    "科目编码",
    "科目名称",
    "类别",
    "调整后预算（元）",
    "本季度执行数（元）",
    "占调整后预算（%）",
)
YEAR_HEADER = (
    "科目编码",
    "科目名称",
    "类别",
    "年初批准预算（元）",
    "调整后预算（元）",
    "年初至本季度末执行数（元）",
    "预算余额（元）",
    "执行率（%）",
)
SUMMARY_HEADER = (
    "类别",
    "年初批准预算（元）",
    "调整后预算（元）",
    "本季度执行数（元）",
    "年初至本季度末执行数（元）",
    "预算余额（元）",
    "执行率（%）",
)


def _sheet(book, title, header, rows, formats):
    """One sheet the core.xlsx way: a bold, frozen, unique header; numbers formatted by
    column; widths fitted (a CJK character counts two)."""
    sheet = book.create_sheet(title)
    xlsx.header(sheet, list(header), freeze_columns=0)
    for row in rows:
        sheet.append(list(row))
    for column, number_format in formats.items():
        xlsx.style_column(sheet, column, number_format)
    xlsx.fit_columns(sheet, minimum=8, maximum=60)
    return sheet


def _rate(per_cent: Decimal | None):
    """A rate kept in per cent (two places) → the fraction Excel shows as a percentage."""
    return None if per_cent is None else per_cent / 100


def _quarter_row(row: ReportRow | Totals, code="", name=""):
    share = (
        None
        if row.adjusted == 0
        else (Decimal(100) * row.quarter_actual / row.adjusted).quantize(
            Decimal("0.01")
        )
    )
    return (
        code,
        name,
        KIND_ZH[LineKind(row.kind)],
        row.adjusted,
        row.quarter_actual,
        _rate(share),
    )


def _year_row(row: ReportRow | Totals, code="", name=""):
    return (
        code,
        name,
        KIND_ZH[LineKind(row.kind)],
        row.approved,
        row.adjusted,
        row.year_actual,
        row.balance,
        _rate(row.rate),
    )


def _lines(data: QuarterReportData, build):
    rows = []
    for kind in (LineKind.REVENUE, LineKind.SPENDING):
        lines = data.rows_of(kind)
        if not lines:
            continue
        rows += [build(line, line.code, line.name) for line in lines]
        rows.append(build(data.totals(kind), "", f"{KIND_ZH[kind]}合计"))
    return rows


def render_xlsx(data: QuarterReportData) -> bytes:
    book = Workbook()
    book.remove(book.active)
    _sheet(
        book,
        f"第{data.quarter}季度",
        QUARTER_HEADER,
        _lines(data, _quarter_row),
        {4: YUAN, 5: YUAN, 6: RATE},
    )
    _sheet(
        book,
        "年初至本季度末",
        YEAR_HEADER,
        _lines(data, _year_row),
        {4: YUAN, 5: YUAN, 6: YUAN, 7: YUAN, 8: RATE},
    )
    summary = [
        (
            KIND_ZH[kind],
            totals.approved,
            totals.adjusted,
            totals.quarter_actual,
            totals.year_actual,
            totals.balance,
            _rate(totals.rate),
        )
        for kind in (LineKind.REVENUE, LineKind.SPENDING)
        for totals in (data.totals(kind),)
    ]
    sheet = _sheet(
        book,
        "汇总",
        SUMMARY_HEADER,
        summary,
        {2: YUAN, 3: YUAN, 4: YUAN, 5: YUAN, 6: YUAN, 7: RATE},
    )
    first, last = data.span
    sheet.append([])
    sheet.append([data.title])
    sheet.append(
        [
            f"报告期：{first:%Y-%m-%d}至{last:%Y-%m-%d}；编制日期：{data.generated_on:%Y-%m-%d}"
        ]
    )
    book.properties.title = data.title
    book.properties.creator = data.issuer
    csvsafe.neutralise_workbook(book)  # SEC-5: a line's text typed as =… stays text
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
