"""The demo (`bin/serve`): development settings, served as production serves its pages.

DEBUG is off, so a visitor sees the site's own Chinese error pages (templates/400, 403,
404, 500.html) instead of Django's English debug page listing every URL pattern.
WhiteNoise serves the static files straight from the source folders (no collectstatic,
no manifest). `DEBUG=1 bash bin/serve` turns the debug pages back on.
"""

from config.env import env_bool, env_list

from .dev import *  # noqa: F403
from .dev import STORAGES

DEBUG = env_bool("DEBUG", False)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]"])
# SEC-2: the demo's accounts hold a demo authenticator (committees/demo.py), and the verify
# page shows its current code under a "演示环境" label so that a newcomer can log in.
# Only here: production never sets it.
DEMO = True
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
STORAGES = {
    **STORAGES,
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

# The demo's SQLite is written by two processes at once: the server and the background
# `outbox_flush` that renders the minutes PDFs. WAL lets readers go on while one writes,
# IMMEDIATE takes the write lock at the start of a transaction (no lock upgrade that
# fails at once), and a writer waits up to 30 s instead of 5 for the other to finish.
# Concurrent submits then queue instead of failing with "database is locked" (SEC-3;
# tests/core/test_bad_input_sqlite.py).
SQLITE_OPTIONS = {
    "timeout": 30,
    "transaction_mode": "IMMEDIATE",
    "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":  # noqa: F405
    DATABASES["default"].setdefault("OPTIONS", {}).update(SQLITE_OPTIONS)  # noqa: F405
