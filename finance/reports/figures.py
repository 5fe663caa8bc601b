"""FIN-2 on the county dashboard (PIL-3): quarters whose report was not decided by an
enlarged meeting by the end of the next month, per township, in a fixed number of
queries; the drill-down lists every counted quarter with its report, through the same
`quarter_states` the secretary's home reads. Registered by `FinanceConfig.ready()`.

A township that keeps no money of the year here (no budget, no report) reads "not yet
recorded", never zero.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from core import figures as registry
from core.figures import DrillDown, TownshipFigure
from finance.reports import selectors


def quarters_without_report_by_township(townships, start, end, now=None):
    """FIN-2: gap quarters of `start`'s year (finance.rules.quarter_report_gap);
    `records`: the gap quarters' numbers; `by_month`: 1 in a gap quarter's last month."""
    recorded, states = selectors.quarter_states_by_township(
        list(townships), start.year, now
    )
    found = {}
    for township_id, quarters in states.items():
        if township_id not in recorded:
            found[township_id] = TownshipFigure(None)
            continue
        gaps = [s for s in quarters if s.gap]
        found[township_id] = TownshipFigure(
            len(gaps),
            {3 * s.quarter: 1 for s in gaps},
            [s.quarter for s in gaps],
        )
    return found


def _status(state) -> str:
    if state.report is None:
        return str(_("no report"))
    return str(state.report.get_status_display())


def _verdict(state) -> str:
    if state.gap:
        return str(_("compliance gap"))
    return str(_("within the period") if state.decided_on else _("not yet decided"))


def _fin2_drill(township, start, end, now=None) -> DrillDown:
    columns = [
        _("Quarter"),
        _("Report"),
        _("Enlarged meeting"),
        _("Decided on"),
        _("Report due by"),
        _("Compliance gap"),
    ]
    if not selectors.year_recorded(township, start.year):
        return DrillDown(None, columns, [])
    states = [
        s for s in selectors.quarter_states(township, start.year, now) if s.counted
    ]
    rows = []
    for state in states:
        if state.report is None and not state.gap:
            continue  # a quarter still running or within its window, nothing recorded
        item = state.report.agenda_item if state.report else None
        rows.append(
            [
                state.label,
                _status(state),
                item.meeting.title if item else "—",
                state.decided_on.isoformat() if state.decided_on else "—",
                state.due.isoformat(),
                _verdict(state),
            ]
        )
    return DrillDown(sum(1 for s in states if s.gap), columns, rows)


FIGURES = [
    registry.FigureDefinition(
        key="fin2",
        mechanism="finance",
        rule="FIN-2",
        label=_("Quarters without a finance report"),
        colour_rule=_("0 green; 1 amber; 2 or more red"),
        colour=registry.count_colour(1, 2),
        by_township=quarters_without_report_by_township,
        drill=_fin2_drill,
        source="finance:reports",
        order=10,
    ),
]


def register() -> None:
    for definition in FIGURES:
        registry.register(definition)
