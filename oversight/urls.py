from django.urls import path

from oversight import views

app_name = "oversight"
urlpatterns = [
    path("oversight/", views.county_index, name="index"),
    path("oversight/county/<int:pk>/", views.dashboard, name="dashboard"),
    path(
        "oversight/county/<int:pk>/t/<slug:slug>/<str:key>/",
        views.drill_down,
        name="drill_down",
    ),
    path("oversight/county/<int:pk>/steer/<slug:slug>/", views.steer, name="steer"),
    path("t/<slug:slug>/compliance/", views.township_dashboard, name="township"),
    path("oversight/county/<int:pk>/figures.xlsx", views.export_xlsx, name="xlsx"),
    path("oversight/county/<int:pk>/report.pdf", views.report_pdf, name="report_pdf"),
    path("t/<slug:slug>/pilot/", views.pilot, name="pilot"),
    path("t/<slug:slug>/pilot/create/", views.pilot_create, name="pilot_create"),
    path("t/<slug:slug>/pilot/advance/", views.phase_advance, name="phase_advance"),
    path("t/<slug:slug>/pilot/documents/", views.document_add, name="document_add"),
    path(
        "t/<slug:slug>/pilot/documents/<int:pk>/file/",
        views.document_file,
        name="document_file",
    ),
    path("t/<slug:slug>/pilot/record.pdf", views.pilot_pdf, name="pilot_pdf"),
    path("t/<slug:slug>/pilot/summaries/", views.summary_submit, name="summary_submit"),
    path(
        "t/<slug:slug>/pilot/summaries/<int:pk>/", views.summary_detail, name="summary"
    ),
    path(
        "t/<slug:slug>/pilot/summaries/<int:pk>/attachment/",
        views.summary_attachment,
        name="summary_attachment",
    ),
    path(
        "t/<slug:slug>/pilot/summaries/<int:pk>/review/",
        views.summary_review,
        name="summary_review",
    ),
]
