"""Browser: a secretary logs in with the real form, sees their township, and gets 404 for another's (SEC-1)."""

import time

import pytest
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _current_code(device) -> str:
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = time.time()
    return f"{totp.token():06d}"


def test_secretary_logs_in_sees_township_and_404_for_another(world, live_server, page):
    world.a.secretary.set_password("Secret-pass-2026")
    world.a.secretary.save()
    device = TOTPDevice.objects.create(
        user=world.a.secretary, name="authenticator", confirmed=True
    )
    page.goto(f"{live_server.url}/")
    # Not logged in: the public landing page, with the way in for staff, in Chinese.
    page.locator("#main").get_by_role("link", name="工作人员登录").click()
    expect(page.locator("h1")).to_have_text("登录")
    page.get_by_label("用户名").fill(world.a.secretary.username)
    page.get_by_label("密码").fill("Secret-pass-2026")
    page.get_by_role("button", name="登录").click()
    # SEC-2: a secretary gives the second factor after the password.
    expect(page.locator("h1")).to_have_text("双因素认证")
    page.get_by_label("动态验证码").fill(_current_code(device))
    page.get_by_role("button", name="验证").click()
    expect(page.get_by_role("heading", name="首页")).to_be_visible()
    page.get_by_role("link", name="南岗镇").first.click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("南岗镇")
    expect(page.get_by_text("超过应到会委员三分之二").first).to_be_visible()
    response = page.goto(f"{live_server.url}/t/{world.other.slug}/")
    assert response.status == 404
    expect(page.get_by_role("heading", level=1)).to_have_text("未找到")
