from django.urls import path

from committees import trail, views

app_name = "committees"
urlpatterns = [
    path("t/<slug:slug>/", views.township_detail, name="township"),
    path("t/<slug:slug>/people/", views.township_people, name="people"),
    path("t/<slug:slug>/rules/", views.township_rules, name="rules"),
    path("history/<str:model_label>/<int:pk>/", views.record_history, name="history"),
    # The county's corrections of the holiday calendar (every period counts with them).
    path("county/<int:pk>/holidays/", views.holidays, name="holidays"),
    path("audit/", views.audit_log, name="audit_log"),
    path("audit/integrity/", views.integrity_check, name="integrity_check"),
    # SEC-6: the administrators' trail (auditor) and the auditor's reads (security admin).
    path("audit/admins/", trail.trail, name="trail"),
    path("audit/admins/reads/", trail.trail_reads, name="trail_reads"),
]
