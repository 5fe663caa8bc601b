"""SEC-3 on the embedded default: concurrent submits on the demo's SQLite queue, none fails
with "database is locked" (WAL, BEGIN IMMEDIATE, a 30 s busy timeout: config/settings/demo.py).
Production logging: errors with tracebacks to the log file, the request id in each line,
the admins e-mailed (config/settings/production.py)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from django.db import OperationalError, connections, transaction

ROOT = Path(__file__).resolve().parents[2]


def _demo_sqlite_options() -> dict:
    """The demo's SQLite options, read from its settings module without loading it as
    the settings (it would import the whole settings chain again)."""
    source = (ROOT / "config" / "settings" / "demo.py").read_text()
    namespace: dict = {}
    start = source.index("SQLITE_OPTIONS = {")
    end = source.index("}\n", start) + 2
    exec(source[start:end], namespace)  # noqa: S102 - our own settings file
    return namespace["SQLITE_OPTIONS"]


@pytest.fixture
def demo_sqlite(tmp_path, django_db_blocker):
    alias = "demo_sqlite_sec3"
    connections.settings[alias] = {
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": str(tmp_path / "demo.sqlite3"),
        "OPTIONS": _demo_sqlite_options(),
        "ATOMIC_REQUESTS": False,
        "AUTOCOMMIT": True,
        "CONN_MAX_AGE": 0,
        "CONN_HEALTH_CHECKS": False,
        "TIME_ZONE": None,
        "USER": "",
        "PASSWORD": "",
        "HOST": "",
        "PORT": "",
        "TEST": {},
    }
    with django_db_blocker.unblock():
        with connections[alias].cursor() as cursor:
            cursor.execute("CREATE TABLE exam (id INTEGER PRIMARY KEY, title TEXT)")
        connections[alias].close()
        yield alias
    del connections.settings[alias]


def test_sec3_concurrent_submits_on_the_demo_sqlite_do_not_lock(demo_sqlite):
    """SEC-3: eight writers, each reading then writing in a transaction that holds the
    lock a while (a form's save): every one of 80 saves commits, no 'database is locked'."""
    errors: list[str] = []
    start = threading.Barrier(8)

    def writer(number):
        try:
            start.wait()
            for round_ in range(10):
                with transaction.atomic(using=demo_sqlite):
                    with connections[demo_sqlite].cursor() as cursor:
                        cursor.execute("SELECT COUNT(*) FROM exam")
                        cursor.fetchone()
                        time.sleep(0.002)
                        cursor.execute(
                            "INSERT INTO exam (title) VALUES (%s)",
                            [f"考试 {number}-{round_}"],
                        )
        except OperationalError as error:
            errors.append(str(error))
        finally:
            connections[demo_sqlite].close()

    threads = [threading.Thread(target=writer, args=(n,)) for n in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    with connections[demo_sqlite].cursor() as cursor:
        cursor.execute("SELECT COUNT(*) FROM exam")
        assert cursor.fetchone()[0] == 80
        cursor.execute("PRAGMA journal_mode")
        assert cursor.fetchone()[0] == "wal"
    connections[demo_sqlite].close()


_PRODUCTION_PROBE = r"""
import json, logging, sys
import django
django.setup()
from django.conf import settings
from django.core import mail
from django.test import RequestFactory
from core.middleware import RequestIdMiddleware

def view(request):
    try:
        1 / 0
    except ZeroDivisionError:
        logging.getLogger("django.request").error(
            "Internal Server Error: %s", request.path, exc_info=True,
            extra={"status_code": 500, "request": request},
        )
    return __import__("django.http").http.HttpResponse(status=500)

response = RequestIdMiddleware(view)(RequestFactory().get("/boom/", HTTP_X_REQUEST_ID="probe-0001abcd"))
print(json.dumps({
    "admins": settings.ADMINS,
    "handlers": sorted(settings.LOGGING["loggers"]["django.request"]["handlers"]),
    "request_id": response["X-Request-ID"],
    "mails": [m.subject for m in mail.outbox] if hasattr(mail, "outbox") else None,
    "ratelimit_key": type(settings.RATELIMIT_IP_META_KEY).__name__,
}))
"""


def test_sec3_production_logs_errors_with_traceback_and_request_id(tmp_path):
    """SEC-3: under production settings an error is logged with its traceback to the log
    file and the console, each line with the request id; the admins from ADMINS get it
    by mail (mail_admins); the rate limit's key is the proxy-aware callable."""
    log_file = tmp_path / "log" / "township.log"
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.production",
        "SECRET_KEY": "test-secret-key-for-the-logging-probe-0123456789",
        "INTEGRITY_KEY": "test-integrity-key-for-the-logging-probe-0123456789",
        "ALLOWED_HOSTS": "testserver",
        "ADMINS": "值班员 <duty@example.org>,ops@example.org",
        "LOG_FILE": str(log_file),
        "EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend",
    }
    probe = subprocess.run(
        [sys.executable, "-c", _PRODUCTION_PROBE],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert probe.returncode == 0, probe.stderr[-2000:]
    result = json.loads(probe.stdout.strip().splitlines()[-1])
    assert result["admins"] == [
        ["值班员", "duty@example.org"],
        ["ops@example.org", "ops@example.org"],
    ]
    assert result["handlers"] == ["console", "file", "mail_admins"]
    assert result["request_id"] == "probe-0001abcd"
    assert any(
        "Internal Server Error: /boom/" in subject for subject in result["mails"]
    )
    assert result["ratelimit_key"] == "ClientAddressHeader"
    logged = log_file.read_text()
    assert "[probe-0001abcd] django.request Internal Server Error: /boom/" in logged
    assert "ZeroDivisionError" in logged and "Traceback" in logged
    assert "[probe-0001abcd]" in probe.stderr  # the console too
