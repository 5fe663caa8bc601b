from django.urls import path

from cadres.appointments import views, views_selection

app_name = "appointments"
urlpatterns = [
    # APT-1: the secretary's list of cases and each case's page.
    path("t/<slug:slug>/appointments/", views.case_list, name="cases"),
    path("t/<slug:slug>/appointments/<int:pk>/", views.case_detail, name="case"),
    path(
        "t/<slug:slug>/appointments/<int:pk>/inspection-report/",
        views.inspection_report,
        name="inspection_report",
    ),
    path(
        "t/<slug:slug>/appointments/<int:pk>/letter.pdf",
        views.letter_pdf,
        name="letter_pdf",
    ),
    # APT-4: competitive selection.
    path("t/<slug:slug>/selections/", views_selection.selections, name="selections"),
    path(
        "t/<slug:slug>/selections/<int:pk>/",
        views_selection.selection,
        name="selection",
    ),
    # APT-5: outstanding cadres.
    path("t/<slug:slug>/outstanding/", views_selection.outstanding, name="outstanding"),
    path(
        "t/<slug:slug>/outstanding/<int:pk>/",
        views_selection.outstanding_vote,
        name="outstanding_vote",
    ),
]
