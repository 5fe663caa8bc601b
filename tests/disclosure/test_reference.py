"""PUB-3: an objection's reference number on the received page, and the answer looked up
with it (and nothing else), rate-limited like the form; the form's words before sending."""

import re

import pytest
from django.urls import reverse

from disclosure import rules, selectors, services
from disclosure.models import Category, Feedback
from disclosure.views import LOOKUP_RATE
from tests.disclosure.factories import make_item

pytestmark = pytest.mark.django_db

REFERENCE = re.compile(r'<p class="reference"[^>]*><strong>([0-9A-Z]{4}-[0-9A-Z]{4})</')


def _send(client, world, item, kind="objection", **data):
    payload = {"kind": kind, "text": "拟任人选亲属经营道路承包公司", "website": ""}
    payload.update(data)
    return client.post(
        reverse("disclosure:feedback", args=[world.own.slug, item.pk]), payload
    )


def _lookup(client, typed, **extra):
    return client.post(reverse("disclosure:lookup"), {"reference": typed}, **extra)


def test_pub3_submit_gives_a_random_reference_not_the_row_id(world):
    item = make_item(world.own, window="open")
    entries = [
        services.feedback_submit(item=item, kind="feedback", text=f"第{n}条")
        for n in range(20)
    ]
    references = [e.reference for e in entries]
    assert len(set(references)) == 20
    for entry in entries:
        assert rules.normalize_reference(entry.reference) == entry.reference
        assert entry.reference != str(entry.pk).zfill(rules.LENGTH)
    # Drawn, not counted: twenty in row order would be sorted once in 20! draws.
    assert references != sorted(references)


def test_pub3_received_page_shows_the_reference_and_says_objection(world, client):
    item = make_item(world.own, window="open", category=Category.PUBLIC_NOTICE)
    response = _send(client, world, item, contact="13912345678")
    assert response.status_code == 302
    page = client.get(response["Location"])
    html = page.content.decode()
    shown = REFERENCE.search(html).group(1)
    entry = Feedback.objects.get()
    assert shown == rules.format_reference(entry.reference)
    assert "异议已收到" in html
    assert "no-store" in page["Cache-Control"]
    # A reload shows it again; another browser (no session) never sees it.
    assert shown in client.get(response["Location"]).content.decode()
    from django.test import Client

    other = Client().get(response["Location"]).content.decode()
    assert shown not in other and "异议已收到" not in other


def test_pub3_received_page_for_feedback_does_not_say_objection(world, client):
    item = make_item(world.own, window="open")
    response = _send(client, world, item, kind="feedback")
    html = client.get(response["Location"]).content.decode()
    assert "异议" not in html.split("<main", 1)[1].split("</main>")[0]
    assert REFERENCE.search(html)


def test_pub3_the_reference_alone_finds_the_answer_never_name_or_phone(world, client):
    item = make_item(world.own, window="open", category=Category.PUBLIC_NOTICE)
    entry = services.feedback_submit(
        item=item,
        kind="objection",
        text="拟任人选亲属经营道路承包公司",
        name="李四",
        contact="13912345678",
    )
    typed = rules.format_reference(entry.reference).lower().replace("-", " ")
    before = _lookup(client, typed).content.decode()
    assert "拟任人选亲属经营道路承包公司" in before and "尚未答复" in before
    services.feedback_answer(
        actor=world.a.clerk,
        feedback=entry,
        answer="经核实，该公司与拟任人选无关。",
        public=True,
    )
    after = _lookup(client, typed).content.decode()
    assert "经核实，该公司与拟任人选无关。" in after
    assert "李四" not in after and "13912345678" not in after


def test_pub3_a_private_answer_reaches_the_holder_of_the_reference_only(world, client):
    item = make_item(world.own, window="open")
    entry = services.feedback_submit(item=item, kind="feedback", text="路灯坏了")
    services.feedback_answer(
        actor=world.a.clerk, feedback=entry, answer="已安排维修。", public=False
    )
    assert (
        "已安排维修。"
        not in client.get(
            reverse("disclosure:item", args=[world.own.slug, item.pk])
        ).content.decode()
    )
    assert "已安排维修。" in _lookup(client, entry.reference).content.decode()


@pytest.mark.parametrize("typed", ["", "ABCD-2345", "1", "ABCO2345"])
def test_pub3_an_unknown_or_malformed_reference_finds_nothing(world, client, typed):
    item = make_item(world.own, window="open")
    services.feedback_submit(item=item, kind="feedback", text="秘密内容")
    response = _lookup(client, typed)
    # An empty field is a form error (200); anything else is "no such message" (404).
    assert response.status_code == (404 if typed else 200)
    assert "秘密内容" not in response.content.decode()


def test_pub3_lookup_by_row_id_finds_nothing(world):
    item = make_item(world.own, window="open")
    entry = services.feedback_submit(item=item, kind="feedback", text="内容")
    assert selectors.feedback_by_reference(str(entry.pk)) is None
    assert selectors.feedback_by_reference(entry.reference) == entry


def test_sec5_lookup_is_rate_limited_per_address(world, client):
    item = make_item(world.own, window="open")
    entry = services.feedback_submit(item=item, kind="feedback", text="内容甲")
    limit = int(LOOKUP_RATE.split("/")[0])
    for _ in range(limit):
        assert _lookup(client, "ZZZZ-ZZZZ").status_code == 404
    refused = _lookup(client, entry.reference)
    assert refused.status_code == 429
    assert "内容甲" not in refused.content.decode()
    # Another address is not affected.
    assert _lookup(client, entry.reference, REMOTE_ADDR="10.0.0.9").status_code == 200


def test_pub3_form_says_before_sending_what_may_be_published(world, client):
    item = make_item(world.own, window="open")
    for name in ("disclosure:item", "disclosure:feedback"):
        html = client.get(
            reverse(name, args=[world.own.slug, item.pk])
        ).content.decode()
        form = html.split('class="feedback-form"', 1)[1].split("</form>")[0]
        note = form.index("您的意见内容可能与答复一并公开")
        assert note < form.index('type="submit"')
        assert "姓名和电话绝不公开" in form
        # The phone field asks for the number pad.
        contact = re.search(r'<input[^>]*name="contact"[^>]*>', form).group(0)
        assert 'type="tel"' in contact and 'inputmode="tel"' in contact


def test_pub3_the_office_sees_the_reference_a_villager_quotes(world, login):
    item = make_item(world.own, window="open")
    entry = services.feedback_submit(item=item, kind="objection", text="请核实")
    shown = rules.format_reference(entry.reference)
    client = login(world.a.clerk)
    for url in (
        reverse("disclosure:feedback_list", args=[world.own.slug]),
        reverse("disclosure:feedback_manage", args=[world.own.slug, entry.pk]),
    ):
        assert shown in client.get(url).content.decode()
