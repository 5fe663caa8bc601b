"""What the budget and the ledger (FIN-1, FIN-3 … FIN-6, FIN-10) register in
`FinanceConfig.ready()`: the county figure FIN-5, the home panel and the nav button, and
the demo builder (before the statements' builder, which stands on its budget and ledger)."""

from __future__ import annotations


def register() -> None:
    from django.utils.translation import gettext_lazy as _

    from committees import demo as committee_demo
    from disclosure import owners
    from finance import demo, panels
    from finance.budget.services import BUDGET_OWNER
    from finance.ledger import figures

    figures.register()
    owners.register_owner(BUDGET_OWNER, label=_("the budget page"))
    panels.register()
    committee_demo.register(demo.build)
