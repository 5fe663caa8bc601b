"""Test settings: only overrides. DATABASE_URL and REDIS_URL come from bin/test (PostgreSQL, Redis)."""

import os
import tempfile
from pathlib import Path

from config.env import env_bool, env_str

from .base import *  # noqa: F403

DEBUG = False
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
# live_server pages must be styled: no manifest in tests.
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
# Tasks run inline in tests unless a test sends them through the real broker on purpose.
CELERY_TASK_ALWAYS_EAGER = True
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
# AUD-2: a fixed key for the seals (a test key, never a deployment's) and never the
# project's journal; each test gets its own (tests/conftest.py).
INTEGRITY_KEY = "test-only-integrity-key-0123456789abcdef0123456789abcdef"
INTEGRITY_JOURNAL = (
    Path(tempfile.mkdtemp(prefix="integrity-journal-")) / "journal.jsonl"
)

# pytest-xdist (bin/test runs two workers): each worker has its own test database
# (pytest-django adds the worker's suffix), its own cache keys (rate limits, cached column
# pages) and its own journal directory, so the two never see each other's state.
_WORKER = os.environ.get("PYTEST_XDIST_WORKER", "")
if _WORKER and CACHES["default"]["BACKEND"].endswith("RedisCache"):  # noqa: F405
    CACHES["default"]["KEY_PREFIX"] = f"test-{_WORKER}"  # noqa: F405

# SEC-1/AUD-1 (core.rowsecurity, docs/DATABASE.md): the whole suite runs as the app role
# (it owns no table: pytest-django connects as postgres and every connection SET ROLEs to
# it), each request narrowed to its user's townships by row-level security, the history
# tables append-only. ROW_SECURITY=0 DATABASE_APP_ROLE= runs it as postgres instead.
DATABASE_APP_ROLE = env_str("DATABASE_APP_ROLE", "township_app")
ROW_SECURITY = env_bool("ROW_SECURITY", True)

# SEC-3: a test posts the same form twice on purpose (a second ballot refused, a repeated
# request that must be answered by the service): the double-submit guard
# (core.middleware.IdempotentPostMiddleware) is off here; its own tests turn it on.
IDEMPOTENT_POST_SECONDS = 0
