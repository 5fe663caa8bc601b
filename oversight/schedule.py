"""Celery beat entries of this app (merged into settings.CELERY_BEAT_SCHEDULE)."""

from celery.schedules import crontab

BEAT_SCHEDULE: dict = {
    # PIL-3: every kept figure recomputed and checked against its drill-down each night,
    # before the county's first reader of the day.
    "oversight-figures-nightly": {
        "task": "oversight.tasks.figures_nightly",
        "schedule": crontab(hour=1, minute=30),
    },
}
