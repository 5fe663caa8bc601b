from django.urls import path

from committees import views

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
]
