"""Browser: axe-core finds no WCAG 2.1 A/AA violation on the public pages (PUB-4), and
journey 4 — a villager on a phone, no account, objects to a notice (PUB-3)."""

import re

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from disclosure import services
from disclosure.models import Category, Feedback
from tests.disclosure.factories import make_item

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}
PHONE_375 = {"width": 375, "height": 812}
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
        "landing": f"{live_server.url}/p/",
        "lookup": f"{live_server.url}/p/answer/",
        "sheet": f"{base}/sheet/",
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
    # The answer found with its reference (PUB-3).
    page.goto(f"{live_server.url}/p/answer/")
    page.get_by_role("textbox", name="查询编号").fill(entry.reference)
    page.get_by_role("button", name="查询", exact=True).click()
    expect(page.get_by_text("已核实。")).to_be_visible()
    found = _violations(page)
    if found:
        failures["lookup-answer"] = found
    assert not failures, failures


def test_journey_4_villager_objects_on_a_phone_without_an_account(
    world, live_server, browser, tmp_path
):
    """Journey 4 from the site root, JavaScript off, 375 px: the column, the notice, an
    objection, its reference; the township answers; later the reference alone finds the
    answer (PUB-1..PUB-4)."""
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
        title="南岗镇关于刘明华同志拟任农业服务中心副主任的任前公示",
        body="经南岗镇党委研究，拟任命刘明华同志为农业服务中心副主任，现予以公示。",
    )
    context = browser.new_context(
        viewport=PHONE_375, java_script_enabled=False, is_mobile=True
    )
    page = context.new_page()
    # 0. Types the site's address: no login wall, the townships of the county.
    response = page.goto(f"{live_server.url}/")
    assert response.ok and page.url == f"{live_server.url}/"
    expect(page.get_by_role("heading", level=1)).to_have_text("乡镇党务政务公开栏")
    expect(
        page.locator("#main").get_by_role("link", name="工作人员登录")
    ).to_be_visible()
    page.screenshot(path=tmp_path / "landing.png", full_page=True)
    # 1. Opens Nangang Town's column; the categories; the newest notice, 4 days left.
    page.get_by_role("link", name="进入南岗镇公开栏").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("南岗镇党务政务公开栏")
    expect(page.get_by_role("link", name="公示公告")).to_be_visible()
    latest = page.locator(".in-period .item-list li").first
    expect(latest).to_contain_text("任前公示")
    expect(latest).to_contain_text("还剩 4 天")
    page.screenshot(path=tmp_path / "column.png", full_page=True)
    # 2. Reads it; the form says what may be published before it is sent.
    latest.get_by_role("link").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(notice.title)
    expect(page.get_by_text("还剩 4 天")).to_be_visible()
    expect(page.get_by_text("您的意见内容可能与答复一并公开")).to_be_visible()
    phone = page.get_by_label("电话或其他联系方式（选填）")
    expect(phone).to_have_attribute("inputmode", "tel")
    page.get_by_role("radio", name="异议").check()
    page.get_by_label("您的内容").fill("拟任人选的亲属经营道路项目的承包公司。")
    phone.fill("13912345678")
    page.screenshot(path=tmp_path / "item.png", full_page=True)
    page.get_by_role("button", name="提交").click()
    # 3. Sees "objection received" and a reference number to copy.
    expect(page.get_by_role("heading", level=1)).to_have_text("异议已收到")
    reference = page.locator(".reference strong").inner_text()
    page.screenshot(path=tmp_path / "received.png", full_page=True)
    entry = Feedback.objects.get()
    assert (entry.kind, entry.contact, entry.name) == ("objection", "13912345678", "")
    assert reference.replace("-", "") == entry.reference
    context.close()
    # The township answers publicly, through the service.
    services.feedback_answer(
        actor=world.a.clerk,
        feedback=entry,
        answer="经核查，该同志亲属与承包公司无关联。",
        public=True,
    )
    # Later, on another day (a new browser session): the reference, and nothing else.
    context = browser.new_context(
        viewport=PHONE_375, java_script_enabled=False, is_mobile=True
    )
    page = context.new_page()
    page.goto(f"{live_server.url}/")
    page.get_by_role("link", name="凭查询编号查看答复").click()
    page.get_by_role("textbox", name="查询编号").fill(reference.lower())
    page.get_by_role("button", name="查询", exact=True).click()
    expect(page.get_by_text("经核查，该同志亲属与承包公司无关联。")).to_be_visible()
    expect(page.get_by_text("拟任人选的亲属经营道路项目的承包公司。")).to_be_visible()
    expect(page.get_by_text("13912345678")).to_have_count(0)
    page.screenshot(path=tmp_path / "lookup.png", full_page=True)
    # The answer shows under the notice too; the phone number nowhere.
    page.get_by_role("link", name=notice.title).click()
    expect(page.get_by_text("经核查，该同志亲属与承包公司无关联。")).to_be_visible()
    expect(page.get_by_text("13912345678")).to_have_count(0)
    context.close()


def test_journey_4_pages_fit_a_375px_phone_and_the_sheet_prints_on_one_a4(
    world, live_server, browser, tmp_path
):
    """PUB-4: no sideways scrolling at 375 px on the pages of journey 4; the notice-board
    sheet (QR code) renders and prints on one A4 page."""
    item = make_item(world.own, window="open", category=Category.PUBLIC_NOTICE)
    entry = services.feedback_submit(item=item, kind="objection", text="请核实")
    context = browser.new_context(viewport=PHONE_375, is_mobile=True)
    page = context.new_page()
    base = f"{live_server.url}/p/{world.own.slug}"
    for url in (
        f"{live_server.url}/p/",
        f"{base}/",
        f"{base}/i/{item.pk}/",
        f"{base}/sheet/",
        f"{live_server.url}/p/answer/",
        f"{live_server.url}/accounts/login/",
    ):
        assert page.goto(url).ok, url
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= PHONE_375["width"], (url, width)
    page.goto(f"{live_server.url}/p/answer/")
    page.get_by_role("textbox", name="查询编号").fill(entry.reference)
    page.get_by_role("button", name="查询", exact=True).click()
    expect(page.get_by_text("请核实")).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE_375["width"]
    context.close()
    # The sheet on a desk, and printed (Chromium's print to PDF, A4).
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.goto(f"{base}/sheet/")
    qr = page.locator(".qr-box svg")
    expect(qr).to_be_visible()
    box = qr.bounding_box()
    assert box["width"] >= 300 and abs(box["width"] - box["height"]) < 2
    expect(page.locator(".sheet-address")).to_have_text(
        f"{live_server.url.split('://', 1)[1]}/p/{world.own.slug}"
    )
    page.screenshot(path=tmp_path / "sheet.png", full_page=True)
    pdf = page.pdf(format="A4", print_background=True)
    (tmp_path / "sheet.pdf").write_bytes(pdf)
    pages = re.findall(rb"/Type\s*/Page[^s]", pdf)
    assert len(pages) == 1, len(pages)
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
