"""Faults survived (issue 16): a Celery worker killed in the middle of a minutes PDF.

    uv run python bench/worker_kill.py \
        --database-url postgres://postgres@127.0.0.1:5432/h6_faults [--redis-port 6385]

A real worker (`celery -A config worker`) against a Redis of its own (started here on
--redis-port, never the shared one) and the given database (created and migrated if
missing). Two runs, each with the minutes of a new meeting locked, so that its PDF task is
queued (DEC-11):

  pool    SIGKILL of the pool process while it renders (what the OOM killer does); the
          worker's main process stays. acks_late + reject_on_worker_lost put the message
          back; a new pool process renders it.
  whole   SIGKILL of the whole worker (main and pool) while it renders (a host or
          container lost); a NEW worker is started. The message, never acknowledged,
          comes back after the Redis visibility timeout (CELERY_VISIBILITY_TIMEOUT, 20 s
          here, looked for every 2 s: bench/faults_settings.py; the transport's
          defaults are one hour and a sweep every ~100 s).

Each reports whether the PDF was still missing when the kill landed, the seconds from the
kill to the stored PDF, the task's runs in the worker logs, the files in the minutes folder
and the history rows "minutes PDF rendered". Exit status 1 unless every run ends with one
file, one history row and the version's PDF set.
"""

from __future__ import annotations

import argparse
import os
import re
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def _sh(*args, **kw):
    return subprocess.run(args, check=True, capture_output=True, text=True, **kw)


def _database(url: str, template: str | None) -> None:
    base, name = url.rsplit("/", 1)
    exists = subprocess.run(
        [
            "psql",
            f"{base}/postgres",
            "-Atqc",
            f"select 1 from pg_database where datname='{name}'",
        ],
        capture_output=True,
        text=True,
    ).stdout.strip()
    if not exists:
        sql = f'create database "{name}"' + (
            f' template "{template}"' if template else ""
        )
        _sh("psql", f"{base}/postgres", "-qc", sql)
    _sh(sys.executable, "manage.py", "migrate", "--noinput", "-v0", cwd=ROOT)


def _redis(port: int) -> bool:
    """Start a throwaway Redis on `port`; True if this run started it."""
    ping = subprocess.run(
        ["redis-cli", "-p", str(port), "ping"], capture_output=True, text=True
    )
    if ping.stdout.strip() == "PONG":
        return False
    _sh(
        "redis-server",
        "--port",
        str(port),
        "--save",
        "",
        "--appendonly",
        "no",
        "--daemonize",
        "yes",
    )
    for _ in range(40):
        ping = subprocess.run(
            ["redis-cli", "-p", str(port), "ping"], capture_output=True, text=True
        )
        if ping.stdout.strip() == "PONG":
            return True
        time.sleep(0.25)
    raise SystemExit(f"redis on {port} did not start")


class Worker:
    def __init__(self, name: str, logdir: Path):
        self.log = logdir / f"worker-{name}.log"
        self.proc = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "celery",
                "-A",
                "config",
                "worker",
                "-Q",
                "pdf",  # the deployment's PDF worker (config/queues.py, docker-compose)
                "--concurrency=1",
                "--loglevel=info",
                "--without-mingle",
                "--without-gossip",
                "-n",
                f"{name}@%h",
            ],
            cwd=ROOT,
            stdout=self.log.open("w"),
            stderr=subprocess.STDOUT,
            start_new_session=True,  # its own process group: killed as one
        )

    def text(self) -> str:
        return self.log.read_text(errors="replace")

    def pool_pids(self) -> list[int]:
        out = subprocess.run(
            ["ps", "--ppid", str(self.proc.pid), "-o", "pid="],
            capture_output=True,
            text=True,
        ).stdout
        return [int(p) for p in out.split()]

    def wait_for(self, pattern: str, timeout: float) -> bool:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if re.search(pattern, self.text()):
                return True
            if self.proc.poll() is not None:
                return False
            time.sleep(0.1)
        return False

    def stop(self):
        if self.proc.poll() is None:
            os.killpg(self.proc.pid, signal.SIGTERM)
            try:
                self.proc.wait(30)
            except subprocess.TimeoutExpired:
                os.killpg(self.proc.pid, signal.SIGKILL)
                self.proc.wait()


def _lock_minutes():
    """A new meeting's minutes locked: its PDF task is published to the broker at commit."""
    from meetings.models import MinutesVersion
    from tests.meetings import factories as f

    _meeting, _item, version = f.decided_and_locked(f.make_town(members=7))
    return MinutesVersion.objects.get(pk=version.pk)


def _result(version, media: Path, killed_at: float, timeout: float) -> dict:
    from meetings.models import MinutesVersion

    deadline = time.monotonic() + timeout
    done_at = None
    while time.monotonic() < deadline:
        fresh = MinutesVersion.objects.get(pk=version.pk)
        if fresh.pdf:
            done_at = time.monotonic()
            break
        time.sleep(0.25)
    folder = media / "meetings" / str(version.township_id) / "minutes"
    files = sorted(p.name for p in folder.glob("*")) if folder.exists() else []
    rows = version.history.filter(history_change_reason="minutes PDF rendered").count()
    return {
        "done": done_at is not None,
        "seconds_to_done": None if done_at is None else round(done_at - killed_at, 1),
        "files": files,
        "history_rows": rows,
    }


def _runs(text: str, task_id: str) -> list[str]:
    """The task's ends in a worker log: "succeeded in 3.2s: True" (stored) or "...: False"
    (found stored), or an error."""
    return re.findall(
        rf"minutes_pdf_render\[{task_id}\] ((?:succeeded|raised)[^\n]*)", text
    )


def _task_id(worker: Worker, timeout: float) -> str | None:
    if not worker.wait_for(r"minutes_pdf_render\[[0-9a-f-]+\] received", timeout):
        return None
    return re.findall(r"minutes_pdf_render\[([0-9a-f-]+)\] received", worker.text())[-1]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument(
        "--database-url", default="postgres://postgres@127.0.0.1:5432/h6_faults"
    )
    parser.add_argument("--template", help="create a missing database from this one")
    parser.add_argument("--redis-port", type=int, default=6385)
    parser.add_argument(
        "--kill-after", type=float, default=1.0, help="seconds after the task starts"
    )
    parser.add_argument("--timeout", type=float, default=240.0)
    args = parser.parse_args()

    work = Path(tempfile.mkdtemp(prefix="worker-kill-"))
    os.environ.update(
        DJANGO_SETTINGS_MODULE="bench.faults_settings",
        DATABASE_URL=args.database_url,
        REDIS_URL=f"redis://127.0.0.1:{args.redis_port}/0",
        MEDIA_ROOT=str(work / "media"),
        INTEGRITY_JOURNAL=str(work / "journal.jsonl"),
    )
    started_redis = _redis(args.redis_port)
    _sh("redis-cli", "-p", str(args.redis_port), "flushdb")
    _database(args.database_url, args.template)

    import django

    django.setup()
    import itertools

    from django.conf import settings

    from tests.meetings import factories

    # The database is kept between runs: this run's township slugs are its own.
    factories._counter = itertools.count(int(time.time()))

    media = Path(settings.MEDIA_ROOT)
    report, ok = [], True
    workers: list[Worker] = []
    try:
        # -- pool: SIGKILL of the pool process that renders ----------------------------
        worker = Worker("pool", work)
        workers.append(worker)
        assert worker.wait_for(r"ready\.", 120), worker.text()
        version = _lock_minutes()
        task_id = _task_id(worker, 60)
        time.sleep(args.kill_after)
        version.refresh_from_db()
        missing = not version.pdf
        pids = worker.pool_pids()
        for pid in pids:
            os.kill(pid, signal.SIGKILL)
        killed_at = time.monotonic()
        result = _result(version, media, killed_at, args.timeout)
        worker.wait_for(rf"minutes_pdf_render\[{task_id}\] succeeded", 10)
        result.update(
            scenario="pool process SIGKILLed",
            pdf_missing_at_kill=missing,
            killed=pids,
            runs=_runs(worker.text(), task_id),
            worker_lost=bool(re.search(r"WorkerLostError|signal 9", worker.text())),
        )
        report.append(result)
        worker.stop()

        # -- whole: SIGKILL of the worker and its pool; a new worker --------------------
        worker = Worker("whole", work)
        workers.append(worker)
        assert worker.wait_for(r"ready\.", 120), worker.text()
        version = _lock_minutes()
        task_id = _task_id(worker, 60)
        time.sleep(args.kill_after)
        version.refresh_from_db()
        missing = not version.pdf
        os.killpg(worker.proc.pid, signal.SIGKILL)
        worker.proc.wait()
        killed_at = time.monotonic()
        first_log = worker.text()
        worker = Worker("new", work)
        workers.append(worker)
        result = _result(version, media, killed_at, args.timeout)
        worker.wait_for(rf"minutes_pdf_render\[{task_id}\] succeeded", 10)
        result.update(
            scenario="whole worker SIGKILLed, a new worker started",
            pdf_missing_at_kill=missing,
            runs=_runs(first_log, task_id) + _runs(worker.text(), task_id),
            visibility_timeout=settings.CELERY_BROKER_TRANSPORT_OPTIONS[
                "visibility_timeout"
            ],
        )
        report.append(result)
    finally:
        for worker in workers:
            worker.stop()
        if started_redis:
            subprocess.run(
                ["redis-cli", "-p", str(args.redis_port), "shutdown", "nosave"],
                capture_output=True,
            )

    for result in report:
        good = (
            result["done"] and len(result["files"]) == 1 and result["history_rows"] == 1
        )
        ok &= good and result["pdf_missing_at_kill"]
        print(("OK  " if good else "FAIL") + f" {result.pop('scenario')}:")
        for key, value in result.items():
            print(f"      {key}: {value}")
    print(f"logs: {work}")
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
