from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FinanceConfig(AppConfig):
    name = "finance"
    verbose_name = _("Finance")

    def ready(self):
        from finance import wiring as money_wiring
        from finance.reports import wiring as statements_wiring

        money_wiring.register()  # FIN-1, FIN-3 … FIN-6, FIN-10: figure, panel, nav, demo

        statements_wiring.register()  # FIN-2, FIN-7, FIN-8: figure, panels, column owners, demo
