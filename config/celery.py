"""Celery application: broker from REDIS_URL, eager without it (settings CELERY_*)."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.dev")

app = Celery("township")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
