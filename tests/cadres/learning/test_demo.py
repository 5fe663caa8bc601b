"""Demo data of the learning mechanism: plan, study days, reports (some late, some missing),
training — built through the services and idempotent."""

import datetime

import pytest
import time_machine

from cadres.learning import demo, selectors
from cadres.learning.deadlines import TZ
from cadres.learning.models import StudyDay, StudyPlan, StudyReport, TrainingRecord
from committees import access
from tests.cadres.learning.factories import CadreFactory

pytestmark = pytest.mark.django_db


def _counts():
    return tuple(
        model.objects.count()
        for model in (StudyPlan, StudyDay, StudyReport, TrainingRecord)
    )


def test_demo_builder_is_idempotent_and_shows_gaps(world):
    for _ in range(20):
        CadreFactory(township=world.own)
    users = {access.Role.SECRETARY: world.a.secretary}
    with time_machine.travel(datetime.datetime(2026, 8, 15, 9, 0, tzinfo=TZ)):
        demo.build(world.own, users)
        first = _counts()
        demo.build(world.own, users)
        assert _counts() == first
        plan = StudyPlan.objects.get(township=world.own)
        assert plan.status == StudyPlan.Status.APPROVED
        gap = selectors.months_without_central_group_study(world.own, 2026)
        assert gap.records == [3]
        figures = selectors.submission_rate_by_month(world.own, 2026)
    assert [f.detail["month"] for f in figures][-3:] == [5, 6, 7]
    assert StudyReport.objects.filter(late=True).exists()
    assert any(f.records for f in figures[-3:])  # someone is missing
    assert TrainingRecord.objects.filter(township=world.own).count() == 8
