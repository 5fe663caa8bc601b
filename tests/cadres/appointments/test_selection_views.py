"""APT-4, APT-5 through the pages."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
import time_machine
from django.urls import reverse

from cadres.appointments import services
from cadres.appointments.models import (
    Applicant,
    CompetitiveSelection,
    OutstandingBallot,
    OutstandingListEntry,
    OutstandingVote,
)
from cadres.appointments.notice import SHANGHAI
from tests.cadres.appointments import factories as af

pytestmark = pytest.mark.django_db


def _at(y, m, d):
    return datetime.datetime(y, m, d, 9, tzinfo=SHANGHAI)


def test_apt4_post_apply_score_and_publish_through_the_pages(world, login):
    client = login(world.a.clerk)
    with time_machine.travel(_at(2026, 11, 2), tick=False):
        response = client.post(
            reverse("appointments:selections", args=[world.own.slug]),
            {
                "post": "党政办公室主任",
                "description": "报名条件：在编干部。",
                "written_weight": "0.40",
                "apply_until": "2026-11-09",
            },
        )
        selection = CompetitiveSelection.objects.get()
        url = reverse("appointments:selection", args=[world.own.slug, selection.pk])
        assert response.status_code == 302 and response["Location"] == url
        for name in ("张三", "李四"):
            assert (
                client.post(url, {"action": "applicant", "name": name}).status_code
                == 302
            )
        refused = client.post(url, {"action": "publish"})
        assert refused.status_code == 400
    with time_machine.travel(_at(2026, 11, 10), tick=False):
        client = login(world.a.clerk)  # a week later: idle sessions expire (SEC-2)
        for applicant, (w, i) in zip(
            Applicant.objects.order_by("name"),
            [("90", "85.5"), ("80", "90")],
            strict=True,
        ):
            response = client.post(
                url,
                {
                    "action": "scores",
                    "applicant": applicant.pk,
                    "written": w,
                    "interview": i,
                },
            )
            assert response.status_code == 302 and response["Location"] == url
        published = client.post(url, {"action": "publish"})
        assert published.status_code == 302, published.content.decode()[-3000:]
        page = client.get(url)
    selection.refresh_from_db()
    assert selection.status == CompetitiveSelection.Status.PUBLISHED
    assert [a.total for a in page.context["applicants"]] == [
        Decimal("87.30"),
        Decimal("86.00"),
    ]


def test_apt4_a_member_reads_but_cannot_post(world, login):
    client = login(world.a.member)
    url = reverse("appointments:selections", args=[world.own.slug])
    assert client.get(url).status_code == 200
    assert (
        client.post(
            url,
            {
                "post": "x",
                "description": "x",
                "written_weight": "0.5",
                "apply_until": "2100-01-01",
            },
        ).status_code
        == 404
    )


def test_apt5_a_cadre_casts_their_own_ballot_once(world, login):
    """APT-5: one ballot each, from the page; a second is refused."""
    rival = af.person(world.own, "优秀候选")
    vote = services.outstanding_vote_open(
        actor=world.a.clerk, township=world.own, year=2026, seats=2
    )
    url = reverse("appointments:outstanding_vote", args=[world.own.slug, vote.pk])
    client = login(world.a.cadre)
    response = client.post(url, {"action": "ballot", "candidates": [rival.pk]})
    assert response.status_code == 302
    ballot = OutstandingBallot.objects.get()
    assert ballot.voter == world.a.cadre.person
    again = client.post(url, {"action": "ballot", "candidates": [rival.pk]})
    assert again.status_code == 400
    assert OutstandingBallot.objects.count() == 1
    assert client.post(url, {"action": "close"}).status_code == 404
    close = login(world.a.clerk).post(url, {"action": "close"})
    assert close.status_code == 302
    vote.refresh_from_db()
    assert vote.status == OutstandingVote.Status.CLOSED


def test_apt5_list_add_and_remove_with_a_reason_through_the_page(world, login):
    person = af.person(world.own, "先进干部")
    client = login(world.a.clerk)
    url = reverse("appointments:outstanding", args=[world.own.slug])
    assert (
        client.post(
            url, {"action": "add", "person": person.pk, "reason": "年度评选"}
        ).status_code
        == 302
    )
    entry = OutstandingListEntry.objects.get()
    refused = client.post(url, {"action": "remove", "entry": entry.pk, "reason": ""})
    assert refused.status_code == 400
    assert (
        client.post(
            url, {"action": "remove", "entry": entry.pk, "reason": "调离"}
        ).status_code
        == 302
    )
    entry.refresh_from_db()
    assert entry.removed_reason == "调离"
