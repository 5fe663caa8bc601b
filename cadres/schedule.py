"""Celery beat entries of this app (merged into settings.CELERY_BEAT_SCHEDULE).

CELERY_TIMEZONE is Asia/Shanghai, so the hours below are Shanghai time.
"""

from celery.schedules import crontab

BEAT_SCHEDULE: dict = {
    # LRN-3: each morning; the task itself knows which days are reminder days.
    "cadres-study-report-reminders": {
        "task": "cadres.tasks.study_report_reminders",
        "schedule": crontab(hour=8, minute=0),
    },
    # LRN-6: just after midnight, the day after an exam's deadline.
    "cadres-exams-close-due": {
        "task": "cadres.tasks.exams_close_due",
        "schedule": crontab(hour=0, minute=10),
    },
}
