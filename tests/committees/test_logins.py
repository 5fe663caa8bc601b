"""SEC-2: logins that resist abuse (lockouts per account and address, throttling per
address, lockouts that expire) and a second factor (TOTP, recovery codes)."""

import time

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation
from django_otp.oath import TOTP
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from committees import accounts
from tests.conftest import _password_only_force_login

PASSWORD = "Right-pass-2026"


def _with_password(user):
    user.set_password(PASSWORD)
    user.save()
    return user


def _post_login(client, username, password, address, **extra):
    return client.post(
        reverse("login"),
        {"username": username, "password": password, **extra},
        REMOTE_ADDR=address,
    )


def _fail(username, address, times=1):
    client = Client()
    for _ in range(times):
        response = _post_login(client, username, "wrong-password", address)
        assert response.status_code in (200, 429)


def _logged_in(client) -> bool:
    return "_auth_user_id" in client.session


def _code(key_hex: str) -> str:
    totp = TOTP(bytes.fromhex(key_hex))
    totp.time = time.time()
    return f"{totp.token():06d}"


def _authenticator(user) -> TOTPDevice:
    return TOTPDevice.objects.create(user=user, name="authenticator", confirmed=True)


# -- lockouts ------------------------------------------------------------------------


def test_sec2_lockout_is_per_account_and_address(world):
    """SEC-2: five failures lock the account at that address only; the real user logs
    in from another address."""
    clerk = _with_password(world.a.clerk)
    _fail(clerk.username, "10.0.0.66", times=4)
    assert (
        _post_login(Client(), clerk.username, PASSWORD, "10.0.0.66").status_code == 302
    )
    _fail(clerk.username, "10.0.0.66", times=5)
    locked = Client()
    response = _post_login(locked, clerk.username, PASSWORD, "10.0.0.66")
    assert response.status_code == 429
    assert "账号已锁定" in response.content.decode()
    assert not _logged_in(locked)
    elsewhere = Client()
    response = _post_login(elsewhere, clerk.username, PASSWORD, "10.0.0.7")
    assert response.status_code == 302 and _logged_in(elsewhere)


def test_sec2_password_spraying_is_throttled_per_address(world):
    """SEC-2: 20 failures from one address for any usernames throttle that address (19
    do not); other addresses are not affected."""
    cadre = _with_password(world.a.cadre)
    for number in range(19):
        _fail(f"guess-{number}", "10.0.0.99")
    assert (
        _post_login(Client(), cadre.username, PASSWORD, "10.0.0.99").status_code == 302
    )
    _fail("guess-19", "10.0.0.99")
    sprayed = Client()
    assert (
        _post_login(sprayed, cadre.username, PASSWORD, "10.0.0.99").status_code == 429
    )
    assert not _logged_in(sprayed)
    assert (
        _post_login(Client(), cadre.username, PASSWORD, "10.0.0.8").status_code == 302
    )


def test_sec2_a_successful_login_clears_only_its_own_failures(world):
    """SEC-2: a sprayer who knows one password cannot wipe the address's count by
    logging in with it."""
    cadre = _with_password(world.a.cadre)
    for number in range(19):
        _fail(f"guess-{number}", "10.0.0.98")
    assert (
        _post_login(Client(), cadre.username, PASSWORD, "10.0.0.98").status_code == 302
    )
    _fail("guess-19", "10.0.0.98")
    assert (
        _post_login(Client(), cadre.username, PASSWORD, "10.0.0.98").status_code == 429
    )


def test_sec2_lockout_expires(world, time_machine, settings):
    """SEC-2: a lockout ends AXES_COOLOFF_TIME (15 minutes) after the last failure."""
    assert settings.AXES_COOLOFF_TIME.total_seconds() == 15 * 60
    clerk = _with_password(world.a.clerk)
    time_machine.move_to("2026-11-27 09:00:00+08:00", tick=False)
    _fail(clerk.username, "10.0.0.5", times=5)
    time_machine.move_to("2026-11-27 09:14:00+08:00", tick=False)
    assert (
        _post_login(Client(), clerk.username, PASSWORD, "10.0.0.5").status_code == 429
    )
    time_machine.move_to("2026-11-27 09:15:30+08:00", tick=False)
    again = Client()
    assert _post_login(again, clerk.username, PASSWORD, "10.0.0.5").status_code == 302
    assert _logged_in(again)


def test_sec2_locked_out_user_gets_in_with_the_second_factor(world, time_machine):
    """SEC-2: at an address where the account is locked, the password with a code of the
    user's authenticator lets the real user in (verified); a wrong code does not (and
    django-otp then makes the device wait before the next try)."""
    time_machine.move_to("2026-11-27 09:00:00+08:00", tick=False)
    secretary = _with_password(world.a.secretary)
    device = _authenticator(secretary)
    _fail(secretary.username, "10.0.0.3", times=5)
    refused = Client()
    response = _post_login(
        refused, secretary.username, PASSWORD, "10.0.0.3", otp_token="000000"
    )
    assert not _logged_in(refused)
    assert response.status_code in (200, 429)
    time_machine.move_to("2026-11-27 09:00:05+08:00", tick=False)
    owner = Client()
    response = _post_login(
        owner, secretary.username, PASSWORD, "10.0.0.3", otp_token=_code(device.key)
    )
    assert response.status_code == 302 and _logged_in(owner)
    assert owner.get(reverse("home"), REMOTE_ADDR="10.0.0.3").status_code == 200


def test_sec2_a_code_does_not_stand_in_for_the_password(world):
    """SEC-2: the right code with a wrong password is a failure."""
    secretary = _with_password(world.a.secretary)
    device = _authenticator(secretary)
    client = Client()
    _post_login(
        client, secretary.username, "wrong", "10.0.0.4", otp_token=_code(device.key)
    )
    assert not _logged_in(client)


# -- the second factor ---------------------------------------------------------------


@pytest.mark.parametrize(
    "who",
    ["a.secretary", "reviewer", "system_admin", "security_admin", "auditor"],
)
def test_sec2_second_factor_required_of_the_role(world, password_login, who):
    """SEC-2: secretaries, county reviewers and the three system roles give a second
    factor before any page: enrol if they have none, else verify."""
    user = world
    for part in who.split("."):
        user = getattr(user, part)
    client = password_login(user)
    response = client.get(reverse("home"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_enrol"))
    _authenticator(user)
    response = client.get(f"/t/{world.own.slug}/")
    assert response.status_code == 302
    assert (
        response["Location"]
        == reverse("account_verify") + f"?next=/t/{world.own.slug}/"
    )


@pytest.mark.parametrize("who", ["clerk", "member", "cadre", "finance_group"])
def test_sec2_second_factor_not_required_of_a_cadre(world, password_login, who):
    """SEC-2: the other township roles log in with the password alone."""
    client = password_login(getattr(world.a, who))
    assert client.get(reverse("home")).status_code == 200


def test_sec2_unverified_user_still_reaches_logout_and_the_public_column(
    world, password_login
):
    client = password_login(world.a.secretary)
    assert client.get(reverse("disclosure:landing")).status_code == 200
    assert client.get(reverse("account_enrol")).status_code == 200
    client.post(reverse("logout"))
    assert not _logged_in(client)


def test_sec2_enrol_verify_and_a_recovery_code_works_once(
    world, password_login, time_machine
):
    """SEC-2: enrol (QR code, key in text, confirm with a code) → ten recovery codes
    shown once → the next login verifies with the authenticator or a recovery code,
    each recovery code once."""
    time_machine.move_to("2026-11-27 09:00:00+08:00", tick=False)
    secretary = world.a.secretary
    client = password_login(secretary)
    page = client.get(reverse("account_enrol"))
    html = page.content.decode()
    assert page.status_code == 200 and "<svg" in html
    key = client.session[accounts.ENROL_KEY_SESSION]
    assert not TOTPDevice.objects.filter(user=secretary).exists()  # GET wrote nothing
    refused = client.post(reverse("account_enrol"), {"otp_token": "12"})
    assert refused.status_code == 400
    assert not TOTPDevice.objects.filter(user=secretary).exists()
    done = client.post(reverse("account_enrol"), {"otp_token": _code(key)})
    assert done.status_code == 200
    codes = done.context["codes"]
    assert len(codes) == 10 and all(code in done.content.decode() for code in codes)
    assert client.get(reverse("home")).status_code == 200  # verified by enrolling
    # The account page shows the state, never the codes again.
    account = client.get(reverse("account")).content.decode()
    assert "10" in account and codes[0] not in account

    second = Client()
    _password_only_force_login(second, secretary)
    assert second.get(reverse("home"))["Location"].startswith(reverse("account_verify"))
    wrong = second.post(reverse("account_verify"), {"otp_token": "999999"})
    assert wrong.status_code == 400
    time_machine.move_to("2026-11-27 09:00:05+08:00", tick=False)  # django-otp's wait
    ok = second.post(reverse("account_verify"), {"otp_token": codes[0], "next": "/"})
    assert ok.status_code == 302 and ok["Location"] == "/"
    assert second.get(reverse("home")).status_code == 200
    assert StaticToken.objects.filter(device__user=secretary).count() == 9

    third = Client()
    _password_only_force_login(third, secretary)
    again = third.post(reverse("account_verify"), {"otp_token": codes[0]})
    assert again.status_code == 400
    assert third.get(reverse("home")).status_code == 302


def test_sec2_authenticator_replaced_only_from_a_verified_session(
    world, password_login
):
    """SEC-2: the password alone does not let anyone swap in their own authenticator."""
    _authenticator(world.a.secretary)
    client = password_login(world.a.secretary)
    response = client.get(reverse("account_enrol"))
    assert response["Location"].startswith(reverse("account_verify"))
    assert accounts.ENROL_KEY_SESSION not in client.session


def test_sec2_new_recovery_codes_replace_the_old(world, login):
    client = login(world.a.secretary)
    first = accounts.recovery_codes_renew(
        actor=_verified(world.a.secretary), user=world.a.secretary
    )
    response = client.post(reverse("account_recovery_codes"))
    new = response.context["codes"]
    assert len(new) == 10 and not set(first) & set(new)
    assert StaticToken.objects.filter(device__user=world.a.secretary).count() == 10


def _verified(user):
    user.is_verified = lambda: True
    return user


def test_sec2_services_refuse_another_actor(world):
    from core.errors import NotPermitted

    with pytest.raises(NotPermitted):
        accounts.recovery_codes_renew(
            actor=_verified(world.a.clerk), user=world.a.secretary
        )


def test_sec2_admin_requires_the_second_factor(world, password_login, login):
    """SEC-2: the admin site is not reached with the password alone."""
    client = password_login(world.system_admin)
    response = client.get(reverse("admin:index"))
    assert response.status_code == 302
    assert (
        "/admin/" not in response["Location"].split("?")[0]
        or "login" in (response["Location"])
    )
    verified = login(world.system_admin)
    assert verified.get(reverse("admin:index")).status_code == 200


def test_sec2_demo_shows_the_code_only_when_demo_is_on(world, password_login, settings):
    device = _authenticator(world.a.secretary)
    client = password_login(world.a.secretary)
    settings.DEMO = False
    assert "演示环境" not in client.get(reverse("account_verify")).content.decode()
    settings.DEMO = True
    html = client.get(reverse("account_verify")).content.decode()
    assert "演示环境" in html and _code(device.key) in html


def test_sec2_password_validators_speak_chinese(world, client):
    """SEC-2: every validator's message in Chinese. Django 5.2 changed the minimum
    length message's msgid (%d instead of %(min_length)d) and its zh_Hans catalogue still
    has only the old one: the project's catalogue carries the new one."""
    client.force_login(world.a.cadre)
    with translation.override("zh-hans"):
        response = client.post(
            reverse("password_change"),
            {
                "old_password": "Test-pass-2026",
                "new_password1": "12345678",
                "new_password2": "12345678",
            },
        )
    html = response.content.decode()
    assert response.status_code == 200
    assert "密码长度太短。密码必须包含至少 10 个字符。" in html
    assert "这个密码太常见了。" in html and "密码只包含数字。" in html
    assert "This password" not in html


def test_sec2_demo_accounts_hold_the_demo_authenticator(world):
    """SEC-2: the demo's accounts that need a second factor get the demo key (and a
    newcomer reads its code on the verify page, DEMO only); the others get none."""
    from committees.demo import DEMO_OTP_KEY, _demo_second_factors

    names = [world.a.secretary, world.reviewer, world.auditor, world.a.cadre]
    _demo_second_factors({user.username: "" for user in names})
    _demo_second_factors({user.username: "" for user in names})  # idempotent
    for user in names[:3]:
        assert TOTPDevice.objects.get(user=user).key == DEMO_OTP_KEY
    assert not TOTPDevice.objects.filter(user=world.a.cadre).exists()


def test_sec2_the_demo_code_is_never_shown_outside_the_demo():
    """SEC-2: only config/settings/demo.py turns DEMO on."""
    from pathlib import Path

    from django.conf import settings

    from config.settings import base

    assert not getattr(base, "DEMO", False)
    production = Path(settings.BASE_DIR, "config/settings/production.py")
    assert "DEMO" not in production.read_text(encoding="utf-8")


def test_sec2_lockouts_count_the_address_the_proxy_sets(world, settings):
    """SEC-2: behind the proxy every request comes from its address; the lockouts count
    the client's (the header the proxy overwrites), as the rate limits do."""
    from django.test import RequestFactory

    settings.RATELIMIT_IP_META_KEY = "HTTP_X_REAL_IP"
    request = RequestFactory().get(
        "/", REMOTE_ADDR="10.9.9.9", HTTP_X_REAL_IP="1.2.3.4"
    )
    assert accounts.client_address(request) == "1.2.3.4"
    bare = RequestFactory().get("/", REMOTE_ADDR="10.9.9.9")
    assert accounts.client_address(bare) == "10.9.9.9"


LOGIN_TEMPLATES = [
    "templates/registration/login.html",
    "templates/registration/locked_out.html",
    "committees/templates/committees/account/verify.html",
    "committees/templates/committees/account/enrol.html",
    "committees/templates/committees/account/recovery_codes.html",
    "committees/templates/committees/account/account.html",
]


@pytest.mark.parametrize("template", LOGIN_TEMPLATES)
def test_sec2_every_login_page_string_is_in_chinese(template):
    """SEC-2: each string of the login, lockout and second-factor pages has its Chinese."""
    import re
    from pathlib import Path

    from django.conf import settings

    text = Path(settings.BASE_DIR, template).read_text(encoding="utf-8")
    msgids = re.findall(r'{% translate "([^"]+)" %}', text)
    assert msgids
    with translation.override("zh-hans"):
        untranslated = [m for m in msgids if translation.gettext(m) == m]
    assert untranslated == []
