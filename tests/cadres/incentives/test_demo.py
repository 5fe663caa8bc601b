"""The incentive demo builder (committees.demo.register): a year of goals, scores, grades
under the cap, the pool split to the fen, two democratic life meetings, one township
missing a half-year (INC-4); idempotent."""

import datetime

import pytest
import time_machine

from cadres.incentives import demo, pay, selectors
from cadres.incentives.models import Assessment, CadrePlan, LifeMeeting, PoolSplit
from committees import access
from core.periods import SHANGHAI

pytestmark = pytest.mark.django_db
NOW = datetime.datetime(2026, 12, 1, 9, 0, tzinfo=SHANGHAI)


def _users(world):
    return {
        access.Role(role): getattr(world.a, role)
        for role in ("secretary", "clerk", "member", "cadre", "finance_group")
    }


def test_inc_demo_builds_a_year_and_is_idempotent(world):
    with time_machine.travel(NOW, tick=False):
        demo.build(world.own, _users(world))
        demo.build(world.own, _users(world))
        split = PoolSplit.objects.get(township=world.own)
        lines = selectors.split_lines(split)
        assert sum(line.share.share for line in lines) == demo.POOL
        assert [line.step.share for line in lines] == [
            line.share.share for line in lines
        ]
        plans = CadrePlan.objects.filter(township=world.own, year=2026)
        assert all(selectors.plan_weight_total(p) == 100 for p in plans)
        township_grades = Assessment.objects.filter(
            township=world.own, decided_by="township"
        )
        excellent = township_grades.filter(grade="excellent").count()
        assert excellent == pay.excellent_cap(township_grades.count())
        assert township_grades.filter(grade="basic").count() == 1
        assert len(lines) == plans.count() - 1  # 基本称职 has no year-end share
        assert LifeMeeting.objects.filter(township=world.own).count() == 2
        assert selectors.life_meeting_gaps(world.own, 2026, NOW.date()) == []


def test_inc4_demo_township_that_misses_the_first_half(world):
    world.other.slug = demo.MISSES_FIRST_HALF
    world.other.save()
    users = {
        access.Role(role): getattr(world.b, role)
        for role in ("secretary", "clerk", "member", "cadre", "finance_group")
    }
    with time_machine.travel(NOW, tick=False):
        demo.build(world.other, users)
        gaps = selectors.life_meeting_gaps(world.other, 2026, NOW.date())
    assert [g.label for g in gaps] == ["2026-01-01 – 2026-06-30"]
    assert LifeMeeting.objects.filter(township=world.other).count() == 1
