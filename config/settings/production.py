"""Production: HTTPS only, strict cookies and HSTS (SEC-4).

`python manage.py check --deploy --fail-level WARNING` passes with these settings.
"""

import os
import sys
from email.utils import parseaddr
from pathlib import Path

from django.core.exceptions import ImproperlyConfigured

from config.env import env_bool, env_int, env_list, env_str
from core.clientip import ClientAddressHeader

from .base import *  # noqa: F403

DEBUG = False
SECRET_KEY = env_str("SECRET_KEY")  # no default in production
# AUD-2: the key of the seals, its own secret (not derived from SECRET_KEY, which may be
# rotated), at least 32 characters; never stored in the database.
INTEGRITY_KEY = env_str("INTEGRITY_KEY")
if len(INTEGRITY_KEY) < 32:
    raise ImproperlyConfigured("INTEGRITY_KEY must be at least 32 characters long.")
# Persistent connections, checked before each request's first query: after a PostgreSQL
# restart (or failover) a dead connection is replaced instead of failing a request
# (bench/pg_restart.py measures it).
DATABASES["default"]["CONN_MAX_AGE"] = env_int("DB_CONN_MAX_AGE", 60)  # noqa: F405
DATABASES["default"]["CONN_HEALTH_CHECKS"] = env_bool("DB_CONN_HEALTH_CHECKS", True)  # noqa: F405
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# SEC-5: the public feedback form is rate-limited per client address. Behind an HTTPS proxy
# REMOTE_ADDR is the proxy's: set RATELIMIT_IP_META_KEY=HTTP_X_REAL_IP and have the proxy
# overwrite X-Real-IP with the client's address. A request without the header (one that
# did not come through the proxy) is keyed by REMOTE_ADDR, never a 500 (core.clientip).
RATELIMIT_IP_META_KEY = ClientAddressHeader(env_str("RATELIMIT_IP_META_KEY", ""))
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
CSRF_COOKIE_HTTPONLY = True

# Logging (SEC-3): errors with their tracebacks to the console and to a log file, every line
# with the request's id (core.middleware.RequestIdMiddleware, also sent as X-Request-ID), and
# the admins (ADMINS="Name <mail>,other@example.org") e-mailed each server error.
# LOG_FILE set: it must be writable (a deployment error otherwise). Unset: var/log/ beside
# the code when that can be written, else the console only (said once on stderr).
LOG_FILE = env_str("LOG_FILE", "")
if LOG_FILE:
    try:
        Path(LOG_FILE).parent.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise ImproperlyConfigured(f"LOG_FILE {LOG_FILE}: {error}") from error
    if not os.access(Path(LOG_FILE).parent, os.W_OK):
        raise ImproperlyConfigured(f"LOG_FILE {LOG_FILE}: the folder is not writable.")
else:
    _default_log = BASE_DIR / "var" / "log" / "township.log"  # noqa: F405
    try:
        _default_log.parent.mkdir(parents=True, exist_ok=True)
        if os.access(_default_log.parent, os.W_OK):
            LOG_FILE = str(_default_log)
    except OSError:
        pass
    if not LOG_FILE:
        sys.stderr.write(
            "LOG_FILE is not set and var/log/ is not writable: console only\n"
        )
LOG_LEVEL = env_str("LOG_LEVEL", "INFO")
ADMINS = [
    (name or address, address)
    for name, address in map(parseaddr, env_list("ADMINS", []))
    if address
]
SERVER_EMAIL = env_str("SERVER_EMAIL", "township@localhost")
_LOG_HANDLERS = ["console", "file"] if LOG_FILE else ["console"]
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request_id": {"()": "core.middleware.RequestIdFilter"}},
    "formatters": {
        "plain": {
            "format": "%(asctime)s %(levelname)s [%(request_id)s] %(name)s %(message)s"
        }
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": "plain",
            "filters": ["request_id"],
        },
        **(
            {
                "file": {
                    "class": "logging.handlers.WatchedFileHandler",  # logrotate-friendly
                    "filename": LOG_FILE,
                    "formatter": "plain",
                    "filters": ["request_id"],
                    "delay": True,
                }
            }
            if LOG_FILE
            else {}
        ),
        "mail_admins": {
            "class": "django.utils.log.AdminEmailHandler",
            "level": "ERROR",
            "filters": ["request_id"],
        },
    },
    "root": {"handlers": _LOG_HANDLERS, "level": "WARNING"},
    "loggers": {
        # Server errors (with the traceback) and their e-mail to the admins.
        "django.request": {
            "handlers": [*_LOG_HANDLERS, "mail_admins"],
            "level": "WARNING",
            "propagate": False,
        },
        "django.security": {
            "handlers": [*_LOG_HANDLERS, "mail_admins"],
            "level": "WARNING",
            "propagate": False,
        },
        "celery": {"handlers": _LOG_HANDLERS, "level": "WARNING", "propagate": False},
        "security": {"handlers": _LOG_HANDLERS, "level": "INFO", "propagate": False},
        "core": {"handlers": _LOG_HANDLERS, "level": LOG_LEVEL, "propagate": False},
        "axes": {"handlers": _LOG_HANDLERS, "level": "WARNING", "propagate": False},
    },
}

# SEC-1/AUD-1 (docs/DATABASE.md): the app logs in as its own role, which owns no table
# (so it cannot drop the append-only triggers or the township policies); migrate logs in
# as the owner (DATABASE_OWNER_URL). ROW_SECURITY=1 narrows each request to its user's
# townships (on: the whole suite runs that way, config/settings/test.py).
DATABASE_APP_ROLE = env_str("DATABASE_APP_ROLE", "township_app")
ROW_SECURITY = env_bool("ROW_SECURITY", True)
