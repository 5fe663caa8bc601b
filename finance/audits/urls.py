from django.urls import path

from finance.audits import views

A = "t/<slug:slug>/finance/audits/"
urlpatterns = [
    path(A, views.audit_list, name="audits"),
    path(A + "<int:pk>/", views.audit_detail, name="audit"),
    path(A + "<int:pk>/report/", views.audit_report, name="audit_report"),
    path(
        A + "<int:pk>/report/file/", views.audit_report_file, name="audit_report_file"
    ),
    path(A + "<int:pk>/comments/", views.audit_comments, name="audit_comments"),
    path(A + "<int:pk>/findings/", views.finding_add, name="finding_add"),
    path(
        A + "<int:pk>/findings/<int:finding_pk>/close/",
        views.finding_close,
        name="finding_close",
    ),
    path(
        A + "<int:pk>/rectification/",
        views.audit_rectification,
        name="audit_rectification",
    ),
    path(A + "<int:pk>/publish/", views.audit_publish, name="audit_publish"),
]
