"""Journey 4's way in: the site root and its public landing page (no login wall), the
login page's way back, the notice-board sheet with its QR code, the feed's author (RFC
4287) and the withdrawn item's reason (PUB-1, PUB-2, PUB-4)."""

import re
import xml.etree.ElementTree as ET

import pytest
from django.urls import reverse

from disclosure import services
from disclosure.models import Category
from tests.disclosure.factories import make_item

pytestmark = pytest.mark.django_db
ATOM = "{http://www.w3.org/2005/Atom}"


def test_pub1_root_serves_an_anonymous_visitor_the_landing_page(world, client):
    """The address on the notice board, typed or scanned, is the front door itself."""
    response = client.get("/")
    assert response.status_code == 200
    assert "disclosure/landing.html" in [t.name for t in response.templates]
    assert reverse("login") in response.content.decode()
    assert client.get(reverse("disclosure:landing")).status_code == 200


def test_pub1_root_still_gives_staff_their_home(world, login):
    response = login(world.a.secretary).get("/")
    assert response.status_code == 200
    assert response.resolver_match.func.__name__ == "root"
    assert "disclosure/landing.html" not in [t.name for t in response.templates]


def test_pub1_landing_lists_every_county_with_its_columns_and_newest_items(
    world, client, django_assert_max_num_queries
):
    make_item(world.own, title="南岗旧条目", category=Category.PROCEDURES)
    for n in range(4):
        make_item(world.own, title=f"南岗新条目{n}", category=Category.PUBLIC_NOTICE)
    make_item(world.far, title="远方条目")
    make_item(world.own, state="draft", title="草稿不公开")
    make_item(world.own, state="withdrawn", title="已撤回条目")
    with django_assert_max_num_queries(6):
        html = client.get(reverse("disclosure:landing")).content.decode()
    assert world.county.name in html and world.far.county.name in html
    for township in (world.own, world.other, world.far):
        assert reverse("disclosure:index", args=[township.slug]) in html
    # The newest three of each township, nothing unpublished.
    assert all(f"南岗新条目{n}" in html for n in (1, 2, 3))
    assert "南岗新条目0" not in html and "南岗旧条目" not in html
    assert "远方条目" in html
    assert "草稿不公开" not in html and "已撤回条目" not in html
    assert reverse("login") in html  # the way in for staff
    assert reverse("disclosure:lookup") in html


def test_login_page_links_back_to_the_landing_page_and_says_password(client):
    html = client.get(reverse("login")).content.decode()
    assert f'href="{reverse("disclosure:landing")}"' in html
    label = re.search(r'<label for="id_password">([^<]*)', html).group(1)
    assert label.strip() == "密码"


def test_pub4_notice_board_sheet_has_name_short_address_and_qr_code(world, client):
    response = client.get(reverse("disclosure:notice_sheet", args=[world.own.slug]))
    html = response.content.decode()
    assert response.status_code == 200
    assert world.own.name in html
    assert f"testserver/p/{world.own.slug}<" in html  # the short address, no scheme
    svg = re.search(r"<svg[^>]*>.*?</svg>", html, re.S).group(0)
    assert 'viewBox="0 0' in svg and "<path" in svg
    assert "<script" not in html and "style=" not in html  # CSP, no JavaScript
    assert "notice_sheet.css" in html
    # The QR code encodes the column's full address (segno decodes nothing: compare it
    # with a fresh encoding of that address).
    from disclosure import poster

    assert svg == str(poster.qr_svg(f"http://testserver/p/{world.own.slug}/"))


def test_pub4_feed_names_the_township_as_author(world, client):
    make_item(world.own, title="为民办实事项目")
    for url in (
        reverse("disclosure:feed", args=[world.own.slug]),
        reverse(
            "disclosure:category_feed",
            args=[world.own.slug, Category.PRACTICAL_THINGS],
        ),
    ):
        root = ET.fromstring(client.get(url).content)
        assert root.find(f"{ATOM}author/{ATOM}name").text == world.own.name


def test_pub2_withdrawn_item_page_shows_the_reason(world, client):
    item = make_item(world.own)
    services.item_withdraw(actor=None, item=item, reason="被新版服务标准替代")
    response = client.get(reverse("disclosure:item", args=[world.own.slug, item.pk]))
    assert response.status_code == 410
    assert "被新版服务标准替代" in response.content.decode()


def test_pub3_notices_in_their_period_come_first_on_landing_and_column(world, client):
    from disclosure import selectors

    notice = make_item(
        world.own, window="open", category=Category.PUBLIC_NOTICE, title="任前公示甲"
    )
    for n in range(3):
        make_item(world.own, title=f"后发布条目{n}")
    make_item(world.own, window="past", title="公示已结束")
    newest = selectors.newest_public_by_township([world.own])[world.own.pk]
    assert [i.title for i in newest] == ["任前公示甲", "后发布条目2", "后发布条目1"]
    html = client.get(reverse("disclosure:index", args=[world.own.slug]))
    section = html.content.decode().split('class="card in-period"', 1)[1]
    section = section.split("</section>", 1)[0]
    assert "任前公示甲" in section and "还剩 4 天" in section
    assert "后发布条目" not in section and "公示已结束" not in section
    assert [i.pk for i in selectors.public_in_period(world.own)] == [notice.pk]


def test_pub3_item_says_until_when_objections_are_accepted(world, client):
    from django.utils import timezone

    item = make_item(world.own, window="open")  # ends in three days
    end = item.window_until
    assert end > timezone.localdate()
    html = client.get(
        reverse("disclosure:item", args=[world.own.slug, item.pk])
    ).content.decode()
    assert f"异议受理截至{end.year}年{end.month}月{end.day}日" in html
