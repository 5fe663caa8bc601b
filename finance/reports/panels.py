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
    from finance.accounts import selectors as accounts
    from finance.audits import selectors as audits
    from finance.reports import selectors

    today = timezone.localdate()
    year = today.year if today.month > 1 else today.year - 1
    states = [s for s in selectors.quarter_states(township, year) if s.counted]
    audit_states = audits.audit_states(township)
    accounts_states = accounts.accounts_states(township)
    return Panel(
        title=_("Quarterly finance reports"),
        template="finance/reports/panel.html",
        context={
            "year": year,
            "states": [s for s in states if s.ended or s.report],
            "gaps": [s for s in states if s.gap],
            "basis": selectors.BASIS,
            # FIN-7, FIN-8: what is overdue, flagged on the secretary's home.
            "comments_overdue": sum(a.comments_overdue for a in audit_states),
            "findings_overdue": sum(
                1
                for a in audit_states
                for f in a.overdue_findings
                if f.closed_on is None
            ),
            "accounts_overdue": sum(
                1
                for a in accounts_states
                for d in (a.filing, a.publication)
                if d is not None and d.overdue
            ),
        },
        order=40,
    )


def register() -> None:
    register_panel(quarter_panel)
    from finance.reports.selectors import READERS

    register_nav(_("Quarterly reports"), "finance:reports", READERS, order=62)
