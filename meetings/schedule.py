"""Celery beat entries of this app (merged into settings.CELERY_BEAT_SCHEDULE).

Plain data, no Django imports: crontab-like times are given as seconds or dicts that
config/settings turn into entries as they are.
"""

BEAT_SCHEDULE: dict = {
    # The day before each meeting: checked hourly, sent once per meeting.
    "meetings-remind-day-before": {
        "task": "meetings.tasks.remind_day_before",
        "schedule": 3600.0,
    },
    # Minutes not locked within 7 days: checked every six hours, sent once per meeting.
    "meetings-remind-minutes-unlocked": {
        "task": "meetings.tasks.remind_minutes_unlocked",
        "schedule": 6 * 3600.0,
    },
}
