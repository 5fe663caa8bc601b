"""The demo's appointment notice agrees with its case and with the minutes that decided it
(journey 4, APT-1, APT-3, DEC-4): one person, one post, in that order of events."""

import datetime

import pytest
import time_machine

from cadres.appointments import demo as appointments_demo
from cadres.appointments import services as appointments
from cadres.appointments.models import AppointmentCase, PublicNotice, Stage
from committees import access
from disclosure import selectors as column
from meetings import demo as meetings_demo
from meetings.models import AgendaItem, Decision, MinutesVersion
from tests.meetings import factories as mf

pytestmark = pytest.mark.django_db


def test_apt3_demo_notice_names_the_person_its_case_and_minutes_name():
    moment = datetime.datetime(2026, 3, 20, 2, tzinfo=datetime.UTC)  # 10:00 Shanghai
    with time_machine.travel(moment, tick=False):
        town = mf.make_town(members=9, records_from=datetime.date(2026, 1, 1))
        users = {
            access.Role.SECRETARY: town.secretary,
            access.Role.CLERK: town.clerk,
        }
        meetings_demo.build(town.township, users)
        appointments_demo.build(town.township, users)
        appointments_demo.build(town.township, users)  # idempotent
        today = datetime.date(2026, 3, 20)

        case = AppointmentCase.objects.get(
            township=town.township, post=appointments_demo.DEMO_POST
        )
        item = AgendaItem.objects.get(
            township=town.township, title=appointments_demo.DEMO_ITEM_TITLE
        )
        decision = Decision.objects.get(item=item)
        notice = PublicNotice.objects.select_related("item").get(case=case)

        # The case stands on the meeting's personnel item, for the person it nominated.
        assert case.stage == Stage.NOTICE
        assert case.agenda_item_id == item.pk
        assert list(item.nominees.all()) == [case.person]
        row = appointments.decision_row(case, decision)
        assert row["nominee"] == case.person.name and row["passed"]
        # The minutes that decided it are locked (the decision is in the file).
        assert MinutesVersion.objects.get(minutes__meeting=item.meeting).status == (
            "locked"
        )
        # The notice names that person and that post, and is up in the column.
        for text in (notice.item.title, notice.item.body):
            assert case.person.name in text and appointments_demo.DEMO_POST in text
        assert notice.item.is_public_on(today)
        assert 0 < notice.item.days_left(today) <= 7
        # In the order the rules demand: inspected, decided, then published.
        reached = appointments.decision_stage_reached_at(case)
        assert reached < decision.decided_at < notice.item.published_at
        assert notice.item.published_at.date() < today
        # A villager's objection waits for the township's finding (APT-3).
        objections = list(column.unresolved_objections(notice.item))
        assert [o.text for o in objections] == [appointments_demo.DEMO_OBJECTION]
        assert AppointmentCase.objects.filter(township=town.township).count() == 1
