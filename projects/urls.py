from django.urls import path

from projects import views

app_name = "projects"

T = "t/<slug:slug>/projects/"
urlpatterns = [
    path(T, views.project_list, name="list"),
    path(T + "<int:pk>/", views.project_detail, name="detail"),
    path(T + "<int:pk>/<slug:action>/", views.project_act, name="act"),
    path(T + "tenders/<int:pk>/", views.tender_detail, name="tender"),
    path(T + "tenders/<int:pk>/<slug:action>/", views.tender_act, name="tender_act"),
    path(T + "purchases/", views.purchases, name="purchases"),
    # The villagers' pages and the open data (PUB-4, OCDS 1.1): no login.
    path("p/<slug:slug>/projects/", views.public_list, name="public_list"),
    path("p/<slug:slug>/projects/<int:pk>/", views.public_project, name="public"),
    path(
        "p/<slug:slug>/projects/ocds/releases.json",
        views.ocds_releases,
        name="ocds_releases",
    ),
    path(
        "p/<slug:slug>/projects/ocds/records.json",
        views.ocds_records,
        name="ocds_records",
    ),
]
