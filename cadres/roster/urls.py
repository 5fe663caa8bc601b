"""URLs of the roster pages; named in the `cadres` namespace by `cadres/urls.py`."""

from django.urls import path

from cadres.roster import views as roster

urlpatterns = [
    path("t/<slug:slug>/roster/", roster.roster, name="roster"),
    path("t/<slug:slug>/roster/export/", roster.roster_export, name="roster_export"),
]
