"""Factories of the learning mechanism. Records that rules guard are made through services."""

from __future__ import annotations

import datetime
from decimal import Decimal

import factory

from cadres.learning import services
from cadres.learning.models import StudyArea, StudyPlan, StudyReport, TrainingRecord
from committees.models import Person
from core.history import save_with_history
from tests.committees.factories import UserFactory


class CadreFactory(factory.django.DjangoModelFactory):
    """A cadre of `township` (pass township=...)."""

    class Meta:
        model = Person

    name = factory.Sequence(lambda n: f"干部{n}")
    kind = Person.Kind.CADRE
    email = factory.Sequence(lambda n: f"cadre{n}@example.org")


def cadre_with_account(township, username: str, **kwargs) -> Person:
    user = UserFactory(username=username)
    from committees import access
    from committees import services as committee_services

    committee_services.role_grant(
        actor=None, user=user, township=township, role=access.Role.CADRE
    )
    return CadreFactory(township=township, user=user, **kwargs)


def full_plan(township, year: int, actor=None) -> StudyPlan:
    """A draft plan with a topic in each of the four areas (LRN-1)."""
    plan = services.study_plan_create(actor=actor, township=township, year=year)
    for month, area in enumerate(StudyArea, start=1):
        services.study_topic_add(
            actor=actor, plan=plan, month=month, area=area, title=f"专题{month}"
        )
    return plan


def submitted_report(
    person: Person,
    year: int,
    month: int,
    *,
    late: bool = False,
    submitted_at: datetime.datetime | None = None,
    text: str = "学习体会",
) -> StudyReport:
    """A submitted report at a given past moment (fixture data: the service stamps 'now')."""
    from cadres.learning import deadlines

    due = deadlines.deadline(year, month, person.township.study_report_due_day)
    report = StudyReport(
        township=person.township,
        person=person,
        year=year,
        month=month,
        text=text,
        status=StudyReport.Status.SUBMITTED,
        submitted_at=submitted_at or due - datetime.timedelta(days=2),
        late=late,
    )
    return save_with_history(report, actor=None, reason="test data")


def draft_report(
    person: Person, year: int, month: int, text: str = "草稿"
) -> StudyReport:
    return save_with_history(
        StudyReport(
            township=person.township, person=person, year=year, month=month, text=text
        ),
        actor=None,
        reason="test data",
    )


def training(person: Person, hours: str = "8", **kwargs) -> TrainingRecord:
    return services.training_record_add(
        actor=None,
        township=person.township,
        person=person,
        kind=kwargs.pop("kind", TrainingRecord.Kind.SELF_STUDY),
        title=kwargs.pop("title", "网络学院专题学习"),
        start=kwargs.pop("start", datetime.date(2026, 3, 1)),
        hours=Decimal(hours),
        **kwargs,
    )
