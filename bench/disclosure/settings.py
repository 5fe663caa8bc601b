"""Benchmark settings: the production-like base settings (DEBUG off, Redis cache, PostgreSQL,
every middleware), plus one bare view in `bench.disclosure.urls`. Static files are served
unhashed because the benchmark does not run collectstatic."""

from config.settings.base import *  # noqa: F403

ROOT_URLCONF = "bench.disclosure.urls"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
LOGGING["root"] = {"handlers": ["console"], "level": "WARNING"}  # noqa: F405
WHITENOISE_USE_FINDERS = True  # no collectstatic for the benchmark
