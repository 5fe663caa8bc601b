from finance.accounts.urls import urlpatterns as accounts_urls
from finance.audits.urls import urlpatterns as audits_urls
from finance.budget.urls import urlpatterns as budget_urls
from finance.ledger.urls import urlpatterns as ledger_urls
from finance.reports.urls import urlpatterns as reports_urls

app_name = "finance"
urlpatterns: list = [
    *budget_urls,
    *ledger_urls,
    *reports_urls,
    *audits_urls,
    *accounts_urls,
]
