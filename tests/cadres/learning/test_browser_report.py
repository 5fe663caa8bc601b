"""Browser, phone-sized (journey 2): a cadre opens the reminder link, logs in, writes, saves
a draft, comes back, submits; the secretary sees it in the grid (LRN-3)."""

import datetime
import time

import pytest
import time_machine
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import expect

from cadres.learning.deadlines import TZ
from cadres.learning.models import StudyReport

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}


def _log_in(page, live_server, user, password, next_path, device=None):
    page.goto(f"{live_server.url}{next_path}")
    expect(page.locator("h1")).to_have_text("登录")
    page.get_by_label("用户名").fill(user.username)
    page.get_by_label("密码").fill(password)
    page.get_by_role("button", name="登录").click()
    if device is not None:  # SEC-2: a secretary's second factor after the password
        expect(page.locator("h1")).to_have_text("双因素认证")
        totp = TOTP(device.bin_key, device.step, device.t0, device.digits)
        totp.time = time.time()
        page.get_by_label("动态验证码").fill(f"{totp.token():06d}")
        page.get_by_role("button", name="验证").click()


def _fits_the_screen(page):
    return page.evaluate(
        "document.documentElement.scrollWidth <= window.innerWidth + 1"
    )


def test_journey2_cadre_writes_saves_submits_and_secretary_sees_it(
    world, live_server, page
):
    page.set_viewport_size(PHONE)
    for user in (world.a.cadre, world.a.secretary):
        user.set_password("Study-pass-2026")
        user.save()
    device = TOTPDevice.objects.create(
        user=world.a.secretary, name="authenticator", confirmed=True
    )
    my_study = f"/t/{world.own.slug}/study/"
    with time_machine.travel(datetime.datetime(2026, 11, 3, 8, 0, tzinfo=TZ)):
        # 1. The link from the reminder, then the login form, then "my study".
        _log_in(page, live_server, world.a.cadre, "Study-pass-2026", my_study)
        expect(page.get_by_role("heading", level=1)).to_have_text("我的学习")
        expect(page.get_by_text("截止日期：2026-11-05。")).to_be_visible()
        expect(page.get_by_text("还剩 2 天").first).to_be_visible()
        assert _fits_the_screen(page)

        # 2. Two paragraphs, saved as a draft.
        page.get_by_role("link", name="撰写心得").click()
        expect(page.get_by_role("heading", level=1)).to_have_text("2026年10月学习心得")
        text = "本月学习了党的创新理论。\n\n要结合分管工作抓好落实。"
        page.get_by_label("学习心得").fill(text)
        page.get_by_role("button", name="保存草稿").click()
        expect(page.get_by_text("草稿已于")).to_be_visible()
        assert _fits_the_screen(page)
        report = StudyReport.objects.get(person=world.a.cadre.person)
        assert report.status == StudyReport.Status.DRAFT

        # Back in the evening: the draft is there, then submitted.
        page.goto(f"{live_server.url}{my_study}")
        page.get_by_role("link", name="继续撰写").click()
        expect(page.get_by_label("学习心得")).to_have_value(text)
        page.get_by_role("button", name="提交").click()
        # LRN-3: submitting is for good, so it asks once (no JavaScript needed).
        expect(page.locator("#submit-confirm")).to_contain_text("提交后不能再修改")
        expect(page.get_by_label("学习心得")).to_have_value(text)
        page.get_by_role("button", name="确认提交").click()

        # 3. Marked submitted on "my study".
        expect(page.get_by_role("heading", level=1)).to_have_text("我的学习")
        expect(page.get_by_text("您2026年10月的学习心得已提交。")).to_be_visible()
        expect(page.locator(".badge.ok").first).to_have_text("已提交")
        report.refresh_from_db()
        assert report.status == StudyReport.Status.SUBMITTED
        assert report.late is False

        # The secretary sees it in the grid.
        page.get_by_role("button", name="退出登录").click()
        grid = f"/t/{world.own.slug}/study/reports/?year=2026"
        _log_in(page, live_server, world.a.secretary, "Study-pass-2026", grid, device)
        expect(page.get_by_role("heading", level=1)).to_have_text("2026年学习心得台账")
        row = page.get_by_role("row").filter(has_text=world.a.cadre.person.name)
        expect(row.get_by_role("link", name="已提交")).to_be_visible()
        row.get_by_role("link", name="已提交").click()
        expect(page.get_by_text("要结合分管工作抓好落实。")).to_be_visible()
