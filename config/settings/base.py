"""Settings shared by every environment. Values come from the environment (see .env.example)."""

from datetime import timedelta  # SEC-2 lockout expiry
from importlib import import_module
from pathlib import Path

import dj_database_url
from celery.schedules import crontab
from csp.constants import NONE, SELF
from django.utils.translation import gettext_lazy as _

from config.env import env_bool, env_int, env_list, env_str

BASE_DIR = Path(__file__).resolve().parent.parent.parent

SECRET_KEY = env_str(
    "SECRET_KEY", "dev-only-insecure-key-change-me-in-production-0123456789"
)
DEBUG = env_bool("DEBUG", False)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost"])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "guardian",
    "simple_history",
    "axes",
    # SEC-2: the second factor (TOTP) and its recovery codes.
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "django_htmx",
    "django_filters",
    # Our apps, ground floor first (imports run one way: see README "Layout").
    "core",
    "committees",
    "disclosure",
    "meetings",
    "cadres",
    "finance",
    "projects",
    "oversight",
]

MIDDLEWARE = [
    "core.middleware.RequestIdMiddleware",  # first: every line logged has the id
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "config.replica.ReplicaMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "core.middleware.ChineseFirstLocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "core.middleware.PrivateNoStoreMiddleware",
    # SEC-1: the user's townships on the database connection for the request.
    "core.rowsecurity.TownshipSetMiddleware",
    "django_otp.middleware.OTPMiddleware",
    # SEC-2: a user who needs a second factor gives it before any page.
    "committees.accounts.SecondFactorMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "core.middleware.IdempotentPostMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # AxesMiddleware last, as django-axes asks.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "committees.context_processors.navigation",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
        conn_max_age=env_int("DB_CONN_MAX_AGE", 0),
    )
}
# Scale: behind PgBouncer in transaction pooling (DATABASE_POOLER=transaction), a server
# connection serves another client after every transaction, so nothing may outlive one:
# no server-side cursors, no prepared statements (psycopg prepares after 5 runs), and
# each request runs in one transaction, so that its township set is SET LOCAL to it
# (core.rowsecurity). Advisory locks are transaction-scoped already (core.integrity).
DATABASE_POOLER = env_str("DATABASE_POOLER", "")
if DATABASE_POOLER == "transaction":
    DATABASES["default"]["DISABLE_SERVER_SIDE_CURSORS"] = True
    DATABASES["default"].setdefault("OPTIONS", {})["prepare_threshold"] = None
    DATABASES["default"]["ATOMIC_REQUESTS"] = True
# Scale: a streaming-replication standby for the read-only pages (config/replica.py).
if env_str("DATABASE_REPLICA_URL", ""):
    DATABASES["replica"] = dj_database_url.parse(
        env_str("DATABASE_REPLICA_URL", ""),
        conn_max_age=env_int("DB_CONN_MAX_AGE", 0),
    )
    DATABASES["replica"]["TEST"] = {"MIRROR": "default"}
DATABASE_ROUTERS = ["config.replica.ReplicaRouter"]
REPLICA_READ_NAMESPACES = ["disclosure", "oversight"]
REPLICA_READ_URL_SUFFIXES = ["_xlsx", "_csv", "_export", "xlsx"]
# How long a client's last write pins its reads to the primary at most (the replica
# normally catches up in milliseconds; the cookie only matters while it has not).
REPLICA_PIN_SECONDS = env_int("REPLICA_PIN_SECONDS", 300)
# SEC-1/AUD-1: the database as a backstop (core.rowsecurity, docs/DATABASE.md). On
# PostgreSQL every history table is append-only and every table with a township_id has a
# township policy. DATABASE_APP_ROLE: the role the app acts as (it owns no table); the app
# logs in as it, or SET ROLEs to it on connecting. DATABASE_OWNER_URL: the owner's login,
# for migrate, when the app's is the app role. ROW_SECURITY: narrow each request to its
# user's townships (off: every connection reads every township).
DATABASE_APP_ROLE = env_str("DATABASE_APP_ROLE", "")
DATABASE_OWNER_URL = env_str("DATABASE_OWNER_URL", "")
ROW_SECURITY = env_bool("ROW_SECURITY", False)
ROW_SECURITY_PUBLIC_PREFIXES = ["/p/"]  # the public column reads every township
ROW_SECURITY_ROLES = "committees.access.township_roles"
ROW_SECURITY_UNRESTRICTED = "committees.access.is_auditor"
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Accounts and logins (SEC-2) -------------------------------------------------------
AUTHENTICATION_BACKENDS = [
    # django-axes first: it refuses a locked-out username before any password check.
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
    "guardian.backends.ObjectPermissionBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {
        "NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"
    },
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

# SEC-2 lockouts (committees.accounts.LoginAbuseHandler): an account is locked at one
# address after 5 failures there (not everywhere: an attacker elsewhere cannot lock the real
# user out), and an address is throttled after 20 failures for any usernames (password
# spraying). Both expire LOGIN_LOCKOUT_MINUTES after the last failure; the security admin
# may unlock earlier; the real user passes a lock with a code of their second factor.
AXES_HANDLER = "committees.accounts.LoginAbuseHandler"
AXES_FAILURE_LIMIT = 5
LOGIN_ADDRESS_FAILURE_LIMIT = env_int("LOGIN_ADDRESS_FAILURE_LIMIT", 20)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"], "ip_address"]
AXES_COOLOFF_TIME = timedelta(minutes=env_int("LOGIN_LOCKOUT_MINUTES", 15))
AXES_CLIENT_IP_CALLABLE = "committees.accounts.client_address"
AXES_RESET_ON_SUCCESS = True
# A refused attempt during a lockout does not restart it (SEC-2: "one more an hour" kept
# the secretary out for ever).
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_LOCKOUT_CALLABLE = "committees.accounts.lockout_response"
AXES_ENABLE_ACCESS_FAILURE_LOG = True
# SEC-2 second factor (django-otp): the name authenticator apps show for the account.
OTP_TOTP_ISSUER = env_str("OTP_TOTP_ISSUER", "乡镇党委规范化建设管理系统")

# Idle sessions expire after 30 minutes (SEC-2): every request renews the cookie.
SESSION_COOKIE_AGE = 30 * 60
SESSION_SAVE_EVERY_REQUEST = True
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True

GUARDIAN_RAISE_403 = False
GUARDIAN_RENDER_403 = False
ANONYMOUS_USER_NAME = (
    None  # no guardian anonymous user: the public never holds object permissions
)

# Languages: Chinese first, English second ---------------------------------------------
LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", _("Simplified Chinese")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
USE_I18N = True
TIME_ZONE = "Asia/Shanghai"
USE_TZ = True

# Static files and uploads ---------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(BASE_DIR / "media")))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 12 * 1024 * 1024
UPLOAD_MAX_BYTES = env_int("UPLOAD_MAX_BYTES", 10 * 1024 * 1024)
UPLOAD_ALLOWED_EXTENSIONS = [
    "pdf",
    "doc",
    "docx",
    "xls",
    "xlsx",
    "jpg",
    "jpeg",
    "png",
    "txt",
]

# Security headers (SEC-4) ----------------------------------------------------------------
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "object-src": [NONE],
        "frame-ancestors": [NONE],
        "form-action": [SELF],
        "base-uri": [SELF],
    }
}
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

# Mail ----------------------------------------------------------------------------------
EMAIL_BACKEND = env_str(
    "EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend"
)
EMAIL_HOST = env_str("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "noreply@township.local")

# Celery: Redis from REDIS_URL; without it, tasks run eagerly in the web process -------
REDIS_URL = env_str("REDIS_URL", "")
CELERY_BROKER_URL = REDIS_URL or "memory://"
CELERY_RESULT_BACKEND = None
CELERY_TASK_ALWAYS_EAGER = not REDIS_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TIMEZONE = TIME_ZONE
# A web request never waits on a dead broker: publishing fails fast and the outbox
# (core.outbox) keeps the task to send later.
CELERY_BROKER_CONNECTION_RETRY = False
CELERY_BROKER_CONNECTION_TIMEOUT = 2
# visibility_timeout: a message a lost worker took (acks_late) goes back on the queue after
# 30 minutes, not Redis' default hour; longer than any task runs (the nightly checks).
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "max_retries": 0,
    "socket_connect_timeout": 2,
    "visibility_timeout": 1800,
}
CELERY_TASK_PUBLISH_RETRY = False
# Queues by kind of job (config/queues.py): pdf, notify, checks, default.
CELERY_TASK_DEFAULT_QUEUE = "default"
CELERY_TASK_ROUTES = ("config.queues.route_task",)
CELERY_BEAT_SCHEDULE = {
    "outbox-flush": {"task": "core.tasks.outbox_flush", "schedule": 60.0},
    # AUD-2: every seal checked each night; the result is on the auditor's trail page.
    "integrity-check": {
        "task": "core.tasks.integrity_check",
        "schedule": crontab(hour=2, minute=30),
    },
}
# Each app keeps its own beat entries in <app>/schedule.py (plain data, no Django imports).
for _app in ("meetings", "cadres", "finance", "projects", "disclosure", "oversight"):
    CELERY_BEAT_SCHEDULE.update(import_module(f"{_app}.schedule").BEAT_SCHEDULE)

# AUD-2: each township's chain head is journaled outside the database, in an append-only
# file an SQL user of the app database cannot rewrite (production: its own volume).
# The key of the seals (HMAC-SHA256), from the environment, never in the database; a seal
# refuses to be made without it. Required in production; dev derives one (dev.py).
INTEGRITY_KEY = env_str("INTEGRITY_KEY", "")
# The keyed hash of new seals: "sha256" (HMAC-SHA256) or "sm3" (HMAC-SM3, 国密 GB/T 32905);
# every seal records its own, so both kinds verify after a switch.
INTEGRITY_HASH = env_str("INTEGRITY_HASH", "sha256")
INTEGRITY_JOURNAL = Path(
    env_str("INTEGRITY_JOURNAL", str(BASE_DIR / "var" / "integrity-journal.jsonl"))
)

CACHES = {
    "default": (
        {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
        }
        if REDIS_URL
        else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
    )
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}
    },
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "loggers": {
        "security": {"handlers": ["console"], "level": "INFO"},
        "core": {"handlers": ["console"], "level": "INFO"},
        "axes": {"handlers": ["console"], "level": "WARNING"},
    },
}

# PRJ: the prefix of every project's Open Contracting ID (OCDS 1.1 `ocid`), "ocds-" and the
# publisher's code; register one with the Open Contracting Partnership before publishing.
PROJECTS_OCID_PREFIX = env_str("PROJECTS_OCID_PREFIX", "ocds-cnpilot")
