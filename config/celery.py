"""Celery application: broker from REDIS_URL, eager without it (settings CELERY_*)."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.dev")

app = Celery("township")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()

# SEC-1: a task runs with every township on its connection ('*', core.rowsecurity); an
# eager task inside a request gives the request its own set back when it ends.
from celery.signals import task_postrun, task_prerun  # noqa: E402

from core import rowsecurity  # noqa: E402

task_prerun.connect(rowsecurity.task_started, weak=False)
task_postrun.connect(rowsecurity.task_finished, weak=False)
