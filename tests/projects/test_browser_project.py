"""Browser, the issue's journey: a road project from its proposal through the committee's
decision, the county's approval and its tender, in Chromium; a villager on a phone without
JavaScript reads the tender notice in the column and the project's page with its days left;
bids, evaluation, candidates and award follow, and the public page and the OCDS JSON
reflect each step (PRJ-1, PRJ-2, PUB-4)."""

from __future__ import annotations

import datetime
import json

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from core.periods import SHANGHAI
from meetings import services as meeting_services
from meetings.models import Ballot
from projects.models import Project
from tests.meetings import factories as mf

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _decide(town, project):
    """The committee meeting runs on the meetings pages (tested there); here through its
    services: the item the project page proposed is prepared, voted and closed."""
    item = project.agenda_item
    meeting = item.meeting
    mf.prepare(town, item, options=2, expert=True)
    with meeting_services.clock(meeting.start - datetime.timedelta(days=2)):
        mf.notice(town, meeting)
    with meeting_services.clock(meeting.start):
        mf.arrive(town, meeting, town.members)
        meeting_services.meeting_open(actor=town.clerk, meeting=meeting)
        mf.vote(town, item, town.members, Ballot.Choice.YES)
        meeting_services.item_close(actor=town.clerk, item=item)
        meeting_services.meeting_close(actor=town.clerk, meeting=meeting)


def _villager(browser, url):
    context = browser.new_context(
        java_script_enabled=False,
        viewport={"width": 375, "height": 800},
        locale="zh-CN",
    )
    page = context.new_page()
    page.goto(url)
    return context, page


def test_road_project_from_proposal_to_award(
    live_server, browser_login, browser, time_machine
):
    time_machine.move_to(
        datetime.datetime(2026, 12, 1, 9, 0, tzinfo=SHANGHAI), tick=True
    )
    town = mf.make_town(members=9)
    page = browser_login(town.secretary)
    page.set_default_timeout(15_000)
    base = f"{live_server.url}/t/{town.township.slug}/projects/"

    # PRJ-1: the proposal.
    page.goto(base)
    page.locator("#id_title").fill("东风村通村公路硬化工程")
    page.locator("#id_kind").select_option("road")
    page.locator("#id_proposed_amount").fill("4800000")
    page.get_by_role("button", name="提出").click()
    expect(page.get_by_text("项目已申报。")).to_be_visible()
    expect(page.get_by_role("heading", level=1)).to_have_text("东风村通村公路硬化工程")
    project = Project.objects.get()

    # No stage skipped: the decision needs the feasibility study first.
    page.get_by_role("button", name="进入“可行性研究和论证”环节").click()
    page.get_by_role("button", name="进入“党委会讨论决定”环节").click()
    expect(page.get_by_text("“可行性研究和论证”环节尚未完成")).to_be_visible()
    page.locator("#id_estimate").fill("5000000")
    page.get_by_role("button", name="保存").click()
    page.locator("#id_experts").fill("县交通运输局 王工")
    page.locator("#id_representatives").fill("村民代表 张大山")
    page.locator("#id_opinions").fill("同意建设。")
    page.get_by_role("button", name="记录").first.click()
    page.get_by_role("button", name="进入“党委会讨论决定”环节").click()

    # The committee's decision: the MAJOR item proposed from the project's page.
    meeting = mf.schedule(town, start=timezone.now() + datetime.timedelta(days=3))
    page.reload()
    page.locator("#id_meeting").select_option(str(meeting.pk))
    page.get_by_role("button", name="提出").click()
    project.refresh_from_db()
    assert project.agenda_item.kind == "major"
    time_machine.move_to(meeting.start + datetime.timedelta(hours=1), tick=True)
    _decide(town, project)
    page = browser_login(town.secretary)
    page.goto(f"{base}{project.pk}/")
    page.get_by_role("button", name="进入“县级审批”环节").click()
    page.locator("#id_number").fill("示发改投资〔2026〕18号")
    page.locator("#id_authority").fill("示范县发展和改革局")
    page.locator("#id_cost_estimate").fill("5200000")
    page.get_by_role("button", name="记录").first.click()
    page.get_by_role("button", name="进入“招标投标”环节").click()

    # PRJ-2: the tender; 19 days is refused, 20 days published.
    today = timezone.localdate()
    page.locator("#id_lot").fill("第一标段")
    page.locator("#id_documents_until").fill(
        f"{today + datetime.timedelta(days=6):%Y-%m-%d}"
    )
    page.locator("#id_deadline").fill(
        f"{today + datetime.timedelta(days=19):%Y-%m-%d}T17:00"
    )
    page.get_by_role("button", name="发布", exact=True).click()
    expect(page.get_by_text("不得少于二十日").first).to_be_visible()
    page.locator("#id_lot").fill("第一标段")
    page.locator("#id_documents_until").fill(
        f"{today + datetime.timedelta(days=6):%Y-%m-%d}"
    )
    page.locator("#id_deadline").fill(
        f"{today + datetime.timedelta(days=20):%Y-%m-%d}T17:00"
    )
    page.get_by_role("button", name="发布", exact=True).click()
    expect(page.get_by_text("已保存。")).to_be_visible()
    tender = project.tenders.get()

    # The villager, on a phone without JavaScript: the notice in the column, the days left.
    column = f"{live_server.url}/p/{town.township.slug}/"
    context, phone = _villager(browser, column)
    phone.get_by_role(
        "link", name="招标公告：东风村通村公路硬化工程（第一标段）"
    ).click()
    expect(phone.get_by_text("招标投标法第二十四条").first).to_be_visible()
    phone.get_by_role("link", name="项目公开页面：进度、投标截止倒计时").click()
    deadline = timezone.localtime(tender.deadline)
    expect(
        phone.get_by_text(f"投标截止：{deadline:%-m}月{deadline:%-d}日 17:00")
    ).to_be_visible()
    expect(phone.get_by_text("还剩 20 天")).to_be_visible()
    assert phone.evaluate("document.documentElement.scrollWidth") <= 375
    phone.screenshot(path="/tmp/prj-public-375.png", full_page=True)

    # Bids as they arrive; the bids close at the deadline.
    page.goto(f"{base}tenders/{tender.pk}/")
    for name, rep, price in (
        ("南岗路桥建设有限公司", "陈国强", "4980000"),
        ("示范县交通工程公司", "黄志明", "5050000"),
        ("东方市政工程有限公司", "吴立新", "5120000"),
    ):
        page.locator("#id_bidder").fill(name)
        page.locator("#id_legal_rep").fill(rep)
        page.locator("#id_price").fill(price)
        page.get_by_role("button", name="登记投标文件").click()
        expect(page.get_by_text("已保存。")).to_be_visible()
    page.screenshot(path="/tmp/prj-tender-1280.png", full_page=True)
    page.set_viewport_size({"width": 375, "height": 800})
    page.screenshot(path="/tmp/prj-tender-375.png", full_page=True)
    staff_width = page.evaluate("document.documentElement.scrollWidth")
    page.set_viewport_size({"width": 1280, "height": 800})
    time_machine.move_to(tender.deadline + datetime.timedelta(minutes=5), tick=True)
    page = browser_login(town.secretary)
    page.goto(f"{base}tenders/{tender.pk}/")
    page.get_by_role("button", name="开标").click()
    page.locator("#id_experts").fill("专家甲\n专家乙\n专家丙\n专家丁")
    page.locator("#id_others").fill("招标人代表")
    bids = list(tender.bids.order_by("price"))
    page.locator("#id_first").select_option(str(bids[0].pk))
    page.locator("#id_second").select_option(str(bids[1].pk))
    page.locator("#id_third").select_option(str(bids[2].pk))
    page.get_by_role("button", name="登记评标报告").click()
    page.get_by_role("button", name="在公开栏公示中标候选人").click()
    expect(page.get_by_text("已保存。")).to_be_visible()
    phone.goto(f"{live_server.url}/p/{town.township.slug}/projects/{project.pk}/")
    expect(phone.get_by_text("南岗路桥建设有限公司 · 4980000.00 元")).to_be_visible()

    # The award after the candidates' three days.
    time_machine.move_to(tender.deadline + datetime.timedelta(days=4), tick=True)
    page = browser_login(town.secretary)
    page.goto(f"{base}tenders/{tender.pk}/")
    page.locator("#id_bid").select_option(str(bids[0].pk))
    page.get_by_role("button", name="确定并公告").click()
    expect(page.get_by_text("已保存。")).to_be_visible()
    phone.goto(f"{live_server.url}/p/{town.township.slug}/projects/{project.pk}/")
    expect(phone.get_by_text("中标人", exact=True)).to_be_visible()
    phone.goto(column)
    expect(
        phone.get_by_role("link", name="中标公告：东风村通村公路硬化工程（第一标段）")
    ).to_be_visible()

    # The open data reflects each step.
    data = json.loads(
        phone.request.get(
            f"{live_server.url}/p/{town.township.slug}/projects/ocds/releases.json"
        ).text()
    )
    assert [r["tag"][0] for r in data["releases"]] == ["planning", "tender", "award"]
    assert (
        data["releases"][-1]["awards"][0]["suppliers"][0]["name"]
        == "南岗路桥建设有限公司"
    )
    context.close()
    assert staff_width <= 375  # the staff's tender page on a phone: no sideways scroll
