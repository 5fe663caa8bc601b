from django.urls import path

from finance.accounts import views

F = "t/<slug:slug>/finance/final-accounts/"
urlpatterns = [
    path(F, views.accounts_list, name="final_accounts"),
    path(F + "<int:pk>/", views.accounts_detail, name="final_accounts_detail"),
    path(
        F + "<int:pk>/approval/",
        views.accounts_approval,
        name="final_accounts_approval",
    ),
    path(F + "<int:pk>/file/", views.accounts_file, name="final_accounts_file"),
    path(F + "<int:pk>/filing/", views.accounts_filing, name="final_accounts_filing"),
    path(
        F + "<int:pk>/publish/", views.accounts_publish, name="final_accounts_publish"
    ),
]
