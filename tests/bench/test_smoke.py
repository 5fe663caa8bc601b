"""The page benchmark's smoke run (issue 17, "The benchmark"): `bench.run --smoke` seeds the
demo's first township and a small meeting, serves them with gunicorn on loopback and puts
each page under wrk for a second. Not a speed test: every page must answer 200, to its
persona, with no error."""

import json
import socket
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection

pytestmark = pytest.mark.django_db(transaction=True)

ROOT = Path(__file__).resolve().parents[2]
PAGES = {
    "secretary's home",
    "meeting list",
    "study grid",
    "my study",
    "appointment case",
    "finance home",
    "budget",
    "ledger",
    "quarterly report",
    "project list",
    "project",
    "county dashboard",
    "public column (cached)",
    "public item (cached)",
}


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_bench_smoke_every_page_answers_200_without_errors(tmp_path):
    db = connection.settings_dict
    database_url = (
        f"postgres://{db['USER'] or 'postgres'}@{db['HOST'] or '127.0.0.1'}:"
        f"{db['PORT'] or 5432}/{db['NAME']}"
    )
    out = tmp_path / "smoke.json"
    env = {
        "BENCH_DATABASE_URL": database_url,  # the test database, migrated already
        "BENCH_REDIS_URL": settings.REDIS_URL or "redis://127.0.0.1:6379/0",
        "PATH": "/usr/local/bin:/usr/bin:/bin",
        "HOME": str(tmp_path),
        # AUD-2: the seeds' seals journaled beside this run, not in the project's var/.
        "INTEGRITY_JOURNAL": str(tmp_path / "journal.jsonl"),
    }
    done = subprocess.run(
        [sys.executable, "-m", "bench.run", "--smoke", "--no-migrate"]
        + ["--port", str(_free_port()), "--json", str(out)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    rows = json.loads(out.read_text())["rows"]
    names = {row["name"] for row in rows}
    assert PAGES <= names, PAGES - names
    assert any(name.startswith("meeting screen") for name in names)
    assert any(name.startswith("meeting detail") for name in names)
    for row in rows:
        assert row["errors"] == 0, row
        assert row["requests"] >= 1, row  # wrk saw at least one answer (all 200)
