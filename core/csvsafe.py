"""CSV and spreadsheet cells that a spreadsheet program will not run (formula injection,
OWASP "CSV Injection"; SEC-5).

A cell typed by a user and published — a disclosure item's title, a name — that begins with
`=`, `+`, `-`, `@`, a tab or a carriage return is read by Excel and WPS as a formula
(`=HYPERLINK(...)`, `@SUM(...)`, DDE). `cell()` puts a `'` in front of such text, as the
spreadsheet programs do themselves for text that looks like a formula; numbers, dates and
other values are left as they are. `writer` and `DictWriter` are `csv`'s, neutralising every
cell they write. For an .xlsx, `neutralise_sheet()` keeps the text exactly as typed and
stores it as text, never as a formula.
"""

from __future__ import annotations

import csv

DANGEROUS_FIRST = ("=", "+", "-", "@", "\t", "\r")


def cell(value):
    """The value as a safe CSV cell."""
    if isinstance(value, str) and value.startswith(DANGEROUS_FIRST):
        return "'" + value
    return value


def row(values) -> list:
    return [cell(value) for value in values]


class _Writer:
    def __init__(self, out, *args, **kwargs):
        self._writer = csv.writer(out, *args, **kwargs)

    def writerow(self, values):
        return self._writer.writerow(row(values))

    def writerows(self, rows):
        for values in rows:
            self.writerow(values)


def writer(out, *args, **kwargs) -> _Writer:
    """`csv.writer` whose every cell goes through `cell()`."""
    return _Writer(out, *args, **kwargs)


class DictWriter(csv.DictWriter):
    """`csv.DictWriter` whose every cell goes through `cell()` (the header is the code's)."""

    def writerow(self, rowdict):
        return super().writerow({key: cell(value) for key, value in rowdict.items()})

    def writerows(self, rowdicts):
        for rowdict in rowdicts:
            self.writerow(rowdict)


def neutralise_sheet(sheet) -> None:
    """Every text cell of an openpyxl sheet that openpyxl would store as a formula (text
    beginning with `=`) is stored as text instead; the text is unchanged, so the sheet still
    imports as it is. Call it before saving a workbook built from users' text."""
    for cells in sheet.iter_rows():
        for item in cells:
            if item.data_type == "f" and isinstance(item.value, str):
                item.data_type = "s"


def neutralise_workbook(book) -> None:
    """`neutralise_sheet` on every sheet of an openpyxl workbook."""
    for sheet in book.worksheets:
        neutralise_sheet(sheet)
