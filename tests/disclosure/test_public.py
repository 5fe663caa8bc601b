"""The public column: PUB-2 visibility for every state and window × persona, the feed and
open data (PUB-4), the feedback form (PUB-3, SEC-5) and the page cache (PUB-4)."""

import csv
import io
import json
import xml.etree.ElementTree as ET

import pytest
from django.urls import reverse

from disclosure import services
from disclosure.models import Category, Feedback
from disclosure.views import FEEDBACK_RATE
from tests.disclosure.factories import make_item

pytestmark = pytest.mark.django_db

# (state, window) -> public item page status; 200 means shown everywhere (PUB-2).
CASES = {
    ("draft", "none"): 404,
    ("draft", "open"): 404,
    ("published", "none"): 200,
    ("published", "open"): 200,
    ("published", "first_day"): 200,
    ("published", "last_day"): 200,
    ("published", "future"): 404,
    ("published", "past"): 410,
    ("withdrawn", "none"): 410,
    ("withdrawn", "open"): 410,
}
ATOM = "{http://www.w3.org/2005/Atom}"


def _client_for(persona, world, client):
    user = {
        "anonymous": None,
        "other_township": world.b.clerk,
        "own_clerk": world.a.clerk,
    }[persona]
    if user is not None:
        client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    return client


@pytest.mark.parametrize("persona", ["anonymous", "other_township", "own_clerk"])
def test_only_published_items_inside_their_window_are_public_pub2(
    world, client, persona
):
    items = {
        key: make_item(
            world.own,
            state=key[0],
            window=key[1],
            title=f"条目-{key[0]}-{key[1]}",
            body=f"正文 关键词 {key[0]} {key[1]}",
            category=Category.PUBLIC_NOTICE,
        )
        for key in CASES
    }
    public_titles = {item.title for key, item in items.items() if CASES[key] == 200}
    hidden_titles = {item.title for key, item in items.items() if CASES[key] != 200}
    client = _client_for(persona, world, client)
    slug = world.own.slug
    pages = {
        "index": client.get(reverse("disclosure:index", args=[slug])),
        "category": client.get(
            reverse("disclosure:category", args=[slug, Category.PUBLIC_NOTICE])
        ),
        "search": client.get(
            reverse("disclosure:search", args=[slug]), {"q": "关键词"}
        ),
        "feed": client.get(reverse("disclosure:feed", args=[slug])),
        "category_feed": client.get(
            reverse("disclosure:category_feed", args=[slug, Category.PUBLIC_NOTICE])
        ),
        "json": client.get(reverse("disclosure:data_json", args=[slug])),
        "csv": client.get(reverse("disclosure:data_csv", args=[slug])),
    }
    for name, response in pages.items():
        assert response.status_code == 200, name
        text = response.content.decode("utf-8-sig")
        for title in public_titles:
            assert title in text, (name, title)
        for title in hidden_titles:
            assert title not in text, (name, title)
    for key, item in items.items():
        response = client.get(reverse("disclosure:item", args=[slug, item.pk]))
        assert response.status_code == CASES[key], key
        if CASES[key] == 200:
            assert item.body in response.content.decode()
        if CASES[key] == 410:  # the address says what happened, without the text
            page = response.content.decode()
            assert item.title in page and item.body not in page
            assert ("撤回" if key[0] == "withdrawn" else "公示期已于") in page
    # Another township's column shows none of them.
    other = client.get(
        reverse("disclosure:index", args=[world.other.slug])
    ).content.decode()
    assert not any(title in other for title in public_titles)
    # An item is not reachable through another township's address.
    public_item = items[("published", "none")]
    assert (
        client.get(
            reverse("disclosure:item", args=[world.other.slug, public_item.pk])
        ).status_code
        == 404
    )


def test_notice_shows_its_remaining_days(world, client):
    item = make_item(world.own, window="open", title="任前公示")  # ends in 3 days
    page = client.get(
        reverse("disclosure:item", args=[world.own.slug, item.pk])
    ).content.decode()
    assert "还剩 4 天" in page
    index = client.get(
        reverse("disclosure:index", args=[world.own.slug])
    ).content.decode()
    assert "还剩 4 天" in index


def test_public_pages_show_the_township_contact_details(world, client):
    from committees import services as committee_services

    committee_services.township_settings_update(
        actor=None,
        township=world.own,
        reason="test",
        address="南岗镇人民政府一楼",
        contact_phone="0797-7654321",
        office_hours="周一至周五 8:30–17:30",
    )
    page = client.get(
        reverse("disclosure:index", args=[world.own.slug])
    ).content.decode()
    for text in ("南岗镇人民政府一楼", "0797-7654321", "周一至周五 8:30–17:30"):
        assert text in page
    county = client.get(
        reverse("disclosure:county", args=[world.county.pk])
    ).content.decode()
    assert "南岗镇" in county and "樟木桥镇" in county and "远方镇" not in county


def test_atom_feed_parses_pub4(world, client):
    make_item(world.own, title="为民办实事项目", category=Category.PRACTICAL_THINGS)
    make_item(world.own, title="低保发放", category=Category.CIVIL_RELIEF)
    response = client.get(reverse("disclosure:feed", args=[world.own.slug]))
    assert response["Content-Type"].startswith("application/atom+xml")
    root = ET.fromstring(response.content)
    assert root.tag == f"{ATOM}feed"
    titles = [entry.findtext(f"{ATOM}title") for entry in root.iter(f"{ATOM}entry")]
    assert sorted(titles) == sorted(["为民办实事项目", "低保发放"])
    response = client.get(
        reverse(
            "disclosure:category_feed", args=[world.own.slug, Category.CIVIL_RELIEF]
        )
    )
    root = ET.fromstring(response.content)
    assert [e.findtext(f"{ATOM}title") for e in root.iter(f"{ATOM}entry")] == [
        "低保发放"
    ]


def test_open_data_json_and_csv_pub4(world, client):
    make_item(
        world.own,
        title="土地审批结果",
        body="东风村，面积 1.2 亩",
        category=Category.LAND,
    )
    make_item(world.own, state="draft", title="草稿不公开")
    data = json.loads(
        client.get(reverse("disclosure:data_json", args=[world.own.slug])).content
    )
    assert [row["title"] for row in data["items"]] == ["土地审批结果"]
    assert data["items"][0]["category_label"] == "土地审批"
    response = client.get(reverse("disclosure:data_csv", args=[world.own.slug]))
    assert response["Content-Type"].startswith("text/csv")
    assert response.content.startswith(b"\xef\xbb\xbf")  # UTF-8 BOM
    rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert [(row["title"], row["body"]) for row in rows] == [
        ("土地审批结果", "东风村，面积 1.2 亩")
    ]


def test_unknown_category_and_township_are_404(world, client):
    assert (
        client.get(
            reverse("disclosure:category", args=[world.own.slug, "nope"])
        ).status_code
        == 404
    )
    assert (
        client.get(reverse("disclosure:index", args=["no-such-town"])).status_code
        == 404
    )


# Feedback (PUB-3, SEC-5) --------------------------------------------------------------------


def _post(client, world, item, **data):
    payload = {
        "kind": "objection",
        "text": "亲属经营承包公司",
        "name": "",
        "contact": "",
        "website": "",
    }
    payload.update(data)
    return client.post(
        reverse("disclosure:feedback", args=[world.own.slug, item.pk]), payload
    )


def test_objection_is_received_without_an_account_pub3(world, client):
    item = make_item(world.own, window="open")
    response = _post(client, world, item, name="李四", contact="13912345678")
    assert response.status_code == 302
    assert response["Location"] == reverse(
        "disclosure:received", args=[world.own.slug, item.pk]
    )
    entry = Feedback.objects.get()
    assert (entry.kind, entry.name, entry.contact) == (
        "objection",
        "李四",
        "13912345678",
    )
    assert "已收到" in client.get(response["Location"]).content.decode()


def test_objection_outside_the_window_is_refused_pub3(world, client):
    item = make_item(world.own, window="open")
    services.item_update(
        actor=None,
        item=item,
        window_from=item.window_from,
        window_until=item.window_from,
    )
    # The window ended two days ago: the item's page is gone, and a POST is refused.
    response = _post(client, world, item)
    assert response.status_code == 410
    assert not Feedback.objects.exists()


def test_the_contact_is_never_shown_publicly(world, client):
    item = make_item(world.own, window="open")
    _post(client, world, item, name="王五", contact="13800001111", text="请核实")
    services.feedback_answer(
        actor=world.a.clerk,
        feedback=Feedback.objects.get(),
        answer="已核实",
        public=True,
    )
    for url in (
        reverse("disclosure:item", args=[world.own.slug, item.pk]),
        reverse("disclosure:data_json", args=[world.own.slug]),
        reverse("disclosure:data_csv", args=[world.own.slug]),
        reverse("disclosure:feed", args=[world.own.slug]),
    ):
        page = client.get(url).content.decode("utf-8-sig")
        assert "13800001111" not in page and "王五" not in page, url
    assert (
        "已核实"
        in client.get(
            reverse("disclosure:item", args=[world.own.slug, item.pk])
        ).content.decode()
    )


def test_script_and_markup_in_feedback_are_inert_sec5(world, client, login):
    item = make_item(world.own, window="open")
    attack = "<script>alert(1)</script><img src=x onerror=alert(2)><b>粗体</b>"
    _post(client, world, item, text=attack, name="<i>名</i>")
    entry = Feedback.objects.get()
    assert entry.text == attack  # stored as written: plain text
    services.feedback_answer(
        actor=world.a.clerk, feedback=entry, answer="<a href=x>答</a>", public=True
    )
    pages = [
        client.get(
            reverse("disclosure:item", args=[world.own.slug, item.pk])
        ).content.decode()
    ]
    staff = login(world.a.clerk)
    pages.append(
        staff.get(
            reverse("disclosure:feedback_manage", args=[world.own.slug, entry.pk])
        ).content.decode()
    )
    pages.append(
        staff.get(
            reverse("disclosure:feedback_list", args=[world.own.slug])
        ).content.decode()
    )
    for page in pages:
        assert "<script>alert(1)" not in page
        assert "<img src=x" not in page
        assert "<b>粗体</b>" not in page
        assert "<a href=x>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in pages[0]
    assert "&lt;i&gt;名&lt;/i&gt;" in pages[1]


def test_item_markdown_is_rendered_safely_sec5(world, client):
    item = make_item(
        world.own,
        body="**要点**\n\n<script>alert(1)</script>\n\n[链接](javascript:alert(1))",
    )
    page = client.get(
        reverse("disclosure:item", args=[world.own.slug, item.pk])
    ).content.decode()
    assert "<strong>要点</strong>" in page
    assert "<script>alert(1)" not in page
    assert "javascript:" not in page


def test_honeypot_stores_nothing_sec5(world, client):
    item = make_item(world.own, window="open")
    response = _post(client, world, item, website="http://spam.example")
    assert response.status_code == 302  # looks like success to the bot
    assert not Feedback.objects.exists()


def test_feedback_is_rate_limited_per_address_sec5(world, client):
    item = make_item(world.own, window="open")
    limit = int(FEEDBACK_RATE.split("/")[0])
    for n in range(limit):
        assert _post(client, world, item, text=f"第{n}条").status_code == 302
    response = _post(client, world, item, text="超出")
    assert response.status_code == 429
    assert "过于频繁" in response.content.decode()
    assert Feedback.objects.count() == limit
    # Another address is not affected.
    response = client.post(
        reverse("disclosure:feedback", args=[world.own.slug, item.pk]),
        {"kind": "feedback", "text": "另一个地址", "website": ""},
        REMOTE_ADDR="10.0.0.9",
    )
    assert response.status_code == 302
    assert Feedback.objects.count() == limit + 1


def test_invalid_feedback_shows_errors_and_stores_nothing(world, client):
    item = make_item(world.own, window="open")
    response = _post(client, world, item, text="")
    assert response.status_code == 400
    assert "这个字段是必填项" in response.content.decode()
    assert not Feedback.objects.exists()


# Cache (PUB-4) ------------------------------------------------------------------------------


def test_anonymous_pages_are_cached_and_cleared_on_change_pub4(
    world, client, django_capture_on_commit_callbacks
):
    url = reverse("disclosure:category", args=[world.own.slug, Category.PUBLIC_NOTICE])
    with django_capture_on_commit_callbacks(execute=True):
        item = make_item(world.own, title="第一条", category=Category.PUBLIC_NOTICE)
    first = client.get(url)
    assert "X-Disclosure-Cache" not in first
    second = client.get(url)
    assert second["X-Disclosure-Cache"] == "hit"
    assert second.content == first.content
    with django_capture_on_commit_callbacks(execute=True):
        services.item_update(actor=None, item=item, title="更正后的第一条")
    page = client.get(url)
    assert "X-Disclosure-Cache" not in page
    assert "更正后的第一条" in page.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        services.item_withdraw(actor=None, item=item, reason="撤回")
    assert "更正后的第一条" not in client.get(url).content.decode()


def test_logged_in_users_are_not_served_from_the_cache(world, client, login):
    url = reverse("disclosure:index", args=[world.own.slug])
    client.get(url)
    staff = login(world.a.clerk)
    assert "X-Disclosure-Cache" not in staff.get(url)


def test_language_switch_on_public_pages(world, client):
    url = reverse("disclosure:index", args=[world.own.slug])
    response = client.post(
        reverse("disclosure:language"), {"language": "en", "next": url}
    )
    assert response.status_code == 302 and response["Location"] == url
    assert "disclosure column" in client.get(url).content.decode()
    response = client.post(
        reverse("disclosure:language"),
        {"language": "en", "next": "https://evil.example/"},
    )
    assert response["Location"] == "/"


def test_a_change_made_in_another_process_is_seen_after_the_recheck_pub4(
    world, client, monkeypatch
):
    """The local tier trusts its token for VERSION_RECHECK seconds, then re-reads it."""
    from django.core.cache import cache

    from disclosure import cache as page_cache

    url = reverse("disclosure:index", args=[world.own.slug])
    client.get(url)
    assert client.get(url)["X-Disclosure-Cache"] == "hit"
    # Another server process bumps the token in the shared cache (not in this process).
    cache.set(f"disclosure:v:{world.own.slug}", "token-of-another-process", None)
    assert client.get(url)["X-Disclosure-Cache"] == "hit"  # within the recheck interval
    monkeypatch.setattr(page_cache, "VERSION_RECHECK", 0)
    assert "X-Disclosure-Cache" not in client.get(url)


def test_new_contact_details_show_at_once_pub4(
    world, client, django_capture_on_commit_callbacks
):
    from committees import services as committee_services

    urls = [
        reverse("disclosure:index", args=[world.own.slug]),
        reverse("disclosure:county", args=[world.county.pk]),
    ]
    for url in urls:
        client.get(url)
        assert client.get(url)["X-Disclosure-Cache"] == "hit"
    with django_capture_on_commit_callbacks(execute=True):
        committee_services.township_settings_update(
            actor=None, township=world.own, reason="test", contact_phone="0797-9999999"
        )
    for url in urls:
        assert "0797-9999999" in client.get(url).content.decode(), url


def test_pub2_a_list_typed_right_after_a_paragraph_line_renders_as_a_list():
    """Notices are typed the way people type (“事项如下：” then “- 第一项”), with no blank
    line before the list; the column still shows a list (core.markdown)."""
    from disclosure.rendering import render_body

    html = str(render_body("事项如下：\n- 第一项\n- 第二项"))
    assert "<ul>" in html and html.count("<li>") == 2
    assert "<p>事项如下：</p>" in html
