"""Issue 16, "Faults survived": a Celery worker killed in the middle of a minutes PDF.

The real-worker run (a worker SIGKILLed while rendering, a new one picks the task up) is
bench/worker_kill.py (too slow for the suite); here, the properties it relies on: the task
is acknowledged late and requeued when its worker is lost, and the store makes one file
however many runs reach it (DEC-11: the PDF of locked minutes is stored once).
"""

import io
import threading

import pytest
from django.db import connection

from meetings import services
from meetings.models import MinutesVersion
from meetings.tasks import minutes_pdf_render
from tests.meetings import factories as f


@pytest.fixture
def fake_render(monkeypatch):
    """The PDF's bytes without WeasyPrint (seconds each): what is tested is the store."""
    calls = []

    def render(template, context):
        calls.append(template)
        return b"%%PDF-1.7 run %d" % len(calls)

    monkeypatch.setattr("core.pdf.render_pdf", render)
    return calls


def _locked_version():
    with pytest.MonkeyPatch.context() as mp:  # the lock's task is run by hand below
        mp.setattr("meetings.services.minutes.enqueue", lambda *args: None)
        _meeting, _item, version = f.decided_and_locked(f.make_town(members=5))
    return MinutesVersion.objects.get(pk=version.pk)


def _files(version):
    storage = version.pdf.storage
    folder = f"meetings/{version.township_id}/minutes"
    return sorted(storage.listdir(folder)[1]) if storage.exists(folder) else []


def _rendered_rows(version):
    return version.history.filter(history_change_reason="minutes PDF rendered").count()


def test_dec11_the_pdf_task_is_acknowledged_late_and_requeued_when_its_worker_dies():
    """Faults survived: acks_late + reject_on_worker_lost, so a SIGKILLed pool process
    gives the message back to the queue instead of acknowledging it as failed."""
    assert minutes_pdf_render.acks_late is True
    assert minutes_pdf_render.reject_on_worker_lost is True


@pytest.mark.django_db
def test_dec11_a_redelivered_pdf_task_stores_nothing_twice(fake_render):
    """Faults survived: the task run again (a redelivery) renders and stores nothing."""
    version = _locked_version()
    assert minutes_pdf_render.apply(args=[version.pk]).get() is True
    assert minutes_pdf_render.apply(args=[version.pk]).get() is False
    version.refresh_from_db()
    assert version.pdf and len(fake_render) == 1
    assert _files(version) == [version.pdf.name.rsplit("/", 1)[1]]
    assert _rendered_rows(version) == 1


@pytest.mark.django_db
def test_dec11_a_file_left_by_a_run_killed_before_its_commit_is_replaced(fake_render):
    """Faults survived: a run died after writing the file, before committing its record;
    the next run keeps one file, under the version's own name, with its bytes."""
    version = _locked_version()
    name = f"meetings/{version.township_id}/minutes/minutes-{version.minutes.meeting_id}-v{version.number}.pdf"
    version.pdf.storage.save(name, io.BytesIO(b"%PDF half"))
    assert services.minutes_pdf_store(version_id=version.pk) is True
    version.refresh_from_db()
    assert version.pdf.name == name
    assert _files(version) == [name.rsplit("/", 1)[1]]
    with version.pdf.open("rb") as stored:
        assert stored.read() == b"%PDF-1.7 run 1"


@pytest.mark.django_db(transaction=True)
def test_dec11_two_runs_rendering_at_once_store_one_pdf(monkeypatch):
    """Faults survived: a message redelivered while its first run still renders: both
    render, one stores, the other finds it stored; one file, one history row."""
    version = _locked_version()
    barrier = threading.Barrier(2)

    def render(template, context):
        barrier.wait(10)  # both runs are rendering before either stores
        return b"%PDF"

    monkeypatch.setattr("core.pdf.render_pdf", render)
    results = []

    def run():
        try:
            results.append(services.minutes_pdf_store(version_id=version.pk))
        finally:
            connection.close()

    threads = [threading.Thread(target=run) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    assert sorted(results) == [False, True]
    version.refresh_from_db()
    assert len(_files(version)) == 1 and _rendered_rows(version) == 1
