"""FIN-2 on the secretary's home (committees.panels): this year's quarters, the gaps."""

from __future__ import annotations

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from committees import access
from committees.panels import Panel, register_nav
from committees.panels import register as register_panel


def quarter_panel(request, township, roles):
    if not roles & access.TOWNSHIP_STAFF:
        return None
    from finance.reports import selectors

    today = timezone.localdate()
    year = today.year if today.month > 1 else today.year - 1
    states = [s for s in selectors.quarter_states(township, year) if s.counted]
    return Panel(
        title=_("Quarterly finance reports"),
        template="finance/reports/panel.html",
        context={
            "year": year,
            "states": [s for s in states if s.ended or s.report],
            "gaps": [s for s in states if s.gap],
            "basis": selectors.BASIS,
        },
        order=40,
    )


def register() -> None:
    register_panel(quarter_panel)
    from finance.reports.selectors import READERS

    register_nav(_("Quarterly reports"), "finance:reports", READERS, order=62)
