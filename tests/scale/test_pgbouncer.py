"""Scale: PgBouncer in transaction pooling in front of the test database (docker-compose.yml).

PgBouncer (Debian's) is started on a free port with ONE server connection in the pool, so
two clients certainly share it: what one client leaves on the server connection, the next
one sees. That is why the app, behind it, keeps nothing beyond a transaction.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import psycopg
import pytest
from django.db import connections

PGBOUNCER = shutil.which("pgbouncer") or "/usr/sbin/pgbouncer"
ROOT = Path(__file__).resolve().parents[2]

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        not Path(PGBOUNCER).exists(), reason="bin/test installs pgbouncer"
    ),
]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def bouncer(django_db_setup):
    primary = connections["default"].settings_dict
    port = _free_port()
    workdir = Path(tempfile.mkdtemp(prefix="township-pgbouncer-"))
    (workdir / "users.txt").write_text(f'"{primary["USER"] or "postgres"}" ""\n')
    (workdir / "pgbouncer.ini").write_text(
        f"""[databases]
* = host={primary["HOST"] or "127.0.0.1"} port={primary["PORT"] or 5432}

[pgbouncer]
listen_addr = 127.0.0.1
listen_port = {port}
unix_socket_dir =
auth_type = trust
auth_file = {workdir / "users.txt"}
pool_mode = transaction
default_pool_size = 1
max_client_conn = 50
ignore_startup_parameters = extra_float_digits,options
logfile = {workdir / "log"}
pidfile = {workdir / "pid"}
"""
    )
    if os.geteuid() == 0:  # PgBouncer will not run as root
        shutil.chown(workdir, "postgres", "postgres")
        for path in workdir.iterdir():
            shutil.chown(path, "postgres", "postgres")
        command = [
            "runuser",
            "-u",
            "postgres",
            "--",
            PGBOUNCER,
            str(workdir / "pgbouncer.ini"),
        ]
    else:
        command = [PGBOUNCER, str(workdir / "pgbouncer.ini")]
    process = subprocess.Popen(
        command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT
    )
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                break
        except OSError:
            time.sleep(0.1)
    else:
        process.kill()
        raise AssertionError(process.stdout.read().decode()[-2000:])
    try:
        yield {
            "port": port,
            "dbname": primary["NAME"],
            "user": primary["USER"] or "postgres",
        }
    finally:
        process.terminate()
        process.wait(10)
        shutil.rmtree(workdir, ignore_errors=True)


def _client(bouncer, **kwargs):
    return psycopg.connect(
        host="127.0.0.1",
        port=bouncer["port"],
        user=bouncer["user"],
        dbname=bouncer["dbname"],
        autocommit=True,
        prepare_threshold=None,
        **kwargs,
    )


def test_session_state_leaks_between_clients_but_transaction_local_state_does_not(
    bouncer,
):
    """Why the township set is SET LOCAL behind the pooler (SEC-1): a session-level
    set_config by one client is seen by the next client on the same server connection;
    a transaction-local one ends with its transaction."""
    with _client(bouncer) as first, _client(bouncer) as second:
        first.execute("select set_config('app.townships', '7', false)")
        leaked = second.execute(
            "select current_setting('app.townships', true)"
        ).fetchone()[0]
        assert leaked == "7"  # the hazard, shown: pooled sessions are shared
        second.execute("reset all")
        with first.transaction():
            first.execute("select set_config('app.townships', '8', true)")
            inside = first.execute(
                "select current_setting('app.townships', true)"
            ).fetchone()
            assert inside[0] == "8"
        after = second.execute(
            "select current_setting('app.townships', true)"
        ).fetchone()[0]
        assert after in ("", None)


def test_transaction_scoped_advisory_locks_hold_across_the_pooler(bouncer):
    """AUD-2's chain writer lock (pg_advisory_xact_lock) works behind transaction pooling:
    it is held for the transaction and released at its end, never left on a pooled
    connection. Two server connections are needed for two concurrent transactions, so this
    client pair goes straight to PostgreSQL for the second: the pooler has one."""
    primary = connections["default"].settings_dict
    with (
        _client(bouncer) as holder,
        psycopg.connect(
            host=primary["HOST"] or "127.0.0.1",
            port=primary["PORT"] or 5432,
            user=primary["USER"] or "postgres",
            dbname=primary["NAME"],
            autocommit=True,
        ) as other,
    ):
        with holder.transaction():
            holder.execute("select pg_advisory_xact_lock(202602, 1)")
            taken = other.execute(
                "select pg_try_advisory_xact_lock(202602, 1)"
            ).fetchone()[0]
            assert taken is False
        taken = other.execute("select pg_try_advisory_xact_lock(202602, 1)").fetchone()[
            0
        ]
        assert taken is True


def test_the_app_runs_through_the_pooler_with_its_pooler_settings(bouncer):
    """Under DATABASE_POOLER=transaction the ORM works through PgBouncer: repeated queries
    (psycopg would prepare them after five runs), a chunked iterator (a server-side cursor
    otherwise) and a write, in a fresh process with the production-like settings."""
    script = """
import django
django.setup()
from django.conf import settings
from django.db import connection, transaction
from committees.models import County
assert settings.DATABASES["default"]["ATOMIC_REQUESTS"] is True
assert settings.DATABASES["default"]["DISABLE_SERVER_SIDE_CURSORS"] is True
with transaction.atomic():
    County.objects.create(name="池化测试县")
for _ in range(12):
    assert County.objects.filter(name="池化测试县").count() == 1
assert [c.name for c in County.objects.filter(name="池化测试县").iterator(chunk_size=1)]
print("ok", connection.settings_dict["PORT"])
"""
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.test",
        "DATABASE_URL": (
            f"postgres://{bouncer['user']}@127.0.0.1:{bouncer['port']}/{bouncer['dbname']}"
        ),
        "DATABASE_POOLER": "transaction",
    }
    done = subprocess.run(
        [sys.executable, "-c", script],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    assert done.stdout.strip() == f"ok {bouncer['port']}"
