"""URLs of the ledger pages (FIN-5, FIN-6, FIN-10); named in the `finance` namespace by
`finance/urls.py`."""

from django.urls import path

from finance.ledger import views

F = "t/<slug:slug>/finance/"
urlpatterns = [
    path(F + "budgets/<int:pk>/ledger/", views.ledger, name="ledger"),
    path(F + "budgets/<int:pk>/large/new/", views.large_new, name="large_new"),
    path(F + "large/", views.large_list, name="large_list"),
    path(F + "large/<int:pk>/", views.large_detail, name="large"),
]
