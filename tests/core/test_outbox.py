"""Celery after commit, and a save that succeeds when Redis is down (issue 2, item 6)."""

from contextlib import contextmanager

import pytest
from celery import current_app, shared_task
from django.db import transaction
from kombu import pools as kombu_pools

from config import queues
from core import outbox
from core.models import PendingTask

CALLS = []


@shared_task(name="tests.record_call")
def record_call(value):
    CALLS.append(value)


@pytest.fixture(autouse=True)
def _clear():
    CALLS.clear()


@contextmanager
def broker(url):
    """Publish for real to `url` (not eagerly) inside the block."""
    conf = current_app.conf
    saved = (conf.task_always_eager, conf.broker_url)

    def _reset_pools():
        # Drop every cached connection and producer pool (Celery's and kombu's global
        # ones), so the next publish connects to `url` afresh.
        if current_app._pool is not None:
            current_app._pool.force_close_all()
        current_app._pool = None
        current_app.amqp._producer_pool = None
        kombu_pools.reset()

    conf.task_always_eager, conf.broker_url = False, url
    _reset_pools()
    try:
        yield
    finally:
        conf.task_always_eager, conf.broker_url = saved
        _reset_pools()


def test_task_runs_only_after_commit(db, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        outbox.enqueue("tests.record_call", 7)
        assert CALLS == []  # nothing inside the transaction
    assert len(callbacks) == 1
    callbacks[0]()
    assert CALLS == [7]
    assert not PendingTask.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_redis_down_save_succeeds_and_task_is_kept_then_sent(settings):
    """The broker is unreachable: the change commits, the task waits in the outbox, and the
    beat flush sends it once the broker is back."""
    from committees import services

    with broker("redis://127.0.0.1:1/0"):  # nothing listens there
        with transaction.atomic():
            county = services.county_create(actor=None, name="断网县")
            outbox.enqueue("tests.record_call", county.pk)
        assert county.pk is not None  # the save succeeded
        pending = PendingTask.objects.get()
        assert pending.attempts == 1
        assert "Error" in pending.last_error
    # The broker is back (eager here): the flush sends and clears it.
    assert outbox.flush() == 1
    assert CALLS == [county.pk]
    assert not PendingTask.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_real_redis_broker_receives_the_task(settings):
    """With the real Redis of the test run, publishing puts the message on the queue."""
    import redis

    client = redis.Redis.from_url(settings.REDIS_URL)
    queue = queues.queue_for("tests.record_call")  # a task of no kind: the default queue
    assert queue == settings.CELERY_TASK_DEFAULT_QUEUE
    client.delete(queue)
    try:
        with broker(settings.REDIS_URL):
            with transaction.atomic():
                outbox.enqueue("tests.record_call", 99)
        assert client.llen(queue) == 1
        assert not PendingTask.objects.exists()
    finally:
        client.delete(queue)


def test_held_tasks_wait_in_the_outbox_until_the_flush(
    db, django_capture_on_commit_callbacks
):
    """The demo build holds its tasks: nothing is sent at commit; the flush sends them in
    order and reports its progress."""
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        with outbox.held():
            outbox.enqueue("tests.record_call", 1)
            outbox.enqueue("tests.record_call", 2)
        outbox.enqueue("tests.record_call", 3)  # outside the block: sent at commit
    assert len(callbacks) == 1
    assert CALLS == [3]
    assert PendingTask.objects.count() == 2
    seen = []
    assert outbox.flush(progress=lambda done, total, name: seen.append((done, total)))
    assert CALLS == [3, 1, 2]
    assert seen == [(1, 2), (2, 2)]
    assert not PendingTask.objects.exists()


def test_demo_accounts_share_one_password_hash_that_checks(db):
    """The demo hashes its password once (a PBKDF2 hash per account was seconds of the
    build); every account still logs in with it."""
    from committees import demo

    first = demo._user("demo-hash-a")
    second = demo._user("demo-hash-b")
    assert first.password == second.password
    second.refresh_from_db()
    assert second.check_password(demo.DEMO_PASSWORD)
    assert not second.check_password("not-the-demo-password")
