"""Production settings for the fault runs on a bare host (bench/pg_restart.py): the
deployment's settings, but plain HTTP to gunicorn (no proxy in front) and static files
served without the collectstatic manifest."""

from config.settings.production import *  # noqa: F403
from config.settings.production import STORAGES

SECURE_SSL_REDIRECT = False
STORAGES = {
    **STORAGES,
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = True
