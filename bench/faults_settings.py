"""Settings of the fault runs (bench/worker_kill.py, bench/pg_restart.py): development
settings against the environment's PostgreSQL and Redis, DEBUG off, files on disk, and a
short Redis visibility timeout, so that a message held by a worker killed outright comes
back within seconds instead of the transport's default hour (and its sweep of
about 100 s)."""

from config.env import env_int
from config.settings.dev import *  # noqa: F403
from config.settings.dev import CELERY_BROKER_TRANSPORT_OPTIONS

DEBUG = False
ALLOWED_HOSTS = ["*"]
CELERY_BROKER_TRANSPORT_OPTIONS = {
    **CELERY_BROKER_TRANSPORT_OPTIONS,
    "visibility_timeout": env_int("CELERY_VISIBILITY_TIMEOUT", 20),
    # Look for such messages every 2 s (kombu's default: every 10 x 10 s).
    "unacked_restore_interval": 2,
    "unacked_restore_throttle": 1,
}
