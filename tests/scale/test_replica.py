"""Scale: the read-replica router against a real hot standby of the test primary.

A second PostgreSQL cluster is streamed from the primary with `pg_basebackup -R` and started
as a hot standby on a free port. Replay is paused on it to make its lag certain, so each
test can tell which server answered: the primary holds a row the standby does not yet.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import tempfile
import time
from pathlib import Path

import psycopg
import pytest
from django.db import connections
from django.test import Client

from committees.models import Township
from config import replica
from tests.committees.factories import make_township
from tests.disclosure.factories import make_item

pytestmark = pytest.mark.django_db(transaction=True, databases=["default", "replica"])

PG_BIN = (
    Path("/usr/lib/postgresql") / sorted(os.listdir("/usr/lib/postgresql"))[-1] / "bin"
)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _run(cmd: list[str], *, attempts: int = 1, log: Path | None = None) -> None:
    """Run a server command; say what it printed (and the server's log) if it fails."""
    for attempt in range(attempts):
        done = subprocess.run(cmd, capture_output=True, text=True)
        if done.returncode == 0:
            return
        time.sleep(1 + attempt)
    tail = log.read_text()[-2000:] if log and log.exists() else ""
    raise AssertionError(f"{cmd[4:6]} failed: {done.stderr[-2000:]}\n{tail}")


def _as_postgres(*cmd: str) -> list[str]:
    return ["runuser", "-u", "postgres", "--", *cmd] if os.geteuid() == 0 else list(cmd)


@pytest.fixture(scope="module")
def standby(django_db_setup, django_db_blocker):
    primary = connections["default"].settings_dict
    port = _free_port()
    workdir = Path(tempfile.mkdtemp(prefix="township-standby-"))
    data = workdir / "data"
    if os.geteuid() == 0:
        shutil.chown(workdir, "postgres", "postgres")
    # Retried: a database another test process drops during the copy fails that copy.
    _run(
        _as_postgres(
            str(PG_BIN / "pg_basebackup"),
            "-h", primary["HOST"] or "127.0.0.1",
            "-p", str(primary["PORT"] or 5432),
            "-U", primary["USER"] or "postgres",
            "-D", str(data),
            "-R",  # standby.signal and primary_conninfo: a streaming standby
            "-X", "stream",
            "-c", "fast",
            "--no-sync",  # a throwaway copy: nothing to make durable
        ),
        attempts=3,
    )  # fmt: skip
    # Debian keeps a cluster's configuration outside its data directory, so the copy
    # has none: the standby gets its own (trust on loopback, as the primary's here).
    for name, text in {
        "postgresql.conf": "",
        "pg_ident.conf": "",
        "pg_hba.conf": "local all all trust\nhost all all 127.0.0.1/32 trust\n",
    }.items():
        target = data / name
        if not target.exists():
            _run(_as_postgres("sh", "-c", f"printf '%s' \"$1\" > {target}", "sh", text))
    _run(
        _as_postgres(
            str(PG_BIN / "pg_ctl"),
            "-D", str(data),
            "-o", f"-p {port} -k {workdir} -c hot_standby=on -c listen_addresses=127.0.0.1"
            " -c fsync=off",  # and no fsync of the copied files at its first start
            "-l", str(workdir / "log"),
            "-w", "-t", "300", "start",
        ),
        log=workdir / "log",
    )  # fmt: skip
    # The standby as the `replica` database. A mirror of the primary for the test runner,
    # so that it is never flushed (a standby takes no writes).
    connections.settings[replica.REPLICA] = {
        **primary,
        "PORT": port,
        "TEST": {**primary.get("TEST", {}), "MIRROR": "default"},
    }
    try:
        yield port
    finally:
        connections[replica.REPLICA].close()
        del connections[replica.REPLICA]
        del connections.settings[replica.REPLICA]
        subprocess.run(
            _as_postgres(
                str(PG_BIN / "pg_ctl"), "-D", str(data), "-m", "immediate", "stop"
            ),
            capture_output=True,
        )
        shutil.rmtree(workdir, ignore_errors=True)


def _reconnect(*, port: int) -> None:
    connections[replica.REPLICA].close()
    del connections[replica.REPLICA]
    connections.settings[replica.REPLICA] = {
        **connections.settings[replica.REPLICA],
        "PORT": port,
    }


def _standby_sql(sql: str):
    """Control statements on the standby as the cluster's superuser (not the app's role)."""
    settings_dict = connections.settings[replica.REPLICA]
    with psycopg.connect(
        host=settings_dict["HOST"] or "127.0.0.1",
        port=settings_dict["PORT"],
        user=settings_dict["USER"] or "postgres",
        dbname=settings_dict["NAME"],
        autocommit=True,
    ) as conn:
        return conn.execute(sql).fetchone()


def _wait_caught_up(timeout: float = 20.0) -> None:
    with connections["default"].cursor() as cursor:
        cursor.execute("select pg_current_wal_lsn()::text")
        lsn = cursor.fetchone()[0]
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if _standby_sql(f"select pg_last_wal_replay_lsn() >= '{lsn}'::pg_lsn")[0]:
            return
        time.sleep(0.05)
    raise AssertionError("the standby did not catch up")


@pytest.fixture
def paused(standby):
    """Replay stopped on the standby: what the primary commits now, the standby lacks."""
    _wait_caught_up()
    _standby_sql("select pg_wal_replay_pause()")
    try:
        yield
    finally:
        _standby_sql("select pg_wal_replay_resume()")


def test_the_standby_is_a_real_streaming_replica(standby):
    assert _standby_sql("select pg_is_in_recovery()")[0] is True
    with connections["default"].cursor() as cursor:
        cursor.execute("select count(*) from pg_stat_replication")
        assert cursor.fetchone()[0] >= 1


def test_a_read_only_page_reads_from_the_replica(standby, paused):
    """The column's landing page lists townships: one made while replay is paused is not
    on the replica, so its absence shows that the page was read there."""
    township = make_township(name="镜像测试乡", members=1)
    make_item(township, title="只在主库的公告")
    page = Client().get("/p/")
    assert page.status_code == 200
    assert "镜像测试乡" not in page.content.decode()
    assert Township.objects.filter(
        pk=township.pk
    ).exists()  # outside a request: primary


def test_read_your_writes_after_a_post_the_client_reads_the_primary(standby, paused):
    """A client that has just written is pinned to the primary until the replica has
    replayed its write: its own save never looks lost."""
    client = Client()
    make_township(name="刚写入的乡", members=1)
    response = client.post("/p/set-language/", {"language": "zh-hans", "next": "/p/"})
    assert response.status_code < 400
    assert replica.COOKIE in response.cookies
    page = client.get("/p/")
    assert "刚写入的乡" in page.content.decode()
    # Another client, who wrote nothing, still reads the lagging replica.
    assert "刚写入的乡" not in Client().get("/p/").content.decode()


def test_once_the_replica_has_caught_up_it_serves_the_writer_too(standby):
    client = Client()
    make_township(name="追上后的乡", members=1)
    client.post("/p/set-language/", {"language": "zh-hans", "next": "/p/"})
    _wait_caught_up()
    _standby_sql("select pg_wal_replay_pause()")  # from here on the standby lags again
    try:
        make_township(name="暂停后才建的乡", members=1)
        page = client.get("/p/").content.decode()
    finally:
        _standby_sql("select pg_wal_replay_resume()")
    # The replica has the writer's township, so the writer reads there again (and does
    # not see what the primary gained since).
    assert "追上后的乡" in page
    assert "暂停后才建的乡" not in page


def test_pages_that_write_and_every_write_stay_on_the_primary(standby, paused):
    """Staff pages are never routed; a write inside a routed request goes to the primary."""
    router = replica.ReplicaRouter()
    token = replica._use_replica.set(True)
    try:
        assert router.db_for_read(Township) == replica.REPLICA
        assert router.db_for_write(Township) == "default"
        from django.contrib.sessions.models import Session

        assert (
            router.db_for_read(Session) is None
        )  # the session is renewed each request
    finally:
        replica._use_replica.reset(token)
    assert router.db_for_read(Township) is None  # outside a routed request
    assert router.allow_migrate(replica.REPLICA, "committees") is False


def test_a_replica_that_is_down_sends_reads_to_the_primary(standby, settings):
    _reconnect(port=_free_port())  # nothing listens there
    try:
        make_township(name="备库停机时的乡", members=1)
        page = Client().get("/p/")
        assert page.status_code == 200
        assert "备库停机时的乡" in page.content.decode()
    finally:
        _reconnect(port=standby)
