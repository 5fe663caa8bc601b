"""URLs of the learning pages (LRN-1 … LRN-6); named in the `cadres` namespace by
`cadres/urls.py`."""

from django.urls import path

from cadres.learning import views as learning

urlpatterns = [
    # LRN-3: a cadre's own study page and monthly report.
    path("t/<slug:slug>/study/", learning.my_study, name="my_study"),
    path(
        "t/<slug:slug>/study/report/<int:year>/<int:month>/",
        learning.report_edit,
        name="report_edit",
    ),
    path("t/<slug:slug>/study/reports/", learning.report_grid, name="report_grid"),
    path(
        "t/<slug:slug>/study/reports/<int:pk>/",
        learning.report_detail,
        name="report_detail",
    ),
    # LRN-1: study plans.
    path("t/<slug:slug>/study/plans/", learning.plans, name="plans"),
    path(
        "t/<slug:slug>/study/plans/<int:pk>/", learning.plan_detail, name="plan_detail"
    ),
    path(
        "t/<slug:slug>/study/plans/<int:pk>/approve/",
        learning.plan_approve,
        name="plan_approve",
    ),
    path("t/<slug:slug>/study/plans/<int:pk>/pdf/", learning.plan_pdf, name="plan_pdf"),
    path(
        "t/<slug:slug>/study/topics/<int:pk>/remove/",
        learning.topic_remove,
        name="topic_remove",
    ),
    # LRN-2, LRN-3: study days.
    path("t/<slug:slug>/study/days/", learning.study_days, name="study_days"),
    path("t/<slug:slug>/study/days/<int:pk>/", learning.study_day, name="study_day"),
    path(
        "t/<slug:slug>/study/days/<int:pk>/materials/",
        learning.study_day_materials,
        name="study_day_materials",
    ),
    # LRN-4, LRN-5, LRN-6.
    path("t/<slug:slug>/study/training/", learning.training, name="training"),
    path(
        "t/<slug:slug>/study/training/<int:pk>/certificate/",
        learning.training_certificate,
        name="training_certificate",
    ),
    path("t/<slug:slug>/study/spot-checks/", learning.spot_checks, name="spot_checks"),
    path(
        "t/<slug:slug>/study/spot-checks/<int:pk>/",
        learning.spot_check,
        name="spot_check",
    ),
    path("t/<slug:slug>/study/exams/", learning.exams, name="exams"),
    path("t/<slug:slug>/study/exams/<int:pk>/", learning.exam, name="exam"),
]
