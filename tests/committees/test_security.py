"""SEC-2 logins, SEC-4 deployment checks, SEC-6 separation of duties."""

import os
import subprocess
import sys

import pytest
from django.conf import settings
from django.urls import reverse

from committees import access


def _fail_login(client, username, times):
    for _ in range(times):
        client.post(
            reverse("login"), {"username": username, "password": "wrong-password"}
        )


def test_sec2_account_locked_after_five_failures(world, client):
    """SEC-2: the fifth failure locks the account; even the right password is then refused."""
    user = world.a.clerk
    user.set_password("Right-pass-2026")
    user.save()
    _fail_login(client, user.username, 4)
    response = client.post(
        reverse("login"), {"username": user.username, "password": "Right-pass-2026"}
    )
    assert response.status_code == 302  # four failures: not yet locked
    client.post(reverse("logout"))
    _fail_login(client, user.username, 5)
    response = client.post(
        reverse("login"), {"username": user.username, "password": "Right-pass-2026"}
    )
    assert response.status_code == 429
    assert "账号已锁定" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_sec2_logins_and_failures_are_logged(world, client, caplog):
    """SEC-2: every login and failure is logged."""
    user = world.a.member
    user.set_password("Right-pass-2026")
    user.save()
    with caplog.at_level("INFO", logger="security"):
        client.post(
            reverse("login"), {"username": user.username, "password": "nope-nope-nope"}
        )
        client.post(
            reverse("login"), {"username": user.username, "password": "Right-pass-2026"}
        )
    messages = [
        record.getMessage() for record in caplog.records if record.name == "security"
    ]
    assert any(m.startswith(f"login failed user={user.username}") for m in messages)
    assert any(m.startswith(f"login ok user={user.username}") for m in messages)


def test_sec2_idle_sessions_expire_after_30_minutes():
    """SEC-2: the session cookie lives 30 minutes and every request renews it."""
    assert settings.SESSION_COOKIE_AGE == 30 * 60
    assert settings.SESSION_SAVE_EVERY_REQUEST is True


def test_sec2_idle_session_is_gone_after_30_minutes(world, client, time_machine):
    time_machine.move_to("2026-11-27 09:00:00+08:00", tick=False)
    client.force_login(
        world.a.secretary, backend="django.contrib.auth.backends.ModelBackend"
    )
    assert client.get(reverse("home")).status_code == 200
    time_machine.move_to("2026-11-27 09:29:00+08:00", tick=False)
    assert client.get(reverse("home")).status_code == 200  # active: renewed
    time_machine.move_to("2026-11-27 10:00:00+08:00", tick=False)
    # Idle 31 minutes: logged out — the root is the public landing page again, and a
    # township's page asks for a login.
    gone = client.get(reverse("home"))
    assert "disclosure/landing.html" in [t.name for t in gone.templates]
    assert client.get(f"/t/{world.own.slug}/").status_code == 302


def test_sec2_passwords_checked_by_django_validators(world, client):
    client.force_login(
        world.a.cadre, backend="django.contrib.auth.backends.ModelBackend"
    )
    world.a.cadre.set_password("Old-pass-2026x")
    world.a.cadre.save()
    client.force_login(
        world.a.cadre, backend="django.contrib.auth.backends.ModelBackend"
    )
    response = client.post(
        reverse("password_change"),
        {
            "old_password": "Old-pass-2026x",
            "new_password1": "12345678",
            "new_password2": "12345678",
        },
    )
    assert response.status_code == 200  # refused, form shown again
    world.a.cadre.refresh_from_db()
    assert world.a.cadre.check_password("Old-pass-2026x")


def test_sec4_check_deploy_is_clean_under_production_settings():
    """SEC-4: `manage.py check --deploy --fail-level WARNING` exits 0 with production settings."""
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.production",
        "SECRET_KEY": "a-long-random-production-secret-key-for-the-check-0123456789abcdef",
        "INTEGRITY_KEY": "a-long-random-key-of-the-seals-for-the-check-0123456789abcdef",
        "ALLOWED_HOSTS": "gov.example.cn",
    }
    env.pop(
        "DJANGO_ALLOW_ASYNC_UNSAFE", None
    )  # a test-run setting, never in deployment
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_sec4_security_headers(client, db):
    response = client.get(reverse("login"))
    assert "default-src 'self'" in response["Content-Security-Policy"]
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"


def test_sec6_system_roles_hold_no_township_role(world):
    """SEC-6: system admin, security admin and auditor are separate and edit no business record."""
    for user in (world.system_admin, world.security_admin, world.auditor):
        assert access.township_roles(user) == {}
        assert not user.has_perm("committees.change_township")
        assert not user.has_perm("committees.change_person")
    roles = [
        access.system_roles(u)
        for u in (world.system_admin, world.security_admin, world.auditor)
    ]
    assert all(len(r) == 1 for r in roles) and len(set().union(*roles)) == 3


def test_sec6_admin_cannot_edit_business_records(world, client):
    """SEC-6: even the system admin's admin pages show business records read-only."""
    client.force_login(
        world.system_admin, backend="django.contrib.auth.backends.ModelBackend"
    )
    url = reverse("admin:committees_township_change", args=[world.own.pk])
    response = client.post(url, {"name": "改名"})
    assert response.status_code in (403, 302)
    world.own.refresh_from_db()
    assert world.own.name == "南岗镇"


@pytest.mark.parametrize("persona", ["secretary", "clerk", "member", "cadre"])
def test_sec1_another_townships_record_answers_404(world, login, persona):
    """SEC-1: 404, never 403."""
    client = login(getattr(world.a, persona))
    assert (
        client.get(reverse("committees:township", args=[world.other.slug])).status_code
        == 404
    )
    assert (
        client.get(reverse("committees:township", args=[world.own.slug])).status_code
        == 200
    )


def test_sec1_county_reviewer_reads_only_their_county(world, login):
    client = login(world.reviewer)
    assert (
        client.get(reverse("committees:township", args=[world.own.slug])).status_code
        == 200
    )
    assert (
        client.get(reverse("committees:township", args=[world.other.slug])).status_code
        == 200
    )
    assert (
        client.get(reverse("committees:township", args=[world.far.slug])).status_code
        == 404
    )


def test_sec1_scope_narrows_querysets(world):
    from committees.models import Person

    visible = access.scope(Person.objects.all(), world.a.clerk)
    assert visible.exists()
    assert set(visible.values_list("township_id", flat=True)) == {world.own.pk}
    assert not access.scope(Person.objects.all(), world.nobody).exists()


def test_sec1_no_template_links_an_upload_by_its_storage_url():
    """SEC-1: uploads (inspection reports, certificates, materials, pilot documents) are
    served only through views that check who may read their record; a template that
    links `<file>.url` would hand out a /media/ address nothing checks."""
    import re
    from pathlib import Path

    root = Path(__file__).resolve().parents[2]
    pattern = re.compile(
        r"\{\{[^}]*\.(file|materials|certificate|report_file|attachment)\.url"
    )
    offenders = [
        str(path.relative_to(root))
        for path in root.glob("**/templates/**/*.html")
        if ".venv" not in path.parts
        and pattern.search(path.read_text(encoding="utf-8"))
    ]
    assert offenders == []


def test_sec1_an_upload_is_sent_to_its_reader_as_an_attachment(world, login):
    """SEC-1: the inspection report file reaches a reader of the case, byte for byte, as
    an attachment; another township's secretary gets 404."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    from cadres.appointments.models import Stage
    from tests.cadres.appointments import factories

    case = factories.case_at(world, Stage.INSPECTION)
    factories.inspect(
        world, case, report_file=SimpleUploadedFile("考察报告.pdf", b"%PDF-1.4 report")
    )
    url = reverse("appointments:inspection_report", args=[world.own.slug, case.pk])
    response = login(world.a.secretary).get(url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == b"%PDF-1.4 report"
    assert response["Content-Disposition"].startswith("attachment;")
    assert ".pdf" in response["Content-Disposition"]
    assert login(world.b.secretary).get(url).status_code == 404


def test_sec5_deployment_rate_limits_by_the_address_the_proxy_sets():
    """SEC-5 in docker-compose.yml: only the proxy is reachable, it overwrites X-Real-IP
    with the client's address, and the app counts the feedback rate limit by that header
    (a client-sent X-Real-IP cannot reach the app or bypass the limit)."""
    from pathlib import Path

    root = Path(__file__).resolve().parents[2]
    compose = (root / "docker-compose.yml").read_text(encoding="utf-8")
    nginx = (root / "deploy" / "nginx.conf").read_text(encoding="utf-8")
    assert "RATELIMIT_IP_META_KEY: HTTP_X_REAL_IP" in compose
    web = compose.split("\n  web:\n", 1)[1].split("\n\n", 1)[0]
    assert "ports:" not in web and 'expose:\n      - "8000"' in web
    assert "./deploy/nginx.conf:/etc/nginx/nginx.conf:ro" in compose
    assert "proxy_set_header X-Real-IP $remote_addr;" in nginx
    assert "proxy_set_header X-Forwarded-Proto https;" in nginx
