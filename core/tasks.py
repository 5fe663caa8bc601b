from celery import shared_task

from core import outbox


@shared_task(name="core.tasks.outbox_flush")
def outbox_flush() -> int:
    return outbox.flush()
