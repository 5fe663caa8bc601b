"""URLs of the incentive and restraint pages (INC-1 … INC-7), namespace `incentives`."""

from django.urls import path

from cadres.incentives import views

app_name = "incentives"

urlpatterns = [
    path("t/<slug:slug>/incentives/<int:year>/", views.year, name="year"),
    path(
        "t/<slug:slug>/incentives/targets-template.xlsx",
        views.targets_template,
        name="targets_template",
    ),
    path(
        "t/<slug:slug>/incentives/<int:year>/plan/<int:person_pk>/",
        views.plan,
        name="plan",
    ),
    path("t/<slug:slug>/incentives/<int:year>/pool/", views.pool, name="pool"),
    path(
        "t/<slug:slug>/incentives/<int:year>/pool/<int:run>/payroll.xlsx",
        views.payroll_xlsx,
        name="payroll_xlsx",
    ),
    path(
        "t/<slug:slug>/incentives/<int:year>/pool/<int:run>/payroll.pdf",
        views.payroll_pdf,
        name="payroll_pdf",
    ),
    path(
        "t/<slug:slug>/incentives/<int:year>/my-share/", views.my_share, name="my_share"
    ),
    path("t/<slug:slug>/incentives/<int:year>/grades/", views.grades, name="grades"),
    path(
        "t/<slug:slug>/incentives/<int:year>/dossier/<int:person_pk>/",
        views.dossier,
        name="dossier",
    ),
    path(
        "t/<slug:slug>/incentives/<int:year>/dossier/<int:person_pk>/pdf/",
        views.dossier_pdf,
        name="dossier_pdf",
    ),
    path(
        "t/<slug:slug>/incentives/<int:year>/dossier/<int:person_pk>/notice.pdf",
        views.notice_pdf,
        name="notice_pdf",
    ),
    path("t/<slug:slug>/incentives/<int:year>/talks/", views.talks, name="talks"),
    path(
        "t/<slug:slug>/incentives/life-meetings/",
        views.life_meetings,
        name="life_meetings",
    ),
    path(
        "t/<slug:slug>/incentives/life-meetings/<int:pk>/",
        views.life_meeting,
        name="life_meeting",
    ),
    path(
        "t/<slug:slug>/incentives/<int:year>/appraisal/",
        views.appraisal,
        name="appraisal",
    ),
    path(
        "t/<slug:slug>/incentives/personal-matters/",
        views.personal_matters,
        name="personal_matters",
    ),
    path(
        "t/<slug:slug>/incentives/personal-matters/mine/",
        views.my_personal_matters,
        name="my_personal_matters",
    ),
    path(
        "t/<slug:slug>/incentives/contact-points/",
        views.contact_points,
        name="contact_points",
    ),
    path(
        "t/<slug:slug>/incentives/member/<int:person_pk>/",
        views.member,
        name="member",
    ),
]
