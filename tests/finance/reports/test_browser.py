"""Browser (FIN-2, PIL-3): the clerk generates the first quarter's report from the ledger,
the secretary puts it on an enlarged meeting's agenda, the meeting hears it within the
month after the quarter — and the county reviewer's FIN-2 figure, "not yet recorded"
before the township kept any money of the year here, turns green; its drill-down lists
the report."""

from __future__ import annotations

import datetime

import pytest
import time_machine
from django.urls import reverse
from playwright.sync_api import expect

from committees.models import Body
from finance.models import QuarterlyReport
from meetings import services as meetings_services
from tests.finance.reports import factories as rf
from tests.meetings import factories as mf

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

Y = 2027
ARRIVED = rf.moment(datetime.date(Y, 4, 2), 10)  # Q1 ended; due 30 April


def test_fin2_report_heard_by_the_enlarged_meeting_turns_the_county_figure_green(
    world, live_server, page, browser_login
):
    town = mf.town_of(world)
    county = world.own.county
    drill = live_server.url + reverse(
        "oversight:drill_down", args=[county.pk, world.own.slug, "fin2"]
    )
    with time_machine.travel(ARRIVED, tick=True):
        browser_login(world.reviewer)
        page.goto(f"{drill}?year={Y}")
        expect(page.locator("p.lede")).to_contain_text("尚未记录")

    rf.year_with_entries(town, Y)  # the budget in force, entries in Q1 and Q2

    with time_machine.travel(ARRIVED, tick=True):
        browser_login(world.a.clerk)
        reports = live_server.url + reverse("finance:reports", args=[world.own.slug])
        page.goto(f"{reports}?year={Y}")
        expect(page.get_by_role("heading", level=1)).to_contain_text(
            f"{Y}年季度财政收支情况报告"
        )
        page.get_by_label("季度").select_option("1")
        page.get_by_role("button", name="生成", exact=True).click()
        expect(page.get_by_text("正在根据账簿生成报告。")).to_be_visible()
        expect(page.locator("#quarter-1")).to_contain_text("已生成")
        start = rf.moment(datetime.date(Y, 4, 8), 9)
        meeting = mf.schedule(town, start=start, body_kind=Body.Kind.ENLARGED)

        browser_login(world.a.secretary)
        page.goto(f"{reports}?year={Y}")
        page.locator("#quarter-1").get_by_role("link", name="已生成").click()
        expect(page.locator("#report-summary")).to_contain_text("累计支出")
        page.get_by_label("党委扩大会议").select_option(str(meeting.pk))
        page.get_by_role("button", name="列入议程").click()
        expect(page.locator("#report-status")).to_contain_text("已列入党委扩大会议议程")
        mf.notice(town, meeting)

    report = QuarterlyReport.objects.get(township=world.own, year=Y, quarter=1)
    with time_machine.travel(start, tick=True):
        mf.arrive(town, meeting, town.members)
        meetings_services.meeting_open(actor=town.clerk, meeting=meeting)
        meetings_services.item_close(
            actor=town.clerk, item=report.agenda_item, discussion="听取并同意报告。"
        )

        browser_login(world.reviewer)
        page.goto(
            live_server.url
            + reverse("oversight:dashboard", args=[county.pk])
            + f"?year={Y}"
        )
        cell = page.locator(f"a[href*='/t/{world.own.slug}/fin2/']")
        expect(cell).to_contain_text("FIN-2")
        expect(cell.locator(".badge")).to_have_class("badge ok")
        cell.click()
        expect(page.locator("p.lede .badge")).to_have_class("badge ok")
        row = page.locator("table tbody tr").first
        expect(row).to_contain_text(f"{Y}年第1季度")
        expect(row).to_contain_text(meeting.title)
        expect(row).to_contain_text(f"{Y}-04-08")
        expect(row).to_contain_text("按期")
