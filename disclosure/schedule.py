"""Celery beat entries of this app (merged into settings.CELERY_BEAT_SCHEDULE)."""

from celery.schedules import crontab

BEAT_SCHEDULE: dict = {
    # AUD-2: each township's seal chain at the end of yesterday, printed on its column.
    "disclosure-anchor-townships": {
        "task": "disclosure.tasks.anchor_townships",
        "schedule": crontab(hour=0, minute=5),
    },
}
