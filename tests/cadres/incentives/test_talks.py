"""INC-8: talks (谈心谈话) and the community's feedback, recorded and carried into the dossier."""

import datetime

import pytest
from django.urls import reverse

from cadres.incentives import errors, selectors, services
from committees.selectors import committee_members_on
from core.errors import NotPermitted
from tests.committees.factories import make_township

pytestmark = pytest.mark.django_db
DAY = datetime.date(2025, 12, 31)


def test_inc8_the_secretary_talks_with_every_member_each_year(world):
    members = [m for m in committee_members_on(world.own, DAY)]
    secretary = next(m.person for m in members if m.role == "secretary")
    others = [m.person for m in members if m.role != "secretary"]
    assert selectors.members_without_secretary_talk(world.own, 2025, DAY) == others
    for person in others[:-1]:
        services.talk_record(
            actor=world.a.clerk,
            township=world.own,
            talker=secretary,
            person=person,
            held_on=datetime.date(2025, 3, 1),
            topic="分管工作",
        )
    # A talk by someone else, or in another year, does not count.
    services.talk_record(
        actor=None,
        township=world.own,
        talker=others[0],
        person=others[-1],
        held_on=datetime.date(2025, 3, 2),
        topic="工作",
    )
    services.talk_record(
        actor=None,
        township=world.own,
        talker=secretary,
        person=others[-1],
        held_on=datetime.date(2024, 3, 2),
        topic="工作",
    )
    assert selectors.members_without_secretary_talk(world.own, 2025, DAY) == [
        others[-1]
    ]


def test_inc8_feedback_goes_into_the_dossier_and_only_staff_record(world):
    person = world.a.cadre.person
    with pytest.raises(NotPermitted):
        services.feedback_record(
            actor=world.a.member,
            township=world.own,
            person=person,
            received_on=datetime.date(2025, 5, 1),
            source="东风村村民",
            text="夜间值班认真",
        )
    services.feedback_record(
        actor=world.a.clerk,
        township=world.own,
        person=person,
        received_on=datetime.date(2025, 5, 1),
        source="东风村村民",
        text="夜间值班认真",
    )
    found = selectors.dossier(person, 2025)
    assert [f.text for f in found["feedback"]] == ["夜间值班认真"]


def test_inc8_people_of_another_township_are_refused(world):
    far = make_township(name="外镇", members=3)
    stranger = next(iter(committee_members_on(far, DAY))).person
    with pytest.raises(errors.NotOfTownship):
        services.talk_record(
            actor=None,
            township=world.own,
            talker=world.a.secretary.person,
            person=stranger,
            held_on=DAY,
            topic="x",
        )


def test_inc8_talks_page(world, login):
    url = reverse("incentives:talks", kwargs={"slug": world.own.slug, "year": 2025})
    client = login(world.a.clerk)
    response = client.post(
        url,
        {
            "t-submit": "1",
            "t-talker": world.a.secretary.person.pk,
            "t-person": world.a.cadre.person.pk,
            "t-held_on": "2025-04-01",
            "t-topic": "思想状况",
        },
    )
    assert response.status_code == 302
    assert "思想状况" in client.get(url).content.decode()
