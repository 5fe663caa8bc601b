"""Browser, on a phone (375 px): the verify page (AUD-2) — empty, with a result for a
code, and refusing a file — and a corrected item's page with its earlier version open
(PUB-2) have no sideways overflow and no WCAG A/AA violation."""

import datetime

import pytest
from playwright.sync_api import expect

from core import anchors, documents
from disclosure import services
from disclosure.models import Category
from tests.disclosure.factories import make_item
from tests.disclosure.test_browser import PHONE_375, _violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_aud2_pub2_verify_page_and_a_corrected_item_fit_a_phone(
    world, live_server, page, tmp_path
):
    item = make_item(
        world.own,
        window="open",
        category=Category.PUBLIC_NOTICE,
        title="关于农业服务中心副主任拟任人选的任前公示",
        body="经镇党委会议研究，拟任命。",
    )
    services.item_update(
        actor=world.a.clerk,
        item=item,
        reason="公示截止日期录入有误，予以更正",
        window_until=item.window_until - datetime.timedelta(days=1),
        title="关于农业服务中心副主任拟任人选的任前公示（更正）",
    )
    # A registered document to find by its code (the bytes need not be a real PDF here).
    anchors.current(world.own.pk)
    documents.register_document(b"%PDF-1.7 test", item)
    code = documents.format_code(documents.code_for(item))
    page.set_viewport_size(PHONE_375)
    problems = {}

    def check(name):
        width = page.evaluate("document.documentElement.scrollWidth")
        if width > PHONE_375["width"]:
            problems[name] = f"{width}px wide"
        found = _violations(page)
        if found:
            problems[f"{name} (axe)"] = found

    page.goto(f"{live_server.url}/p/{world.own.slug}/i/{item.pk}/")
    expect(page.get_by_text("更正于", exact=False).first).to_be_visible()
    page.locator("details.earlier-version summary").first.click()
    expect(page.get_by_text("经镇党委会议研究", exact=False).last).to_be_visible()
    check("corrected item")
    page.screenshot(path=tmp_path / "corrected-375.png", full_page=True)
    page.goto(f"{live_server.url}/p/verify/")
    check("verify")
    page.get_by_label("或输入文件页脚印有的核验码").fill(code)
    page.get_by_role("button", name="核验", exact=True).click()
    expect(page.get_by_text("相符：此核验码属于系统生成的文件。")).to_be_visible()
    check("verify: match")
    not_pdf = tmp_path / "scan.pdf"
    not_pdf.write_bytes(b"GIF89a not a pdf")
    page.set_input_files("input[type=file]", str(not_pdf))
    page.get_by_role("button", name="核验", exact=True).click()
    expect(page.get_by_text("此文件不是 PDF 文件。")).to_be_visible()
    check("verify: refused")
    page.screenshot(path=tmp_path / "verify-375.png", full_page=True)
    assert problems == {}
