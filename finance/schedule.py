"""Celery beat entries of this app (merged into settings.CELERY_BEAT_SCHEDULE)."""

from celery.schedules import crontab

BEAT_SCHEDULE: dict = {
    # FIN-2 gaps, FIN-7 comments and findings, FIN-8 filing and publication.
    "finance-statement-period-checks": {
        "task": "finance.tasks.statement_period_checks",
        "schedule": crontab(hour=1, minute=20),
    },
}
