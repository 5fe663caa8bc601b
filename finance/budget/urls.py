"""URLs of the budget pages (FIN-1, FIN-3, FIN-4); named in the `finance` namespace by
`finance/urls.py`."""

from django.urls import path

from finance.budget import views

F = "t/<slug:slug>/finance/"
urlpatterns = [
    path(F, views.home, name="home"),
    path(F + "settings/", views.settings_page, name="settings"),
    path(F + "group/", views.group, name="group"),
    path(F + "budgets/<int:pk>/", views.budget_detail, name="budget"),
    path(F + "budgets/<int:pk>/file/", views.budget_file, name="budget_file"),
    path(F + "budgets/<int:pk>/changes/new/", views.change_new, name="change_new"),
    path(F + "changes/<int:pk>/", views.change_detail, name="change"),
]
