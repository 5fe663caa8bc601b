"""Browser, FIN-3 end to end: the clerk drafts the budget line by line → the secretary
reports it to the committee → the committee decides the item → the voters' opinions and
the congress's approval are recorded → the budget is in force (Chinese screens)."""

import datetime
import os

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from finance.models import Budget
from meetings import services as ms
from meetings.models import Ballot
from tests.meetings import factories as mf

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
SHOTS = os.environ.get("FIN_SHOTS")  # a directory: screenshots at 1280 and 375 px


def _shot(page, name):
    if not SHOTS:
        return
    for width in (1280, 375):
        page.set_viewport_size({"width": width, "height": 900})
        page.screenshot(path=f"{SHOTS}/{name}-{width}.png", full_page=True)
        wide = page.evaluate("document.documentElement.scrollWidth")
        assert wide <= width, f"{name} scrolls sideways at {width}px ({wide})"
    page.set_viewport_size({"width": 1280, "height": 900})


def _add_line(page, kind, code, name, amount, key=False):
    page.locator("#id_line-kind").select_option(kind)
    page.locator("#id_line-direction").select_option("spending")
    page.locator("#id_line-code").fill(code)
    page.locator("#id_line-name").fill(name)
    page.locator("#id_line-amount").fill(amount)
    if key:
        page.locator("#id_line-key_expenditure").check()
    page.get_by_role("button", name="添加科目").click()
    expect(page.get_by_text("已保存。")).to_be_visible()


def test_fin3_draft_report_decide_approve_in_force(
    live_server, browser_login, time_machine
):
    town = mf.make_town(members=7)
    year = timezone.localdate().year + 1
    start = timezone.localtime() + datetime.timedelta(days=3)
    start = start.replace(hour=9, minute=0, second=0, microsecond=0)
    meeting = mf.schedule(town, start=start, title="党委会议（研究预算草案）")
    base = f"{live_server.url}/t/{town.township.slug}/finance"

    page = browser_login(town.clerk)
    page.set_default_timeout(10_000)
    page.goto(f"{base}/")
    page.locator("#id_year").fill(str(year))
    page.get_by_role("button", name="编制预算").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(f"{year}年度预算")
    _add_line(page, "general", "2010301", "行政运行", "600000.00")
    _add_line(page, "general", "2130504", "农村基础设施建设", "400000.00", key=True)
    # FIN-3: a reserve of 0.5 % is refused with the bounds and the article.
    _add_line_refused = page.locator("#id_line-kind")
    _add_line_refused.select_option("reserve_fund")
    page.locator("#id_line-code").fill("2270101")
    page.locator("#id_line-name").fill("预备费")
    page.locator("#id_line-amount").fill("5000.00")
    page.get_by_role("button", name="添加科目").click()
    expect(page.get_by_role("alert")).to_contain_text(
        "应在10,000.00元至30,000.00元之间"
    )
    page.locator("#id_line-amount").fill("20000.00")
    page.get_by_role("button", name="添加科目").click()
    expect(page.get_by_text("已保存。")).to_be_visible()
    _shot(page, "budget-draft")

    # The secretary reports it to the committee meeting (an agenda item).
    page = browser_login(town.secretary)
    page.goto(f"{base}/budgets/{Budget.objects.get().pk}/")
    page.locator("#id_report-meeting").select_option(str(meeting.pk))
    page.get_by_role("button", name="列入议程").click()
    expect(page.get_by_text("已提交党委会议")).to_be_visible()

    # The meeting decides it (through the meetings services).
    budget = Budget.objects.get()
    item = budget.agenda_item
    mf.prepare(town, item)
    mf.notice(town, meeting)
    time_machine.move_to(start, tick=True)
    mf.arrive(town, meeting, town.members)
    ms.meeting_open(actor=town.clerk, meeting=meeting)
    mf.vote(town, item, town.members, Ballot.Choice.YES)
    ms.item_close(actor=town.clerk, item=item)

    # The clerk records the voters' opinions and the congress's approval.
    page = browser_login(town.clerk)
    page.goto(f"{base}/budgets/{budget.pk}/")
    expect(page.get_by_text("通过").first).to_be_visible()
    approved = timezone.localdate() + datetime.timedelta(days=5)
    page.locator("#id_approve-approved_on").fill(approved.isoformat())
    page.locator("#id_approve-session").fill("第二十届人民代表大会第五次会议")
    page.locator("#id_approve-resolution").fill(f"人大决〔{year}〕1号")
    page.get_by_role("button", name="登记批准").click()
    expect(page.get_by_role("alert")).to_contain_text("须登记代表听取的选民意见")
    page.locator("#id_opinions-heard_on").fill(timezone.localdate().isoformat())
    page.locator("#id_opinions-text").fill("代表走访选民，建议加大道路投入。")
    page.locator("form:has(input[value=opinions]) button").click()
    expect(page.get_by_text("已保存。")).to_be_visible()
    page.locator("#id_approve-approved_on").fill(approved.isoformat())
    page.locator("#id_approve-session").fill("第二十届人民代表大会第五次会议")
    page.locator("#id_approve-resolution").fill(f"人大决〔{year}〕1号")
    page.get_by_role("button", name="登记批准").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("已批准（生效）")
    expect(page.get_by_text("预算法第十四条").first).to_be_visible()
    _shot(page, "budget-in-force")
    budget.refresh_from_db()
    assert budget.in_force and budget.congress_approved_on == approved
