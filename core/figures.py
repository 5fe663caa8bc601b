"""The registry of the county dashboard's figures (PIL-3), below every app.

A mechanism (meetings, cadres, later finance, projects, incentives) registers each of its
compliance figures in its `AppConfig.ready()`, like its home panels:

    from core import figures
    figures.register(figures.FigureDefinition(key="dec7", ...))

and `oversight` lists what is registered; it imports no mechanism and holds no rule
arithmetic of its own. A definition carries everything that belongs to the rule: the
mechanism's county-wide selector (`by_township`), its drill-down to the records, the colour
thresholds and their stated rule.

Contracts:

- `by_township(townships, start, end, now=None) -> {township_id: TownshipFigure}`, a fixed
  number of queries whatever the number of townships. `start`..`end` are the days whose
  months are counted (the months that have ended, within one year); records of moments
  (refusals, decisions) are counted from `start` to the end of its year. Months before a
  township keeps its records here (`committees.selectors.first_counted_day`) are not
  counted.
- `drill(township, start, end, now=None) -> DrillDown`: the records behind the figure,
  read through the mechanism's own selector for one township, so that the figure and its
  records cannot disagree unseen (a test compares them for every figure).

Pure: imports no app and no ORM.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass, field

OK, WARN, BAD, NONE = "ok", "warn", "bad", "none"


@dataclass
class TownshipFigure:
    """One township's figure: `value` (None: unknown, shown "not yet recorded", never 0),
    per month for the trends (`by_month`: month number -> value) and its `records`."""

    value: object
    by_month: dict[int, object] = field(default_factory=dict)
    records: list = field(default_factory=list)


@dataclass
class DrillDown:
    """The records behind one township's figure, as a table."""

    value: object
    columns: list
    rows: list[list]


def count_colour(amber_from: int, red_from: int) -> Callable[[object], str]:
    """A count: below `amber_from` green, from it amber, from `red_from` red."""

    def colour(value) -> str:
        if value is None:
            return NONE
        if value >= red_from:
            return BAD
        return WARN if value >= amber_from else OK

    return colour


def rate_colour(green_from: int, amber_from: int) -> Callable[[object], str]:
    """A percentage: from `green_from` green, from `amber_from` amber, below it red."""

    def colour(value) -> str:
        if value is None:
            return NONE
        if value >= green_from:
            return OK
        return WARN if value >= amber_from else BAD

    return colour


def counted_months(
    first_counted: datetime.date, start: datetime.date, end: datetime.date
) -> list[int]:
    """The months of `start`'s year, up to `end`, from the first counted day's month
    (`first_counted` >= `start`): the months a month-by-month figure counts."""
    if end < start or first_counted.year != start.year:
        return []
    return list(range(first_counted.month, end.month + 1))


def unrecorded(first_counted: datetime.date, start: datetime.date) -> bool:
    """PIL-3: the township keeps its records here only from a later year than `start`'s:
    nothing of that year is known, so no figure of it may read as compliant."""
    return first_counted.year > start.year


@dataclass(frozen=True)
class FigureDefinition:
    key: str  # in URLs: "dec7"
    mechanism: str  # decision, learning, appointment, finance, incentive
    rule: str  # "DEC-7"
    label: object  # translatable
    colour_rule: object  # the thresholds of `colour`, stated for the reader
    colour: Callable[[object], str]  # value -> OK / WARN / BAD / NONE
    by_township: Callable  # (townships, start, end, now=None) -> {id: TownshipFigure}
    drill: Callable  # (township, start, end, now=None) -> DrillDown
    unit: str = ""
    trend: object = None  # label of the county trend, when the figure has months
    source: str | None = (
        None  # URL name of the mechanism's page of these records (slug)
    )
    order: int = 50  # within its mechanism


_registry: dict[str, FigureDefinition] = {}


def register(definition: FigureDefinition) -> FigureDefinition:
    """Register a mechanism's figure (in its AppConfig.ready()). A key belongs to one
    rule: registering another rule under a key already taken is a programming error."""
    existing = _registry.get(definition.key)
    if existing is not None and (existing.rule, existing.mechanism) != (
        definition.rule,
        definition.mechanism,
    ):
        raise ValueError(f"figure key {definition.key!r} is already {existing.rule}")
    _registry[definition.key] = definition
    return definition


def registered() -> list[FigureDefinition]:
    """Every registered figure, by mechanism then order."""
    return sorted(_registry.values(), key=lambda f: (f.mechanism, f.order, f.key))


def registered_figure(key: str) -> FigureDefinition | None:
    return _registry.get(key)
