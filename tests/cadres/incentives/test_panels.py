"""The secretary's home shows the INC-4 gap and the overdue INC-6 reports; a cadre's home
links to their own share; the contact points panel (INC-7)."""

import datetime

import pytest
import time_machine
from django.urls import reverse

from cadres.incentives import services
from committees.selectors import committee_members_on
from core.periods import SHANGHAI

pytestmark = pytest.mark.django_db
NOW = datetime.datetime(2026, 7, 10, 9, 0, tzinfo=SHANGHAI)


def test_inc4_inc6_on_the_secretarys_home(world, login):
    member = next(iter(committee_members_on(world.own, NOW.date()))).person
    services.contact_point_add(
        actor=None,
        township=world.own,
        person=member,
        village="东风村",
        since=datetime.date(2025, 1, 1),
    )
    with time_machine.travel(NOW, tick=False):
        page = login(world.a.secretary).get(reverse("home")).content.decode()
        assert "激励约束" in page
        assert "已结束但未召开民主生活会" in page and "2026-01-01 – 2026-06-30" in page
        assert "个人有关事项报告逾期" in page and member.name in page
        assert "东风村" in page
        clerk = login(world.a.clerk).get(reverse("home")).content.decode()
        assert "2026-01-01 – 2026-06-30" in clerk
        assert "个人有关事项报告逾期" not in clerk  # INC-6 is the secretary's
        cadre = login(world.a.cadre).get(reverse("home")).content.decode()
        assert reverse("incentives:my_share", args=[world.own.slug, 2025]) in cadre
        assert "已结束但未召开民主生活会" not in cadre


def test_inc4_no_gap_once_the_meeting_is_held(world, login):
    day = datetime.date(2026, 6, 20)
    services.life_meeting_record(
        actor=None,
        township=world.own,
        held_on=day,
        topic="民主生活会",
        present=[m.person for m in committee_members_on(world.own, day)],
    )
    with time_machine.travel(NOW, tick=False):
        page = login(world.a.secretary).get(reverse("home")).content.decode()
    assert "每个已结束的周期都已召开民主生活会" in page
