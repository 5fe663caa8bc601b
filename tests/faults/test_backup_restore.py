"""Issue 16, "Faults survived": a backup restores (deploy/backup.sh, deploy/restore_check.sh).

pg_dump -Fc of a small database with sealed records (AUD-2), pg_restore into a new
database, every table's row count equal to the count taken in the dump's snapshot, and the
integrity check passing on the restored copy against the journal kept with the backup.
"""

import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection

from core.models import Seal
from tests.meetings import factories as f

ROOT = Path(__file__).resolve().parents[2]

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        not (shutil.which("pg_dump") and shutil.which("pg_restore")),
        reason="needs PostgreSQL's client tools",
    ),
]


def _url() -> str:
    s = connection.settings_dict
    if connection.vendor != "postgresql":
        pytest.skip("backup and restore are PostgreSQL's")
    auth = s["USER"] + (f":{s['PASSWORD']}" if s["PASSWORD"] else "")
    return (
        f"postgres://{auth}@{s['HOST'] or '127.0.0.1'}:{s['PORT'] or 5432}/{s['NAME']}"
    )


def _env(**extra) -> dict:
    env = {k: v for k, v in os.environ.items() if not k.startswith("PYTEST")}
    env.update(
        DATABASE_URL=_url(),
        INTEGRITY_JOURNAL=str(settings.INTEGRITY_JOURNAL),
        # The restored copy is checked as a deployment would: production settings.
        DJANGO_SETTINGS_MODULE="config.settings.production",
        SECRET_KEY="restore-check-test-secret-key-not-a-deployment-one",
        INTEGRITY_KEY=settings.INTEGRITY_KEY,
        LOG_FILE=str(Path(settings.INTEGRITY_JOURNAL).parent / "township.log"),
        PYTHON="uv run --no-sync python" if shutil.which("uv") else "python",
        **extra,
    )
    env.pop("REDIS_URL", None)  # the check needs no broker
    return env


def _run(*args, env):
    return subprocess.run(
        ["bash", *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )


def _backup(tmp_path) -> Path:
    f.decided_and_locked(f.make_town(members=5))
    assert Seal.objects.count() >= 2 and Path(settings.INTEGRITY_JOURNAL).exists()
    done = _run("deploy/backup.sh", str(tmp_path / "backups"), env=_env())
    assert done.returncode == 0, done.stderr
    return Path(done.stdout.strip().splitlines()[-1])


def test_backup_restores_with_equal_row_counts_and_a_passing_integrity_check(tmp_path):
    """Faults survived / AUD-2: backup, restore into a new database, counts equal, the
    integrity check passes on the copy; the source database and its journal are left as
    they were; a damaged backup is refused (exit 2)."""
    backup = _backup(tmp_path)
    counts = dict(
        line.split("\t") for line in (backup / "counts.tsv").read_text().splitlines()
    )
    assert int(counts["core_seal"]) == Seal.objects.count()
    assert int(counts["meetings_ballot"]) == 5
    journal_before = Path(settings.INTEGRITY_JOURNAL).read_text()

    done = _run("deploy/restore_check.sh", str(backup), env=_env())
    assert done.returncode == 0, done.stdout + done.stderr
    assert "every count equal" in done.stdout
    # Every seal was checked on the copy (row-level security hid none of them).
    checked = re.search(r"核验 (\d+) 个封记.*发现 (\d+) 处问题", done.stdout)
    assert checked, done.stdout
    assert checked.groups() == (str(Seal.objects.count()), "0")
    assert done.stdout.rstrip().endswith("restore_check: OK")
    # The live journal is not written by the check of the copy; the copy is dropped.
    assert Path(settings.INTEGRITY_JOURNAL).read_text() == journal_before
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM pg_database WHERE datname LIKE %s",
            [connection.settings_dict["NAME"] + "_restore_%"],
        )
        assert cursor.fetchone()[0] == 0

    # One byte of the dump changed: the checksums refuse it before anything is restored.
    dump = backup / "db.dump"
    data = bytearray(dump.read_bytes())
    data[len(data) // 2] ^= 0xFF
    dump.write_bytes(bytes(data))
    done = _run("deploy/restore_check.sh", str(backup), env=_env())
    assert done.returncode == 2
    assert "checksums do not match" in done.stderr
