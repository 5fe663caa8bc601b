from django.urls import path

from finance.reports import views

R = "t/<slug:slug>/finance/reports/"
urlpatterns = [
    path(R, views.report_list, name="reports"),
    path(R + "generate/", views.report_generate, name="report_generate"),
    path(R + "<int:pk>/", views.report_detail, name="report"),
    path(R + "<int:pk>/file/<str:kind>/", views.report_file, name="report_file"),
    path(R + "<int:pk>/agenda/", views.report_agenda, name="report_agenda"),
    path(R + "<int:pk>/publish/", views.report_publish, name="report_publish"),
]
