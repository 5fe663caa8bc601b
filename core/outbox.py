"""Enqueue Celery tasks after commit, surviving a broker that is down.

Decision (issue 2, item 6): a transactional outbox. `enqueue()` writes a PendingTask row
inside the caller's transaction; on commit it tries to publish. Success deletes the row;
failure logs it and keeps the row for `outbox_flush`, which beat runs every minute.
"""

import logging

from celery import current_app
from django.db import transaction

from core.models import PendingTask

logger = logging.getLogger("core.outbox")


def enqueue(task_name: str, *args) -> None:
    """Send `task_name(*args)` after the current transaction commits. Args are ids, never models."""
    pending = PendingTask.objects.create(task_name=task_name, args=list(args))
    transaction.on_commit(lambda: publish(pending.pk))


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


def flush(limit: int = 500) -> int:
    """Publish what is waiting; return how many were sent."""
    sent = 0
    for pending_id in PendingTask.objects.values_list("pk", flat=True)[:limit]:
        sent += publish(pending_id)
    return sent


def _eager() -> bool:
    return bool(current_app.conf.task_always_eager)
