"""SEC-1 matrix of the learning pages: township people read their own study; staff and the
county reviewer read the township's records; anyone else gets 404."""

import datetime

from django.utils import timezone

from tests.matrix import Case, expect, township_readers, township_roles

PEOPLE = ("secretary", "clerk", "member", "cadre", "finance_group")
STAFF_READERS = dict(expect(404, secretary=200, clerk=200, reviewer=200))


def _slug(world):
    return {"slug": world.own.slug}


def _cached(world, name, build):
    if not hasattr(world, name):
        setattr(world, name, build(world))
    return getattr(world, name)


def _plan(world):
    from tests.cadres.learning.factories import full_plan

    return _cached(world, "_cadres_plan", lambda w: full_plan(w.own, 2026))


def _approved_topic(world):
    def build(w):
        from cadres.learning import services
        from tests.cadres.learning.factories import full_plan

        plan = full_plan(w.own, 2025)
        services.study_plan_approve(actor=w.a.secretary, plan=plan)
        return plan.topics.first()

    return _cached(world, "_cadres_topic", build)


def _report(world):
    from tests.cadres.learning.factories import submitted_report

    return _cached(
        world,
        "_cadres_report",
        lambda w: submitted_report(w.a.cadre.person, 2026, 1),
    )


def _study_day(world):
    def build(w):
        from cadres.learning import services
        from cadres.learning.models import StudyDay

        return services.study_day_record(
            actor=w.a.clerk,
            township=w.own,
            kind=StudyDay.Kind.CENTRAL_GROUP,
            date=datetime.date(2026, 1, 10),
            topic="专题学习",
            attendees=[w.a.secretary.person],
        )

    return _cached(world, "_cadres_day", build)


def _study_day_with_materials(world):
    def build(w):
        from django.core.files.uploadedfile import SimpleUploadedFile

        from cadres.learning import services
        from cadres.learning.models import StudyDay

        return services.study_day_record(
            actor=w.a.clerk,
            township=w.own,
            kind=StudyDay.Kind.COLLECTIVE,
            date=datetime.date(2026, 2, 10),
            topic="集中学习",
            attendees=[w.a.secretary.person],
            materials=SimpleUploadedFile("学习材料.pdf", b"%PDF-1.4 materials"),
        )

    return _cached(world, "_cadres_day_materials", build)


def _training_with_certificate(world):
    def build(w):
        from decimal import Decimal

        from django.core.files.uploadedfile import SimpleUploadedFile

        from cadres.learning import services
        from cadres.learning.models import TrainingRecord

        return services.training_record_add(
            actor=w.a.clerk,
            township=w.own,
            person=w.a.secretary.person,
            kind=TrainingRecord.Kind.JOB_TRAINING,
            title="县委党校培训",
            start=datetime.date(2026, 3, 2),
            hours=Decimal("16"),
            certificate=SimpleUploadedFile("结业证书.pdf", b"%PDF-1.4 certificate"),
        )

    return _cached(world, "_cadres_training", build)


def _spot_check(world):
    def build(w):
        from cadres.learning import services

        return services.spot_check_draw(
            actor=w.a.clerk,
            township=w.own,
            year=timezone.localdate().year - 1,
            sample_size=2,
            seed=7,
        )

    return _cached(world, "_cadres_check", build)


def _exam(world):
    def build(w):
        from cadres.learning import services

        return services.exam_create(
            actor=w.a.clerk,
            township=w.own,
            title="任职资格考试",
            deadline=timezone.localdate() + datetime.timedelta(days=30),
            people=[w.a.cadre.person],
        )

    return _cached(world, "_cadres_exam", build)


ENTRIES = {
    "cadres:my_study": Case(township_roles(*PEOPLE), kwargs=_slug),
    "cadres:report_edit": Case(
        township_roles(*PEOPLE),
        kwargs=lambda w: {"slug": w.own.slug, "year": 2026, "month": 1},
    ),
    "cadres:report_grid": Case(STAFF_READERS, kwargs=_slug),
    "cadres:report_detail": Case(
        expect(404, secretary=200, clerk=200, reviewer=200, cadre=200),
        kwargs=lambda w: {"slug": w.own.slug, "pk": _report(w).pk},
    ),
    "cadres:plans": Case(township_readers(), kwargs=_slug),
    "cadres:plan_detail": Case(
        township_readers(), kwargs=lambda w: {"slug": w.own.slug, "pk": _plan(w).pk}
    ),
    "cadres:plan_pdf": Case(
        township_readers(), kwargs=lambda w: {"slug": w.own.slug, "pk": _plan(w).pk}
    ),
    "cadres:plan_approve": Case(
        expect(404, secretary=302),
        kwargs=lambda w: {"slug": w.own.slug, "pk": _plan(w).pk},
        method="post",
    ),
    "cadres:topic_remove": Case(
        expect(404, secretary=302, clerk=302),
        kwargs=lambda w: {"slug": w.own.slug, "pk": _approved_topic(w).pk},
        method="post",
    ),
    "cadres:study_days": Case(township_readers(), kwargs=_slug),
    "cadres:study_day": Case(
        township_readers(),
        kwargs=lambda w: {"slug": w.own.slug, "pk": _study_day(w).pk},
    ),
    "cadres:study_day_materials": Case(
        township_readers(),
        kwargs=lambda w: {"slug": w.own.slug, "pk": _study_day_with_materials(w).pk},
    ),
    "cadres:training": Case(STAFF_READERS, kwargs=_slug),
    "cadres:training_certificate": Case(
        STAFF_READERS,
        kwargs=lambda w: {"slug": w.own.slug, "pk": _training_with_certificate(w).pk},
    ),
    "cadres:spot_checks": Case(STAFF_READERS, kwargs=_slug),
    "cadres:spot_check": Case(
        STAFF_READERS, kwargs=lambda w: {"slug": w.own.slug, "pk": _spot_check(w).pk}
    ),
    "cadres:exams": Case(STAFF_READERS, kwargs=_slug),
    "cadres:exam": Case(
        STAFF_READERS, kwargs=lambda w: {"slug": w.own.slug, "pk": _exam(w).pk}
    ),
    "cadres:roster": Case(STAFF_READERS, kwargs=_slug),
    "cadres:roster_export": Case(STAFF_READERS, kwargs=_slug),
}

# The appointment pages (APT-1 … APT-5) list their own entries beside their tests.
from tests.cadres.appointments.url_matrix import ENTRIES as _APPOINTMENTS  # noqa: E402

ENTRIES.update(_APPOINTMENTS)

# The incentive pages (INC-1 … INC-7) list their own entries beside their tests.
from tests.cadres.incentives.url_matrix import ENTRIES as _INCENTIVES  # noqa: E402

ENTRIES.update(_INCENTIVES)
