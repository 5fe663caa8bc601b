"""Local development: the embedded default (SQLite, eager Celery) unless the environment says otherwise."""

import hashlib

from config.env import env_bool

from .base import *  # noqa: F403
from .base import INTEGRITY_KEY, SECRET_KEY

DEBUG = env_bool("DEBUG", True)
# AUD-2: a development machine may go without INTEGRITY_KEY: one is derived from the
# SECRET_KEY (itself a development default), so seals made here verify here. Production
# requires its own key (production.py).
INTEGRITY_KEY = (
    INTEGRITY_KEY or hashlib.sha256(f"integrity-seal:{SECRET_KEY}".encode()).hexdigest()
)
