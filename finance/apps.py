from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FinanceConfig(AppConfig):
    name = "finance"
    verbose_name = _("Finance")

    def ready(self):
        from finance.reports import wiring as statements_wiring

        statements_wiring.register()  # FIN-2, FIN-7, FIN-8: figure, panels, column owners, demo
