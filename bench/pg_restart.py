"""Faults survived (issue 16): PostgreSQL restarted under load.

    uv run python bench/pg_restart.py [--copy-from postgres://postgres@127.0.0.1:5432/test_h6]

Everything runs against a throwaway PostgreSQL cluster of its own (initdb in --pgdata, port
--pg-port 5545, run as the postgres user); the machine's PostgreSQL is never touched. For
each configuration of the database connections:

  1. gunicorn (3 sync workers, production settings: bench/faults_production.py) serves an
     open committee meeting (--members 20, --items 10);
  2. load for --duration seconds: wrk on the meeting's live screen (the clerk's session),
     a probe that loads the same screen every 0.1 s (the timeline), and two clients posting
     ballots through the form, each ballot once;
  3. at --restart-at seconds the cluster is stopped (fast: every connection cut), kept down
     --down seconds, and started again; gunicorn is never restarted;
  4. then a quiet restart (no request running): the errors of the next 18 loads.

Reported per configuration: the errors before / during / after the outage (probe and
ballots) and wrk's totals, the seconds from the restart until the screen answered again,
and the ballots: what the clients saw committed (302 with the "recorded" message) against
the rows in the table — a ballot seen committed and missing is lost. Exit status 1 if a
ballot is lost or the production configuration does not recover without a restart.

The configurations: "production" (CONN_MAX_AGE=60, CONN_HEALTH_CHECKS on: the deployment's
settings), "no health checks" (CONN_MAX_AGE=60 only), "no persistent connections"
(CONN_MAX_AGE=0).
"""

from __future__ import annotations

import argparse
import http.client
import itertools
import os
import re
import secrets
import shutil
import subprocess
import sys
import threading
import time
import urllib.parse
from http.cookies import SimpleCookie
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
PG_BIN = Path("/usr/lib/postgresql/15/bin")
DB = "township_restart"
CONFIGS = {
    "production": {"DB_CONN_MAX_AGE": "60", "DB_CONN_HEALTH_CHECKS": "1"},
    "no health checks": {"DB_CONN_MAX_AGE": "60", "DB_CONN_HEALTH_CHECKS": "0"},
    "no persistent connections": {"DB_CONN_MAX_AGE": "0", "DB_CONN_HEALTH_CHECKS": "0"},
}


# -- the throwaway cluster ------------------------------------------------------------


class Cluster:
    def __init__(self, pgdata: Path, port: int):
        self.pgdata, self.port = pgdata, port
        self.url = f"postgres://postgres@127.0.0.1:{port}"

    def _pg(self, *args, check=True):
        return subprocess.run(
            ["runuser", "-u", "postgres", "--", *map(str, args)],
            check=check,
            capture_output=True,
            text=True,
        )

    def init(self):
        if not (self.pgdata / "PG_VERSION").exists():
            self.pgdata.mkdir(parents=True, exist_ok=True)
            shutil.chown(self.pgdata, "postgres", "postgres")
            self._pg(
                PG_BIN / "initdb", "-D", self.pgdata, "-U", "postgres", "-A", "trust"
            )

    def start(self):
        self._pg(
            PG_BIN / "pg_ctl",
            "-D",
            self.pgdata,
            "-w",
            "-l",
            f"{self.pgdata}.log",
            "-o",
            f"-p {self.port} -k /tmp -c listen_addresses=127.0.0.1 -c fsync=on",
            "start",
        )

    def stop(self, mode="fast"):
        self._pg(
            PG_BIN / "pg_ctl", "-D", self.pgdata, "-w", "-m", mode, "stop", check=False
        )

    def psql(self, db, sql):
        return subprocess.run(
            ["psql", f"{self.url}/{db}", "-XAtqc", sql],
            check=True,
            capture_output=True,
            text=True,
        ).stdout


def _prepare_database(cluster: Cluster, copy_from: str | None) -> None:
    cluster.psql("postgres", f'drop database if exists "{DB}" with (force)')
    cluster.psql("postgres", f'create database "{DB}"')
    if copy_from:  # a migrated database's schema and rows (faster than migrating)
        # its roles first (the application's role named in grants and policies)
        roles = subprocess.run(
            ["pg_dumpall", "--roles-only", "--dbname", copy_from],
            capture_output=True,
            text=True,
        ).stdout
        subprocess.run(
            ["psql", f"{cluster.url}/postgres", "-Xq"],
            input=roles,
            capture_output=True,
            text=True,
        )
        dump = subprocess.Popen(
            ["pg_dump", "--no-owner", copy_from], stdout=subprocess.PIPE
        )
        subprocess.run(
            ["psql", f"{cluster.url}/{DB}", "-Xq", "-v", "ON_ERROR_STOP=1"],
            stdin=dump.stdout,
            check=True,
            capture_output=True,
        )
        dump.wait()
    subprocess.run(
        [sys.executable, "manage.py", "migrate", "--noinput", "-v0"],
        cwd=ROOT,
        check=True,
    )


# -- the meeting ------------------------------------------------------------------------


def _meeting(members: int, items: int):
    from django.test import Client
    from django.urls import reverse

    from meetings.models import AgendaItem
    from tests.meetings import factories as f

    f._counter = itertools.count(int(time.time()))
    town = f.make_town(members=members)
    meeting, made = f.open_meeting(town, items=[AgendaItem.Kind.ORDINARY] * items)
    client = Client()
    client.force_login(town.clerk)
    slug = town.township.slug
    return {
        "meeting": meeting,
        "session": client.cookies["sessionid"].value,
        "live": reverse("meetings:live", args=[slug, meeting.pk]),
        "ballots": [
            (
                item.pk,
                voter.pk,
                reverse("meetings:ballot", args=[slug, meeting.pk, item.pk]),
            )
            for item in made
            for voter in town.members
        ],
    }


# -- the clients ------------------------------------------------------------------------


class Clients:
    def __init__(self, port: int, world: dict, stop: threading.Event):
        self.port, self.world, self.stop = port, world, stop
        self.csrf = secrets.token_hex(
            16
        )  # 32 characters: Django accepts the secret itself
        self.cookie = f"sessionid={world['session']}; csrftoken={self.csrf}"
        self.probe: list[tuple[float, str]] = []
        self.posts: list[tuple[float, str, tuple[int, int]]] = []
        self.lock = threading.Lock()

    def _request(self, method, path, body=None):
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=10)
        headers = {"Cookie": self.cookie, "Host": "127.0.0.1"}
        if body is not None:
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        try:
            conn.request(method, path, body=body, headers=headers)
            response = conn.getresponse()
            response.read()
            return response
        finally:
            conn.close()

    def run_probe(self, t0):
        while not self.stop.is_set():
            try:
                status = str(self._request("GET", self.world["live"]).status)
            except OSError as error:
                status = type(error).__name__
            self.probe.append((time.monotonic() - t0, status))
            time.sleep(0.1)

    def run_ballots(self, t0, share):
        from django.contrib.messages import constants
        from django.contrib.messages.storage.cookie import CookieStorage
        from django.http import HttpRequest

        from meetings.models import Ballot

        storage = CookieStorage(HttpRequest())
        for item_pk, voter_pk, url in share:
            if self.stop.is_set():
                break
            body = urllib.parse.urlencode(
                {
                    "voter": voter_pk,
                    "choice": Ballot.Choice.YES,
                    "csrfmiddlewaretoken": self.csrf,
                }
            )
            try:
                response = self._request("POST", url, body)
                outcome = str(response.status)
                if response.status == 302:
                    cookie = SimpleCookie()
                    for header in response.headers.get_all("Set-Cookie") or []:
                        cookie.load(header)
                    found = (
                        storage._decode(cookie["messages"].value)
                        if "messages" in cookie
                        else None
                    )
                    levels = {m.level for m in found or []}
                    outcome = (
                        "committed" if levels == {constants.SUCCESS} else "refused"
                    )
            except OSError as error:
                outcome = type(error).__name__
            with self.lock:
                self.posts.append((time.monotonic() - t0, outcome, (item_pk, voter_pk)))


def _wrk(port, world, seconds) -> dict:
    if not shutil.which("wrk"):
        return {}
    out = subprocess.run(
        [
            "wrk",
            "-t1",
            "-c4",
            f"-d{seconds}s",
            "--timeout",
            "10s",
            "-H",
            f"Cookie: sessionid={world['session']}",
            f"http://127.0.0.1:{port}{world['live']}",
        ],
        capture_output=True,
        text=True,
    ).stdout
    found = {
        "requests": re.search(r"(\d+) requests in", out),
        "non_2xx_3xx": re.search(r"Non-2xx or 3xx responses: (\d+)", out),
        "socket_errors": re.search(r"Socket errors: ([^\n]+)", out),
        "req_per_s": re.search(r"Requests/sec:\s+([\d.]+)", out),
    }
    result = {k: (m.group(1) if m else "0") for k, m in found.items()}
    result["socket_errors"] = (
        result["socket_errors"] if found["socket_errors"] else "none"
    )
    return result


def _burst(clients, n=6) -> list[str]:
    """`n` loads of the screen at once (so that every gunicorn worker takes some)."""
    out: list[str] = []

    def one():
        try:
            out.append(str(clients._request("GET", clients.world["live"]).status))
        except OSError as error:
            out.append(type(error).__name__)

    threads = [threading.Thread(target=one) for _ in range(n)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    return out


def _quiet_restart(clients, cluster) -> str:
    """A restart while no request runs: every worker holds a connection that died. The
    errors among the next 18 loads (3 bursts of 6) are the requests that met a dead
    connection: none with health checks, one per worker without."""
    _burst(clients)
    _burst(clients)  # every worker has its connection
    cluster.stop("fast")
    cluster.start()
    after = [s for _ in range(3) for s in _burst(clients)]
    return f"{sum(s != '200' for s in after)} of {len(after)}"


# -- one run ----------------------------------------------------------------------------


def _run(name, env, cluster, args) -> dict:
    from meetings.models import Ballot

    world = _meeting(args.members, args.items)
    port = args.port
    gunicorn = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "config.wsgi:application",
            "--workers",
            "3",
            "--bind",
            f"127.0.0.1:{port}",
            "--timeout",
            "30",
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        env={**os.environ, **env},
        stdout=subprocess.DEVNULL,
        stderr=open(args.work / f"gunicorn-{name}.log", "w"),
        start_new_session=True,
    )
    try:
        clients = Clients(port, world, threading.Event())
        for _ in range(200):  # up and serving the screen
            try:
                if clients._request("GET", world["live"]).status == 200:
                    break
            except OSError:
                pass
            time.sleep(0.25)
        else:
            raise SystemExit(f"gunicorn did not serve {world['live']}")
        t0 = time.monotonic()
        threads = [threading.Thread(target=clients.run_probe, args=(t0,))]
        ballots = world["ballots"]
        threads += [
            threading.Thread(target=clients.run_ballots, args=(t0, ballots[i::2]))
            for i in range(2)
        ]
        wrk_result = {}
        wrk = threading.Thread(
            target=lambda: wrk_result.update(_wrk(port, world, int(args.duration)))
        )
        for thread in [*threads, wrk]:
            thread.start()
        time.sleep(args.restart_at)
        down_at = time.monotonic() - t0
        cluster.stop("fast")
        time.sleep(args.down)
        cluster.start()
        up_at = time.monotonic() - t0
        time.sleep(max(0.0, args.duration - up_at))
        clients.stop.set()
        for thread in [*threads, wrk]:
            thread.join(60)
        quiet = _quiet_restart(clients, cluster)
    finally:
        os.killpg(gunicorn.pid, 15)
        gunicorn.wait(30)

    from django.db import connection

    connection.close()  # the script's own connection died with the restart

    def phase(t):
        return "before" if t < down_at else "during" if t < up_at else "after"

    errors = {p: {"probe": 0, "ballots": 0} for p in ("before", "during", "after")}
    for t, status in clients.probe:
        if status != "200":
            errors[phase(t)]["probe"] += 1
    for t, outcome, _key in clients.posts:
        if outcome not in ("committed", "refused"):
            errors[phase(t)]["ballots"] += 1
    answered = [t for t, status in clients.probe if t >= up_at and status == "200"]
    recovered = round(answered[0] - up_at, 2) if answered else None
    after_recovery = sum(
        1 for t, s in clients.probe if answered and t > answered[0] and s != "200"
    ) + sum(
        1
        for t, o, _k in clients.posts
        if answered and t > answered[0] + 10 and o not in ("committed", "refused")
    )
    seen = {key for _t, outcome, key in clients.posts if outcome == "committed"}
    rows = set(
        Ballot.objects.filter(item__meeting=world["meeting"]).values_list(
            "item_id", "voter_id"
        )
    )
    outcomes: dict[str, int] = {}
    for _t, outcome, _key in clients.posts:
        outcomes[outcome] = outcomes.get(outcome, 0) + 1
    return {
        "config": name,
        "env": env,
        "down_s": round(up_at - down_at, 2),
        "recovered_s_after_start": recovered,
        "errors": errors,
        "errors_after_recovery": after_recovery,
        "probe_requests": len(clients.probe),
        "ballot_posts": outcomes,
        "ballots_seen_committed": len(seen),
        "ballot_rows": len(rows),
        "ballots_lost": len(seen - rows),
        "rows_not_seen_committed": len(rows - seen),
        "wrk": wrk_result,
        "quiet_restart_errors": quiet,
        "load_average": os.getloadavg(),
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--pgdata", type=Path, default=Path("/tmp/h6-pg-restart"))
    parser.add_argument("--pg-port", type=int, default=5545)
    parser.add_argument("--port", type=int, default=8606, help="gunicorn's port")
    parser.add_argument(
        "--copy-from", help="a migrated database to copy (else migrate)"
    )
    parser.add_argument("--members", type=int, default=20)
    parser.add_argument("--items", type=int, default=10)
    parser.add_argument("--duration", type=float, default=40.0)
    parser.add_argument("--restart-at", type=float, default=15.0)
    parser.add_argument("--down", type=float, default=3.0)
    parser.add_argument("--configs", default=",".join(CONFIGS))
    args = parser.parse_args()
    args.work = Path("/tmp") / "h6-pg-restart-logs"
    args.work.mkdir(exist_ok=True)

    cluster = Cluster(args.pgdata, args.pg_port)
    cluster.init()
    cluster.stop("immediate")  # a cluster left running by an interrupted run
    cluster.start()
    os.environ.update(
        DJANGO_SETTINGS_MODULE="bench.faults_production",
        DATABASE_URL=f"{cluster.url}/{DB}",
        SECRET_KEY="pg-restart-bench-" + secrets.token_hex(16),
        INTEGRITY_KEY="pg-restart-bench-integrity-key-" + secrets.token_hex(16),
        INTEGRITY_JOURNAL=str(args.work / "journal.jsonl"),
        LOG_FILE=str(args.work / "township.log"),
    )
    os.environ.pop("REDIS_URL", None)  # tasks run eagerly; the cache is the process's
    results = []
    try:
        _prepare_database(cluster, args.copy_from)
        import django

        django.setup()
        from django.db import connection

        for name in args.configs.split(","):
            results.append(_run(name, CONFIGS[name], cluster, args))
            connection.close()
    finally:
        cluster.stop("fast")

    ok = True
    for result in results:
        name = result.pop("config")
        print(f"== {name}: {result.pop('env')}")
        for key, value in result.items():
            print(f"   {key}: {value}")
        ok &= result["ballots_lost"] == 0
        if name == "production":  # recovers by itself, and stays recovered
            ok &= result["recovered_s_after_start"] is not None
            ok &= result["errors_after_recovery"] == 0
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
