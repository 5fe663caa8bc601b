"""Browser: axe-core finds no WCAG 2.1 A/AA violation on the public pages (PUB-4), and
journey 4 — a villager on a phone, no account, objects to a notice (PUB-3)."""

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from disclosure import services
from disclosure.models import Category, Feedback
from tests.disclosure.factories import make_item

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}
WCAG_A_AA = {
    "runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}
}


def _violations(page):
    results = Axe().run(page, options=WCAG_A_AA)
    return [
        (v["id"], [node["target"] for node in v["nodes"]])
        for v in results.response["violations"]
    ]


def test_public_pages_have_no_wcag_a_aa_violations_pub4(world, live_server, page):
    item = make_item(
        world.own,
        window="open",
        category=Category.PUBLIC_NOTICE,
        title="关于农业服务中心副主任拟任人选的任前公示",
        body="经镇党委会议研究，拟任命。\n\n- 姓名：某某\n- 现任：某职务",
    )
    entry = services.feedback_submit(item=item, kind="objection", text="请核实")
    services.feedback_answer(actor=None, feedback=entry, answer="已核实。", public=True)
    base = f"{live_server.url}/p/{world.own.slug}"
    failures = {}
    page.set_viewport_size(PHONE)
    for name, url in {
        "index": f"{base}/",
        "category": f"{base}/c/{Category.PUBLIC_NOTICE}/",
        "item": f"{base}/i/{item.pk}/",
        "feedback": f"{base}/i/{item.pk}/feedback/",
        "search": f"{base}/search/?q=公示",
        "county": f"{live_server.url}/p/county/{world.county.pk}/",
    }.items():
        response = page.goto(url)
        assert response.status == 200, name
        found = _violations(page)
        if found:
            failures[name] = found
    # The feedback page with its errors shown.
    page.goto(f"{base}/i/{item.pk}/feedback/")
    page.get_by_role("button", name="提交").click()
    expect(page.locator(".field-error").first).to_be_visible()
    found = _violations(page)
    if found:
        failures["feedback-errors"] = found
    assert not failures, failures


def test_journey_4_villager_objects_on_a_phone_without_an_account(
    world, live_server, browser
):
    from committees import services as committee_services

    committee_services.township_settings_update(
        actor=None, township=world.own, reason="test", contact_phone="0797-1234567"
    )
    make_item(
        world.own, title="2026年为民办实事项目", category=Category.PRACTICAL_THINGS
    )
    notice = make_item(
        world.own,
        window="open",  # ends in three days: four days left, today included
        category=Category.PUBLIC_NOTICE,
        title="关于农业服务中心副主任拟任人选的任前公示",
        body="经镇党委会议研究，拟任命某某同志为农业服务中心副主任。",
    )
    context = browser.new_context(
        viewport=PHONE, java_script_enabled=False, is_mobile=True
    )
    page = context.new_page()
    # 1. Opens the column from the QR code: no login wall; categories; newest notice, 4 days left.
    page.goto(f"{live_server.url}/p/{world.own.slug}/")
    expect(page.get_by_role("heading", level=1)).to_have_text("南岗镇党务政务公开栏")
    expect(page.get_by_role("link", name="公示公告")).to_be_visible()
    latest = page.locator(".item-list li").first
    expect(latest).to_contain_text("任前公示")
    expect(latest).to_contain_text("还剩 4 天")
    # 2. Reads it and sends an objection (name left empty, a phone number given).
    latest.get_by_role("link").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(notice.title)
    expect(page.get_by_text("还剩 4 天")).to_be_visible()
    page.get_by_role("radio", name="异议").check()
    page.get_by_label("您的内容").fill("拟任人选的亲属经营道路项目的承包公司。")
    page.get_by_label("电话或其他联系方式（选填）").fill("13912345678")
    page.get_by_role("button", name="提交").click()
    # 3. Sees "received".
    expect(page.get_by_role("heading", level=1)).to_have_text("已收到")
    entry = Feedback.objects.get()
    assert (entry.kind, entry.contact, entry.name) == ("objection", "13912345678", "")
    # Later: the township answers publicly; the answer shows under the notice.
    services.feedback_answer(
        actor=world.a.clerk,
        feedback=entry,
        answer="经核查，该同志亲属与承包公司无关联。",
        public=True,
    )
    page.get_by_role("link", name="返回条目").click()
    expect(page.get_by_text("经核查，该同志亲属与承包公司无关联。")).to_be_visible()
    expect(page.get_by_text("13912345678")).to_have_count(0)
    context.close()


def test_public_type_is_large_on_a_phone_pub4(world, live_server, page):
    page.set_viewport_size(PHONE)
    page.goto(f"{live_server.url}/p/{world.own.slug}/")
    size = float(page.evaluate("getComputedStyle(document.body).fontSize").rstrip("px"))
    assert size >= 18
    # Nothing wider than the screen: no zooming or sideways scrolling.
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]


def test_the_axe_harness_reports_a_known_violation(page):
    """The check above means something: the same call finds a missing alt text."""
    page.set_content(
        '<html lang="zh-CN"><title>t</title><main><img src="x.png"></main></html>'
    )
    assert "image-alt" in [rule for rule, _ in _violations(page)]
