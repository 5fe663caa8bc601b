"""FIN-2: the quarterly report as a PDF (GB/T 9704-like, through core.pdf.render_pdf).

The template (`finance/reports/pdf/quarter.html`) extends `shared/pdf_base.html` (A4, the
issuing body in red over a rule, the title in the serif face, page numbers, Noto CJK SC
embedded); this module hands it the figures already printed as text, so the template
does no arithmetic.
"""

from __future__ import annotations

from decimal import Decimal

from core.pdf import render_pdf
from finance.reports.data import QuarterReportData
from finance.rules import LineKind

TEMPLATE = "finance/reports/pdf/quarter.html"
KIND_ZH = {LineKind.REVENUE: "收入", LineKind.SPENDING: "支出"}


def _amount(value: Decimal) -> str:
    return f"{value:,.2f}"


def _rate(value: Decimal | None) -> str:
    return "—" if value is None else f"{value}%"


def _printed(row, code="", name="") -> dict:
    return {
        "code": code,
        "name": name,
        "approved": _amount(row.approved),
        "adjusted": _amount(row.adjusted),
        "quarter": _amount(row.quarter_actual),
        "year": _amount(row.year_actual),
        "balance": _amount(row.balance),
        "rate": _rate(row.rate),
    }


def pdf_context(data: QuarterReportData) -> dict:
    first, last = data.span
    sections = []
    for kind in (LineKind.REVENUE, LineKind.SPENDING):
        lines = data.rows_of(kind)
        if not lines:
            continue
        sections.append(
            {
                "number": "一二"[len(sections)],
                "title": f"{KIND_ZH[kind]}预算执行情况",
                "rows": [_printed(r, r.code, r.name) for r in lines],
                "total": _printed(data.totals(kind), "", f"{KIND_ZH[kind]}合计"),
            }
        )
    return {
        "data": data,
        "issuer": data.issuer,
        "title": data.title,
        "summary": data.summary_zh(),
        "period": f"{first:%Y年%m月%d日}至{last:%Y年%m月%d日}",
        "dated": f"{data.generated_on.year}年{data.generated_on.month}月"
        f"{data.generated_on.day}日",
        "sections": sections,
    }


def render_quarter_pdf(data: QuarterReportData, footer: dict | None = None) -> bytes:
    """`footer`: core.documents.pdf_footer(report) — the code and anchor (AUD-2)."""
    return render_pdf(TEMPLATE, pdf_context(data) | (footer or {}))
