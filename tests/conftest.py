"""Shared fixtures: for each of two townships a secretary, a clerk, a member and a cadre; an
outsider from the other township; a county reviewer; the three system roles."""

import os
import uuid
from types import SimpleNamespace

import pytest
from django.test import Client as DjangoClient

from committees import access, services
from tests.committees.factories import CountyFactory, UserFactory, make_township

os.environ.setdefault(
    "DJANGO_ALLOW_ASYNC_UNSAFE", "true"
)  # live_server + sync Playwright

ROLES = ("secretary", "clerk", "member", "cadre", "finance_group")


def _staff(township, prefix):
    people = {}
    for role in ROLES:
        user = UserFactory(username=f"{prefix}-{role}")
        services.role_grant(
            actor=None, user=user, township=township, role=access.Role(role)
        )
        person = services.person_create(
            actor=None, township=township, name=f"{prefix}{role}"
        )
        person.user = user
        person.save()
        people[role] = user
    return SimpleNamespace(**people)


@pytest.fixture
def english():
    """Assert refusal messages exactly, in the English of the msgids."""
    from django.utils import translation

    with translation.override("en"):
        yield


@pytest.fixture(autouse=True)
def _integrity_journal(settings, tmp_path):
    """AUD-2: each test keeps its own journal of chain heads (a file outside the
    database), so one test's committed seals are no other test's missing ones."""
    settings.INTEGRITY_JOURNAL = tmp_path / "integrity-journal.jsonl"


@pytest.fixture
def world(db):
    """Two townships of one county and a third county's township, with every role."""
    county = CountyFactory(name="示范县")
    own = make_township(county=county, name="南岗镇", slug="nangang", members=15)
    other = make_township(
        county=county, name="樟木桥镇", slug="zhangmuqiao", members=11
    )
    far_county = CountyFactory(name="邻县")
    far = make_township(county=far_county, name="远方镇", slug="far", members=9)
    reviewer = UserFactory(username="reviewer")
    services.county_reviewer_grant(actor=None, user=reviewer, county=county)
    far_reviewer = UserFactory(username="far-reviewer")
    services.county_reviewer_grant(actor=None, user=far_reviewer, county=far_county)
    system = {}
    for role in ("system_admin", "security_admin", "auditor"):
        user = UserFactory(username=role)
        services.system_role_grant(actor=None, user=user, role=role, reason="test")
        system[role] = user
    return SimpleNamespace(
        county=county,
        own=own,
        other=other,
        far=far,
        a=_staff(own, "a"),
        b=_staff(other, "b"),
        reviewer=reviewer,
        far_reviewer=far_reviewer,
        **system,
        nobody=UserFactory(username="nobody"),
    )


# Django's own Client.force_login: the password step only (SEC-2).
_password_only_force_login = DjangoClient.force_login


def otp_verify_session(client, user):
    """SEC-2: mark the client's session as verified by a second factor, the way
    django_otp.login does (the device's persistent id under the session key). The user
    gets a confirmed TOTP device if they have none."""
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name="test", confirmed=True)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    return device


@pytest.fixture(autouse=True)
def _force_login_passes_the_second_factor(monkeypatch):
    """SEC-2: `client.force_login`, a test's way past the password, passes the second
    factor too (the session is OTP-verified), so every test that logs a secretary or a
    reviewer in this way reaches the page it tests. `password_login` stops after the
    password, for the tests of the second factor itself."""

    def force_login(self, user, backend=None):
        _password_only_force_login(self, user, backend=backend)
        otp_verify_session(self, user)

    monkeypatch.setattr(DjangoClient, "force_login", force_login)


@pytest.fixture
def password_login(client):
    """Log `user` in with the password only: no second factor given yet (SEC-2)."""

    def _login(user):
        _password_only_force_login(
            client, user, backend="django.contrib.auth.backends.ModelBackend"
        )
        return client

    return _login


@pytest.fixture
def login(client):
    """Log `user` in with a password and a verified second factor (SEC-2)."""

    def _login(user):
        client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
        return client

    return _login


# Browser tests: Playwright drives Debian's Chromium (never a downloaded browser).
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {
        **browser_type_launch_args,
        "executable_path": "/usr/bin/chromium",
        "args": CHROMIUM_ARGS,
    }


@pytest.fixture
def browser_login(live_server, page, client):
    """Log `user` into the Playwright page by sharing a Django session cookie."""
    from urllib.parse import urlparse

    def _login(user):
        client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
        cookie = client.cookies["sessionid"]
        host = urlparse(live_server.url).hostname
        page.context.add_cookies(
            [{"name": "sessionid", "value": cookie.value, "domain": host, "path": "/"}]
        )
        return page

    return _login


@pytest.fixture(autouse=True)
def _own_cache_namespace(settings):
    """The test Redis is shared by every test and run: a fresh key prefix per test keeps
    the cached column pages (whose version token is bumped only on commit, which a
    rolled-back test never reaches) and the rate-limit counters of other tests out."""
    from disclosure import cache as page_cache

    caches = {name: dict(conf) for name, conf in settings.CACHES.items()}
    caches["default"]["KEY_PREFIX"] = f"test-{uuid.uuid4().hex}"
    settings.CACHES = caches
    page_cache.clear_local()
    yield
    page_cache.clear_local()
