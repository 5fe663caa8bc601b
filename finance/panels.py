"""The township's money on the secretary's and the clerk's home (committees.panels): this
year's budget and where it stands, the large expenditures waiting for the enlarged
meeting, and the nav button."""

from __future__ import annotations

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from committees import access
from committees.panels import Panel, register_nav
from committees.panels import register as register_panel
from finance import roles as fin_roles


def money_panel(request, township, roles):
    if not roles & access.TOWNSHIP_STAFF:
        return None
    from finance import selectors
    from finance.models import Budget, LargeExpenditure

    year = timezone.localdate().year
    budget = Budget.objects.filter(township=township, year=year).first()
    waiting = selectors.large_expenditures(township).exclude(
        status__in=[LargeExpenditure.Status.PAID, LargeExpenditure.Status.REJECTED]
    )
    return Panel(
        title=_("The township's money"),
        template="finance/panel.html",
        context={
            "year": year,
            "budget": budget,
            "periods": selectors.budget_periods(budget) if budget else {},
            "waiting": list(waiting[:5]),
            "attempts": selectors.split_attempts(
                township, start=timezone.localdate().replace(month=1, day=1)
            ).count(),
        },
        order=38,
    )


def register() -> None:
    register_panel(money_panel)
    register_nav(_("Budget and ledger"), "finance:home", fin_roles.READERS, order=60)
