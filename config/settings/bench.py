"""The page benchmark (`uv run python -m bench.run`): production-like settings on loopback.

DEBUG off, PostgreSQL with persistent connections, the Redis cache, every middleware and
context processor of the base settings, plus one bare view (`bench.disclosure.urls`) that
every page is compared with. What production adds on top — HTTPS redirects, secure cookies,
HSTS — needs TLS, which a loopback benchmark does not have; it changes no page's work.
Static files are served unhashed because the benchmark does not run collectstatic.
"""

from config.env import env_int, env_str

from .base import *  # noqa: F403
from .base import DATABASES, LOGGING

DEBUG = False
ROOT_URLCONF = "bench.disclosure.urls"
ALLOWED_HOSTS = ["127.0.0.1", "localhost"]
DATABASES["default"]["CONN_MAX_AGE"] = env_int("DB_CONN_MAX_AGE", 600)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = True
LOGGING["root"] = {"handlers": ["console"], "level": "WARNING"}
# A benchmark-only key for the seals its seed makes (never a deployment's key).
INTEGRITY_KEY = env_str(
    "INTEGRITY_KEY", "bench-only-integrity-key-0123456789abcdef0123456789abcdef"
)
# AUD-2: each benchmark database its own journal, beside the development one (/var/ is
# ignored by git).
INTEGRITY_JOURNAL = env_str(
    "INTEGRITY_JOURNAL",
    str(BASE_DIR / "var" / f"bench-{DATABASES['default']['NAME']}-journal.jsonl"),  # noqa: F405
)
# Its own cache keys: the benchmark may share a Redis database with a test run.
CACHES["default"]["KEY_PREFIX"] = "bench"  # noqa: F405
# What-if runs only (`BENCH_SESSION_ENGINE=django.contrib.sessions.backends.cache`): the
# default is the base settings' engine, as deployed; bench/RESULTS.md names the one used.
SESSION_ENGINE = env_str(
    "BENCH_SESSION_ENGINE",
    globals().get("SESSION_ENGINE", "django.contrib.sessions.backends.db"),
)
