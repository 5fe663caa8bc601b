"""Spreadsheets people can file (issue 15): a bold, frozen header row of unique headers
with their units, dates as dates, rates as numbers with a % format, columns wide enough
for their contents (a Chinese character counts double)."""

from __future__ import annotations

import datetime
import unicodedata

from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

PERCENT = "0%"
PERCENT_1 = "0.0%"
DATE = 'yyyy"年"m"月"d"日"'
DATETIME = 'yyyy"年"m"月"d"日" hh:mm'


def text_width(value) -> int:
    if value is None:
        return 0
    if isinstance(value, datetime.datetime):
        return 18
    if isinstance(value, datetime.date):
        return 12
    text = str(value)
    return max(
        (
            sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in line)
            for line in text.split("\n")
        ),
        default=0,
    )


def header(sheet, headers: list, freeze_columns: int = 1) -> None:
    """Write the header row (unique: a repeated header is a programming error), bold and
    frozen with the first `freeze_columns` columns."""
    labels = [str(h) for h in headers]
    repeated = {h for h in labels if labels.count(h) > 1}
    if repeated:
        raise ValueError(f"repeated headers: {sorted(repeated)}")
    sheet.append(labels)
    for cell in sheet[sheet.max_row]:
        cell.font = Font(bold=True)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    # A coordinate, not sheet.cell(): that would create the cell and move append() down.
    sheet.freeze_panes = f"{get_column_letter(freeze_columns + 1)}{sheet.max_row + 1}"


def percent(value, digits: int = 0):
    """A rate stored as 0–100 → the number Excel shows as a percentage (or None)."""
    return None if value is None else value / 100


def style_column(sheet, column: int, number_format: str, first_row: int = 2) -> None:
    for (cell,) in sheet.iter_rows(min_row=first_row, min_col=column, max_col=column):
        if cell.value is not None and not isinstance(cell.value, str):
            cell.number_format = number_format


def fit_columns(
    sheet, minimum: int = 6, maximum: int = 48, header_maximum: int = 20
) -> None:
    """Each column as wide as its widest cell, within bounds; a long header (wrapped by
    `header()`) counts only up to `header_maximum`, so it takes lines, not width."""
    widths: dict[int, int] = {}
    for row in sheet.iter_rows():
        for cell in row:
            width = text_width(cell.value)
            if cell.row == 1:
                width = min(width, header_maximum)
            widths[cell.column] = max(widths.get(cell.column, 0), width)
    for column, width in widths.items():
        sheet.column_dimensions[get_column_letter(column)].width = max(
            minimum, min(maximum, width + 2)
        )
