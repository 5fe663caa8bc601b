"""What the statements (FIN-2, FIN-7, FIN-8) register in `FinanceConfig.ready()`: the
county figure FIN-2, the secretary's home panel and the nav button, the column owners of
the items they publish, and the demo builder."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _


def register() -> None:
    from committees import demo as committee_demo
    from disclosure import owners
    from finance import tasks  # noqa: F401  (the outbox finds the render task eagerly)
    from finance.accounts.services import ACCOUNTS_OWNER
    from finance.audits.services import AUDIT_OWNER
    from finance.reports import demo, figures, panels
    from finance.reports.services import REPORT_OWNER

    figures.register()
    panels.register()
    owners.register_owner(REPORT_OWNER, label=_("the quarterly report page"))
    owners.register_owner(
        AUDIT_OWNER, label=_("the economic responsibility audit page")
    )
    owners.register_owner(ACCOUNTS_OWNER, label=_("the final accounts page"))
    committee_demo.register(demo.build)
