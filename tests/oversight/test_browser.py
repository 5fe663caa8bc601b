"""Journey 3 in Chromium: the county reviewer opens the dashboard, drills into a red figure,
opens a summary and returns it with a comment; the township secretary sees the comment
(PIL-2, PIL-3)."""

import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from committees.models import Person
from meetings import services as meeting_services
from tests.a11y import wcag_violations
from tests.oversight.factories import submitted_summary

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_pil3_reviewer_drills_into_red_and_returns_summary(
    world, live_server, browser_login, page
):
    meeting_services.emergency_decision_record(
        actor=world.a.clerk,
        township=world.own,
        decided_by=Person.objects.filter(township=world.own).first(),
        decided_at=timezone.now() - datetime.timedelta(days=40),
        what="防汛转移群众",
        why="暴雨",
    )
    submitted_summary(world.own, world.a.secretary, text="南岗镇试点工作总结正文")

    browser_login(world.reviewer)
    page.goto(f"{live_server.url}/")
    page.get_by_role("link", name="示范县制度执行情况").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("示范县")
    expect(page.get_by_text("尚未记录").first).to_be_visible()
    assert wcag_violations(page) == ""

    # The red figure: DEC-8, an emergency decision never reported.
    red = page.locator(f'a[href*="/t/{world.own.slug}/dec8/"]')
    expect(red).to_contain_text("违规")
    red.click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("逾期未报告")
    expect(page.get_by_role("cell", name="防汛转移群众")).to_be_visible()
    assert wcag_violations(page) == ""

    page.get_by_role("link", name="返回总览").click()
    page.get_by_role("link", name="工作总结第 1 轮").click()
    expect(page.get_by_text("南岗镇试点工作总结正文")).to_be_visible()
    assert wcag_violations(page) == ""
    page.get_by_label("退回并提出意见").check()
    page.get_by_label("审核意见", exact=True).fill("请说明六月未召开党委会的原因")
    page.get_by_role("button", name="提交审核结果").click()
    expect(page.get_by_text("审核结果已记录。")).to_be_visible()
    expect(page.locator(".badge").first).to_have_text("已退回")

    # The township sees the county's comment on its home page and on the summary.
    page.context.clear_cookies()
    browser_login(world.a.secretary)
    page.goto(f"{live_server.url}/")
    expect(page.get_by_text("请说明六月未召开党委会的原因")).to_be_visible()
    page.get_by_role("link", name="查看试点").click()
    expect(
        page.get_by_role("cell", name="请说明六月未召开党委会的原因")
    ).to_be_visible()
    assert wcag_violations(page) == ""


def test_pil1_secretary_moves_the_pilot_on_in_the_browser(
    world, live_server, browser_login, page
):
    """PIL-1 without JavaScript tricks: a refused skip shows its message; the documents
    and the move on work from the page."""
    from tests.oversight.factories import make_pilot

    make_pilot(world.own, world.a.secretary)
    browser_login(world.a.secretary)
    page.goto(f"{live_server.url}/t/{world.own.slug}/pilot/")
    expect(page.get_by_text("调查研究记录、实施方案")).to_be_visible()
    page.get_by_label("下一阶段").select_option("trial_run")
    page.get_by_role("button", name="进入下一阶段").click()
    expect(page.get_by_text("试点各阶段须依次推进，不得跳过任何阶段。")).to_be_visible()
    for kind, title in (("investigation", "调研记录"), ("plan", "实施方案")):
        page.get_by_label("类别").select_option(kind)
        page.get_by_label("标题").fill(title)
        page.get_by_role("button", name="添加材料").click()
        expect(page.get_by_text("材料已添加。")).to_be_visible()
    page.get_by_label("下一阶段").select_option("building")
    page.get_by_role("button", name="进入下一阶段").click()
    expect(page.get_by_text("试点已进入下一阶段。")).to_be_visible()
    expect(page.locator(".lede strong")).to_have_text("建章立制")
    assert wcag_violations(page) == ""
