"""Read replicas: read-only pages read from a hot standby, and nobody misses their own write.

With `DATABASE_REPLICA_URL` set, `DATABASES["replica"]` is a streaming-replication standby
of the primary. `ReplicaRouter` sends a read there only when all of these hold:

- the request is a GET or HEAD of a read-only page: the public column, the county's
  dashboards, exports (`settings.REPLICA_READ_NAMESPACES`, `REPLICA_READ_URL_SUFFIXES`);
- no transaction is open on the primary (a read inside a write's transaction stays there;
  the request's own block under ATOMIC_REQUESTS does not count);
- the model is not one the request itself keeps writing (sessions, lockouts, second
  factors: `PRIMARY_ONLY_APPS`);
- the replica has replayed the client's last write (read-your-writes, below) and answers.

Read-your-writes: after a request that may have written (any unsafe method), the response
carries a signed cookie with the primary's WAL position at that moment
(`pg_current_wal_lsn()`, after the commit). Before routing a later read, the middleware
asks the replica for `pg_last_wal_replay_lsn()`; while the replica is behind that
position, the client reads from the primary. A replica that is down or not a standby also
sends reads to the primary. So replica lag can show a villager a notice a second late, but
never shows anyone their own save as lost.

Everything else — all writes, every other page, migrations — is the primary's.
"""

from __future__ import annotations

import contextvars
import logging

from django.conf import settings
from django.db import DatabaseError, connections

logger = logging.getLogger("config.replica")

REPLICA = "replica"
COOKIE = "rw_lsn"
_SALT = "config.replica.lsn"

# Apps whose rows a request writes as it reads (session renewal, lockouts, devices).
PRIMARY_ONLY_APPS = frozenset(
    {"sessions", "axes", "otp_totp", "otp_static", "django_otp", "admin"}
)

_use_replica: contextvars.ContextVar[bool] = contextvars.ContextVar(
    "use_replica", default=False
)


def replica_configured() -> bool:
    return REPLICA in connections.settings


class ReplicaRouter:
    def db_for_read(self, model, **hints):
        if not _use_replica.get() or model._meta.app_label in PRIMARY_ONLY_APPS:
            return None
        primary = connections["default"]
        # ATOMIC_REQUESTS (behind the pooler) wraps every view in one atomic block: only a
        # block opened inside the view means a write's transaction.
        outer = 1 if primary.settings_dict.get("ATOMIC_REQUESTS") else 0
        if len(primary.atomic_blocks) > outer:
            return None
        return REPLICA

    def db_for_write(self, model, **hints):
        return "default"

    def allow_relation(self, obj1, obj2, **hints):
        return True  # the replica holds the same rows as the primary

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        return db == "default"


def _routable(request) -> bool:
    if request.method not in ("GET", "HEAD"):
        return False
    match = getattr(request, "resolver_match", None)
    if match is None:
        return False
    if match.namespace in settings.REPLICA_READ_NAMESPACES:
        return True
    return bool(match.url_name) and match.url_name.endswith(
        tuple(settings.REPLICA_READ_URL_SUFFIXES)
    )


def _replica_caught_up(lsn: str | None) -> bool:
    """The replica answers, is a standby, and has replayed `lsn` (if any)."""
    try:
        with connections[REPLICA].cursor() as cursor:
            if lsn:
                cursor.execute(
                    "select pg_is_in_recovery(), pg_last_wal_replay_lsn() >= %s::pg_lsn",
                    [lsn],
                )
                in_recovery, caught_up = cursor.fetchone()
                return bool(in_recovery and caught_up)
            cursor.execute("select pg_is_in_recovery()")
            return bool(cursor.fetchone()[0])
    except DatabaseError:
        logger.warning("replica unavailable; reading from the primary", exc_info=True)
        connections[REPLICA].close()
        return False


def _primary_lsn() -> str | None:
    if connections["default"].vendor != "postgresql":
        return None
    try:
        with connections["default"].cursor() as cursor:
            cursor.execute("select pg_current_wal_lsn()::text")
            return cursor.fetchone()[0]
    except DatabaseError:
        return None


class ReplicaMiddleware:
    """Decides per request whether reads may go to the replica; stamps writes' positions."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = _use_replica.set(False)
        try:
            response = self.get_response(request)
        finally:
            _use_replica.reset(token)
        if (
            replica_configured()
            and request.method not in ("GET", "HEAD", "OPTIONS", "TRACE")
            and response.status_code < 500
        ):
            lsn = _primary_lsn()
            if lsn:
                response.set_signed_cookie(
                    COOKIE,
                    lsn,
                    salt=_SALT,
                    max_age=settings.REPLICA_PIN_SECONDS,
                    httponly=True,
                    samesite="Lax",
                    secure=request.is_secure(),
                )
        return response

    def process_view(self, request, view_func, view_args, view_kwargs):
        if replica_configured() and _routable(request):
            lsn = request.get_signed_cookie(
                COOKIE, default=None, salt=_SALT, max_age=settings.REPLICA_PIN_SECONDS
            )
            if _replica_caught_up(lsn):
                _use_replica.set(True)
        return None


def reading_from_replica() -> bool:
    return _use_replica.get()
