"""The screens show a refusal in the reader's language, never a 500 (PRJ-2, PRJ-4), and the
public pages show only published projects (PUB-2)."""

from __future__ import annotations

import pytest
import time_machine
from django.contrib.messages import get_messages
from django.urls import reverse
from django.utils import translation

from projects.models import Purchase
from tests.projects import factories as f

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _chinese():
    with translation.override("zh-hans"):
        yield


def _messages(response):
    return [str(m) for m in get_messages(response.wsgi_request)]


def test_prj2_bid_after_deadline_is_a_chinese_message_not_a_500(world, login):
    town = f.town_of(world)
    project = f.tendering(town)
    tender = f.publish(town, project)
    url = reverse("projects:tender_act", args=[town.township.slug, tender.pk, "bid"])
    data = {"bidder": "甲公司", "legal_rep": "张一", "controller": "", "price": "100"}
    with time_machine.travel(tender.deadline, tick=False):
        client = login(town.clerk)  # a session of that day (an older one has expired)
        response = client.post(url, data)
    assert response.status_code == 302
    (message,) = _messages(response)
    assert "不予接收" in message and "招标投标法第二十八条" in message
    assert not tender.bids.exists()


def test_prj4_splitting_refused_on_the_screen(world, login):
    town = f.town_of(world)
    client = login(town.clerk)
    url = reverse("projects:purchases", args=[town.township.slug])
    base = {"category": "办公设备", "fiscal_year": 2026, "threshold": "2000000.00"}
    assert (
        client.post(url, base | {"title": "一", "amount": "1999999.00"}).status_code
        == 302
    )
    response = client.post(url, base | {"title": "二", "amount": "1.00"})
    assert response.status_code == 200
    page = response.content.decode()
    assert "不得化整为零规避招标" in " ".join(_messages(response))
    assert "距限额还有1.00元" in page
    assert Purchase.objects.count() == 1


def test_pub2_public_page_only_when_published(world, client, login):
    town = f.town_of(world)
    project = f.propose(town)
    url = reverse("projects:public", args=[town.township.slug, project.pk])
    assert client.get(url).status_code == 404
    staff = login(town.clerk)
    staff.post(
        reverse("projects:act", args=[town.township.slug, project.pk, "publish"])
    )
    staff.logout()
    page = client.get(url).content.decode()
    assert "东风村通村公路硬化工程" in page and "项目申报" in page
    listing = client.get(reverse("projects:public_list", args=[town.township.slug]))
    assert url in listing.content.decode()


def test_prj2_secretary_home_panel_shows_the_open_tender_and_its_days_left(
    world, login
):
    town = f.town_of(world)
    project = f.tendering(town)
    with time_machine.travel(f.at(2026, 12, 1, 9), tick=False):
        tender = f.publish(
            town,
            project,
            docs_from=f.datetime.date(2026, 12, 1),
            deadline=f.at(2026, 12, 21, 17),
        )
        page = login(town.secretary).get(reverse("home"))
    text = page.content.decode()
    assert page.status_code == 200
    assert reverse("projects:tender", args=[town.township.slug, tender.pk]) in text
    assert "还剩 20 天" in text
    assert reverse("projects:list", args=[town.township.slug]) in text
