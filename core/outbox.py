"""Enqueue Celery tasks after commit, surviving a broker that is down.

Decision (issue 2, item 6): a transactional outbox. `enqueue()` writes a PendingTask row
inside the caller's transaction; on commit it tries to publish. Success deletes the row;
failure logs it and keeps the row for `outbox_flush`, which beat runs every minute.
"""

import logging
import threading
from contextlib import contextmanager

from celery import current_app
from django.db import transaction

from core.models import PendingTask

logger = logging.getLogger("core.outbox")
_state = threading.local()


def enqueue(task_name: str, *args) -> None:
    """Send `task_name(*args)` after the current transaction commits. Args are ids, never models."""
    pending = PendingTask.objects.create(task_name=task_name, args=list(args))
    if not getattr(_state, "held", False):
        transaction.on_commit(lambda: publish(pending.pk))


@contextmanager
def held():
    """Inside the block, tasks are written to the outbox but not sent at commit.

    They wait for `flush()` (beat's outbox_flush, or `manage.py outbox_flush`). The demo
    build holds its tasks so that the data is ready at once and its minutes PDFs (seconds
    each) are rendered afterwards, while the server already answers.
    """
    before = getattr(_state, "held", False)
    _state.held = True
    try:
        yield
    finally:
        _state.held = before


def publish(pending_id: int) -> bool:
    pending = PendingTask.objects.filter(pk=pending_id).first()
    if pending is None:
        return True  # already sent by another flush
    try:
        current_app.send_task(
            pending.task_name, args=pending.args
        ) if not _eager() else (
            current_app.tasks[pending.task_name].apply(args=pending.args, throw=True)
        )
    except Exception as exc:  # broker down, or an eager task failed: keep it for later
        pending.attempts += 1
        pending.last_error = f"{type(exc).__name__}: {exc}"[:2000]
        pending.save(update_fields=["attempts", "last_error"])
        logger.warning(
            "task %s kept in the outbox: %s", pending.task_name, pending.last_error
        )
        return False
    pending.delete()
    return True


def flush(limit: int = 500, progress=None) -> int:
    """Publish what is waiting; return how many were sent.

    `progress(done, total, task_name)`, if given, is called after each task."""
    sent = 0
    waiting = list(
        PendingTask.objects.order_by("pk").values_list("pk", "task_name")[:limit]
    )
    for done, (pending_id, task_name) in enumerate(waiting, start=1):
        sent += publish(pending_id)
        if progress is not None:
            progress(done, len(waiting), task_name)
    return sent


def _eager() -> bool:
    return bool(current_app.conf.task_always_eager)
