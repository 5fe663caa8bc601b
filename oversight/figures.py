"""The compliance dashboard (PIL-3): what the county sees, read from the figures the
mechanisms register in `core.figures`.

Oversight computes no figure of its own: each registered definition brings its mechanism's
county-wide selector (`by_township`, a fixed number of queries), its drill-down to the
records and its colour thresholds. Oversight keeps the list of rules the county expects to
see (`EXPECTED`), so a rule whose mechanism is not built yet (FIN-2, INC-4) is listed as
"not yet recorded" (尚未记录), never as zero; and a year before a township keeps its
records here is "not yet recorded" for every figure of it, never compliant.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core import figures as registry
from core.figures import BAD, NONE, OK, WARN, DrillDown, TownshipFigure

__all__ = ["BAD", "NONE", "OK", "WARN", "DrillDown", "TownshipFigure"]

COLOUR_LABELS = {
    OK: _("compliant"),
    WARN: _("attention"),
    BAD: _("breach"),
    NONE: _("not yet recorded"),
}
COLOUR_ORDER = {NONE: -1, OK: 0, WARN: 1, BAD: 2}
SYMBOLS = {OK: "✓", WARN: "!", BAD: "✗", NONE: "—"}  # not colour alone

MECHANISMS = [
    ("decision", _("Decision-making")),
    ("learning", _("Learning and training")),
    ("appointment", _("Selection and appointment")),
    ("finance", _("Major events and finance")),
    ("incentive", _("Incentive and restraint")),
]
_MECHANISM_ORDER = {key: index for index, (key, _label) in enumerate(MECHANISMS)}


@dataclass(frozen=True)
class Expected:
    """A rule the county expects on its dashboard, whose mechanism may not be built yet."""

    key: str
    mechanism: str
    rule: str
    label: object
    order: int = 50


# The rules PIL-3 names whose mechanisms are not built yet. A mechanism that registers a
# figure under the same key takes the place of its entry here.
EXPECTED = [
    Expected("fin2", "finance", "FIN-2", _("Quarters without a finance report"), 10),
    Expected(
        "inc4",
        "incentive",
        "INC-4",
        _("Half-years without a democratic life meeting"),
        10,
    ),
]


@dataclass(frozen=True)
class Period:
    """The dashboard's year, up to the last month that has ended."""

    year: int
    start: datetime.date
    end: datetime.date
    now: datetime.datetime

    @classmethod
    def for_year(cls, year: int | None = None, now=None) -> Period:
        now = now or timezone.now()
        today = timezone.localtime(now).date()
        year = year or today.year
        start = datetime.date(year, 1, 1)
        if year < today.year:
            end = datetime.date(year, 12, 31)
        else:
            end = today.replace(day=1) - datetime.timedelta(days=1)
            if end.year < year:
                end = start - datetime.timedelta(days=1)  # January: no month ended yet
        return cls(year=year, start=start, end=end, now=now)

    @property
    def months(self) -> list[int]:
        if self.end < self.start:
            return []
        return list(range(1, self.end.month + 1))


@dataclass(frozen=True)
class Figure:
    """A figure as the dashboard lists it: its mechanism's registered definition, or an
    expected rule whose mechanism does not record it yet (`definition` None)."""

    key: str
    mechanism: str
    rule: str
    label: object
    definition: registry.FigureDefinition | None = None
    order: int = 50

    @property
    def available(self) -> bool:
        return self.definition is not None

    @property
    def colour_rule(self):
        return self.definition.colour_rule if self.definition else ""

    @property
    def unit(self) -> str:
        return self.definition.unit if self.definition else ""

    @property
    def trend(self):
        return self.definition.trend if self.definition else None

    def colour(self, value) -> str:
        return self.definition.colour(value) if self.definition else NONE

    def source_url(self, township) -> str | None:
        from django.urls import NoReverseMatch, reverse

        if self.definition is None or self.definition.source is None:
            return None
        try:
            return reverse(self.definition.source, kwargs={"slug": township.slug})
        except NoReverseMatch:
            return None

    def values(self, townships, period: Period) -> dict[int, TownshipFigure]:
        """The mechanism's county-wide selector over the period (constant queries)."""
        return self.definition.by_township(
            townships, period.start, period.end, now=period.now
        )

    def drill_down(self, township, period: Period) -> DrillDown:
        """The records behind the figure, from the mechanism's own selector."""
        return self.definition.drill(township, period.start, period.end, now=period.now)


def listed() -> list[Figure]:
    """Every figure of the dashboard: the registered ones and the expected rules not
    registered yet, by mechanism."""
    found = {
        d.key: Figure(d.key, d.mechanism, d.rule, d.label, d, d.order)
        for d in registry.registered()
    }
    for expected in EXPECTED:
        found.setdefault(
            expected.key,
            Figure(
                expected.key,
                expected.mechanism,
                expected.rule,
                expected.label,
                None,
                expected.order,
            ),
        )
    return sorted(
        found.values(),
        key=lambda f: (_MECHANISM_ORDER.get(f.mechanism, 99), f.order, f.key),
    )


def figure(key: str) -> Figure | None:
    return next((f for f in listed() if f.key == key), None)


def records_begin_after(township, period: Period) -> bool:
    """PIL-3: the township keeps its records here only from a later year, so nothing of
    `period` is known: every figure of it is "not yet recorded", never compliant."""
    from committees.selectors import first_counted_day

    return registry.unrecorded(first_counted_day(township, period.start), period.start)


@dataclass
class Cell:
    figure: Figure
    value: object
    colour: str
    by_month: dict = field(default_factory=dict)

    @property
    def colour_label(self):
        return COLOUR_LABELS[self.colour]

    @property
    def text(self) -> str:
        if self.colour == NONE:
            return str(COLOUR_LABELS[NONE])
        if self.value is None:
            return "—"
        return f"{self.value}{self.figure.unit}"


def dashboard(townships, period: Period, figures=None) -> dict:
    """Townships × mechanisms: each cell lists its figures with a colour; each mechanism's
    colour is its worst figure's. Queries: a fixed number per available figure."""
    figures = listed() if figures is None else figures
    active = [f for f in figures if f.available]
    values = {f.key: f.values(townships, period) for f in active}
    for township in townships:
        if records_begin_after(township, period):
            for found in values.values():
                found[township.pk] = TownshipFigure(None)  # unknown, never compliant
    rows = []
    for township in townships:
        mechanisms = []
        for key, label in MECHANISMS:
            cells = []
            for f in figures:
                if f.mechanism != key:
                    continue
                if f.key in values:
                    result = values[f.key].get(township.pk, TownshipFigure(None))
                    cells.append(
                        Cell(f, result.value, f.colour(result.value), result.by_month)
                    )
                else:
                    cells.append(Cell(f, None, NONE))
            recorded = [c for c in cells if c.colour != NONE]
            worst = max(
                (c.colour for c in recorded), key=COLOUR_ORDER.get, default=NONE
            )
            mechanisms.append(
                {
                    "key": key,
                    "label": label,
                    "cells": cells,
                    "colour": worst,
                    "colour_label": COLOUR_LABELS[worst],
                    "symbol": SYMBOLS[worst],
                }
            )
        rows.append({"township": township, "mechanisms": mechanisms})
    return {
        "rows": rows,
        "mechanisms": MECHANISMS,
        "figures": figures,
        "trends": _trends(townships, period, active, values),
        "period": period,
    }


def _trends(townships, period, active, values) -> list[dict]:
    """Per month, county-wide: the number of townships in breach, or the county's rate."""
    trends = []
    for f in active:
        if f.trend is None:
            continue
        bars = []
        for month in period.months:
            month_values = [
                values[f.key][t.pk].by_month.get(month)
                for t in townships
                if t.pk in values[f.key]
            ]
            known = [v for v in month_values if v is not None]
            if f.unit == "%":
                value = sum(known) // len(known) if known else None
            else:
                value = sum(known) if known else None  # unknown, never a made-up 0
            bars.append({"month": month, "value": value})
        trends.append({"figure": f, "bars": bars, "percent": f.unit == "%"})
    return trends
