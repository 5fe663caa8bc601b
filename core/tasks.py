from celery import shared_task

from core import outbox


@shared_task(name="core.tasks.outbox_flush")
def outbox_flush() -> int:
    return outbox.flush()


@shared_task(name="core.tasks.integrity_check")
def integrity_check() -> int:
    """AUD-2, daily: check every seal; breaches are kept and logged. Returns their count."""
    from core import integrity

    return len(integrity.check_and_record().breaches)
