"""The database as a backstop (SEC-1, AUD-1): what holds even when application code forgets.

Three things, all plain SQL that `install()` puts in place after every `migrate` (a
`post_migrate` handler: it walks the app registry and the catalogue, so an app added later
is covered without a migration of its own; every statement is idempotent and only what is
missing is created). See docs/DATABASE.md.

- **Append-only history** (AUD-1): every django-simple-history table and core's `Seal` and
  `IntegrityCheck` carry the trigger `core_append_only`, refusing UPDATE, DELETE and
  TRUNCATE. Only the tables' owner may lift it, and only on purpose, for one block:
  `as_owner(maintenance=True)` (tests that simulate tampering; the owner is the only one).
- **Two roles**: migrations run as the owner; the application acts as
  `settings.DATABASE_APP_ROLE`, which owns no table (so it can neither drop nor disable a
  trigger, nor a policy), may SELECT/INSERT/UPDATE/DELETE business tables and only
  SELECT/INSERT the append-only ones. In production the app logs in as that role; in tests
  (and wherever the connection's user is a member of it) every connection `SET ROLE`s.
- **Row-level security** (SEC-1) on every table with a `township_id` column (governed rows,
  their history, the seals): ENABLE + FORCE, one policy `core_township` reading the
  connection's setting `app.townships` — '1,4' (those townships), '*' (unrestricted) or
  empty/unset (nothing). `TownshipSetMiddleware` puts the request user's townships there and
  takes them off at the end of the request; a Celery task runs with '*'.

Who gets which set (`townships_for_request`): a township role or a county reviewed gives
those townships; the auditor (reads the whole trail) and a superuser '*'; the system admin
and the security admin, who keep accounts and logins, no township (''); the public column
(`settings.ROW_SECURITY_PUBLIC_PREFIXES`, '/p/') and anonymous visitors '*': the column
reads every township's published items, and its views filter what is published.
Outside a request (management commands, the shell, a task) a connection starts with '*'.

The setting is session state (`set_config(..., false)`), reset at the end of each request,
so persistent connections carry nothing over. Behind PgBouncer in transaction pooling
(`DATABASE_POOLER=transaction`) no session state may outlive a transaction: the app logs
in as its role (no SET ROLE) and every transaction gets the set with SET LOCAL
(`_local_set`, a cursor execute-wrapper); see docs/DATABASE.md.
"""

from __future__ import annotations

import contextvars
import logging
from contextlib import contextmanager

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, DatabaseError, connections
from django.http import FileResponse
from django.utils.module_loading import import_string

logger = logging.getLogger("security")

ALL = "*"
NONE = ""
SETTING = "app.townships"
MAINTENANCE = "app.history_maintenance"
TRIGGER = "core_append_only"
POLICY = "core_township"
NO_DB_ALIAS = "__no_db__"
_APPLIED = "_core_township_set"  # the value last put on a connection

# The township set of the request (or task) running in this context.
_current: contextvars.ContextVar[str] = contextvars.ContextVar(
    "core_township_set", default=ALL
)
# Inside as_owner(): connections act as the owner, with or without the maintenance switch.
_owner: contextvars.ContextVar[str | None] = contextvars.ContextVar(
    "core_owner_mode", default=None
)


def enabled() -> bool:
    return bool(getattr(settings, "ROW_SECURITY", False))


def app_role() -> str:
    return getattr(settings, "DATABASE_APP_ROLE", "") or ""


def _postgres(connection) -> bool:
    return connection.vendor == "postgresql" and connection.alias != NO_DB_ALIAS


# -- the connection's role and township set ---------------------------------------------


def pooled() -> bool:
    """Behind PgBouncer in transaction pooling (DATABASE_POOLER=transaction): no session
    state may outlive a transaction, so the township set is SET LOCAL in each one."""
    return getattr(settings, "DATABASE_POOLER", "") == "transaction"


def _configure(connection) -> None:
    """Put role, township set and maintenance switch on a connection, in one statement."""
    if connection.execute_wrappers.count(_local_set) == 0:
        connection.execute_wrappers.append(_local_set)
    owner = _owner.get()
    townships = ALL if owner is not None else _current.get()
    role = app_role()
    if pooled() and owner is None:
        # Session state would reach the pooler's next client: the app logs in as its
        # role (no SET ROLE) and each transaction gets its set (_local_set).
        setattr(connection, _APPLIED, None)
        return
    with connection.cursor() as cursor:
        if owner is not None:
            # RESET ROLE: back to the user who logged in (the owner, in tests postgres).
            cursor.execute(
                "SELECT set_config('role', 'none', false),"
                " set_config(%s, %s, false), set_config(%s, %s, false)",
                [SETTING, townships, MAINTENANCE, owner],
            )
        elif role:
            # SET ROLE when the role exists and the login user is not it already.
            cursor.execute(
                "SELECT set_config(%s, %s, false), set_config(%s, '', false),"
                " (SELECT set_config('role', rolname::text, false) FROM pg_roles"
                "  WHERE rolname = %s AND rolname <> session_user)",
                [SETTING, townships, MAINTENANCE, role],
            )
        else:
            cursor.execute(
                "SELECT set_config(%s, %s, false), set_config(%s, '', false)",
                [SETTING, townships, MAINTENANCE],
            )
    setattr(connection, _APPLIED, townships)


def _local_set(execute, sql, params, many, context):
    """Transaction pooling: the set of this context SET LOCAL in the statement's own
    transaction — before its first statement (and again when the set changes in it, an
    eager task's '*'); a statement outside a transaction gets one of its own."""
    if not pooled() or _owner.get() is not None:
        return execute(sql, params, many, context)
    from psycopg.pq import TransactionStatus

    connection = context["connection"]
    townships = _current.get()
    raw = connection.connection
    statement = "SELECT set_config(%s, %s, true)"
    if connection.in_atomic_block:
        fresh = raw.info.transaction_status == TransactionStatus.IDLE
        if fresh or getattr(connection, "_core_local_set", None) != townships:
            raw.execute(statement, [SETTING, townships])  # begins the transaction
            connection._core_local_set = townships
        return execute(sql, params, many, context)
    with raw.transaction():
        raw.execute(statement, [SETTING, townships])
        return execute(sql, params, many, context)


def on_connection_created(sender, connection, **kwargs) -> None:
    if _postgres(connection):
        _configure(connection)


def apply(townships: str) -> None:
    """Make `townships` the set of this context and of every open connection."""
    _current.set(townships)
    if not enabled() or _owner.get() is not None or pooled():
        return  # pooled: _local_set puts it in each transaction
    for connection in connections.all(initialized_only=True):
        if not _postgres(connection) or connection.connection is None:
            continue  # a connection opened later gets it from on_connection_created
        if getattr(connection, _APPLIED, None) == townships:
            continue
        try:
            with connection.cursor() as cursor:
                cursor.execute("SELECT set_config(%s, %s, false)", [SETTING, townships])
            setattr(connection, _APPLIED, townships)
        except DatabaseError:
            if connection.in_atomic_block:
                raise
            connection.close()  # a broken connection: the next one starts configured


def current() -> str:
    return _current.get()


@contextmanager
def townships(value: str):
    """Run a block with another township set (a task, a command), then restore."""
    previous = _current.get()
    apply(value)
    try:
        yield
    finally:
        apply(previous)


@contextmanager
def as_owner(using: str = DEFAULT_DB_ALIAS, *, maintenance: bool = False):
    """Act as the tables' owner for one block (migrate, flush; a test that tampers).

    With `maintenance=True` the owner may also change or delete append-only rows: the one
    way past the trigger, which the app role cannot take (it is not the owner). Works where
    the login user is the owner (or a superuser) and the app role is reached by SET ROLE;
    an app that logs in as the app role stays what it is.
    """
    connection = connections[using]
    if not _postgres(connection):
        yield
        return
    token = _owner.set("on" if maintenance else "")
    try:
        connection.ensure_connection()
        _configure(connection)
        yield
    finally:
        _owner.reset(token)
        if connection.connection is not None:
            _configure(connection)  # back to the app role (or the outer owner block)


def connection_roles(using: str = DEFAULT_DB_ALIAS) -> dict:
    """Who the connection is: the login user, the acting role, the tables' owner."""
    with connections[using].cursor() as cursor:
        cursor.execute(
            "SELECT session_user::text, current_user::text,"
            " (SELECT pg_get_userbyid(relowner) FROM pg_class"
            "  WHERE relname = 'django_migrations' AND relkind = 'r' LIMIT 1),"
            " current_setting(%s, true)",
            [SETTING],
        )
        session, acting, owner, townships = cursor.fetchone()
    return {"session": session, "current": acting, "owner": owner, SETTING: townships}


# -- per request --------------------------------------------------------------------------


def _callable(name: str, default: str):
    return import_string(getattr(settings, name, default))


def townships_for_request(request) -> str:
    """The township set of a request: '*', '' or '1,4' (see the module docstring)."""
    path = request.path_info
    if any(path.startswith(p) for p in settings.ROW_SECURITY_PUBLIC_PREFIXES):
        return ALL
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return ALL
    if user.is_superuser:
        return ALL
    unrestricted = _callable(
        "ROW_SECURITY_UNRESTRICTED", "committees.access.is_auditor"
    )
    if unrestricted(user):
        return ALL
    roles = _callable("ROW_SECURITY_ROLES", "committees.access.township_roles")
    return ",".join(str(township_id) for township_id in sorted(roles(user)))


class TownshipSetMiddleware:
    """SEC-1: the request user's townships on the database connection, for the request
    only (after AuthenticationMiddleware); a streamed body is read with them too."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not enabled():
            return self.get_response(request)
        previous = _current.get()
        value = townships_for_request(request)
        apply(value)
        try:
            response = self.get_response(request)
        finally:
            apply(previous)
        if (
            getattr(response, "streaming", False)
            and not getattr(response, "is_async", False)
            and not isinstance(response, FileResponse)
        ):
            # Rows read while the body streams are read with the request's set, and
            # only then: a response nobody reads to the end leaves nothing behind.
            response.streaming_content = _streamed(response.streaming_content, value)
        return response


def _streamed(chunks, value):
    with townships(value):
        yield from chunks


# -- per Celery task (config/celery.py connects these) -----------------------------------

_task_previous: contextvars.ContextVar[list] = contextvars.ContextVar("core_task_sets")


def task_started(**kwargs) -> None:
    """A task runs for the system: every township ('*'). Eager tasks run inside a request:
    the request's set comes back when the task ends."""
    stack = _task_previous.get(None)
    if stack is None:
        stack = []
        _task_previous.set(stack)
    stack.append(_current.get())
    apply(ALL)


def task_finished(**kwargs) -> None:
    stack = _task_previous.get(None)
    apply(stack.pop() if stack else ALL)


# -- install: triggers, roles, grants, policies -------------------------------------------


def append_only_tables() -> list[str]:
    """The tables of every simple-history model, and of core's Seal and IntegrityCheck."""
    from django.apps import apps
    from simple_history.models import HistoricalChanges

    tables = []
    for model in apps.get_models():
        if issubclass(model, HistoricalChanges) or model._meta.label in (
            "core.Seal",
            "core.IntegrityCheck",
        ):
            tables.append(model._meta.db_table)
    return sorted(set(tables))


def governed_tables(connection) -> list[str]:
    """Every table of the schema with a township_id column."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT c.table_name FROM information_schema.columns c"
            " JOIN information_schema.tables t USING (table_schema, table_name)"
            " WHERE c.table_schema = current_schema() AND c.column_name = 'township_id'"
            " AND t.table_type = 'BASE TABLE' ORDER BY 1"
        )
        return [row[0] for row in cursor.fetchall()]


FUNCTIONS_SQL = f"""
CREATE OR REPLACE FUNCTION {TRIGGER}() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  -- AUD-1: history is written once. Only the table's owner, who says so for the
  -- transaction or session (app.history_maintenance = on), may change it.
  IF current_setting('{MAINTENANCE}', true) = 'on' AND pg_has_role(
      current_user, (SELECT relowner FROM pg_class WHERE oid = TG_RELID), 'MEMBER') THEN
    IF TG_OP = 'DELETE' THEN RETURN OLD; END IF;
    RETURN NEW;
  END IF;
  RAISE EXCEPTION 'append-only table %: % refused (AUD-1)', TG_TABLE_NAME, TG_OP
    USING ERRCODE = 'insufficient_privilege';
END
$$;
CREATE OR REPLACE FUNCTION core_township_visible(township bigint) RETURNS boolean
LANGUAGE sql STABLE AS $$
  -- SEC-1: '*' every township, '1,4' those, empty or unset none.
  SELECT CASE coalesce(current_setting('{SETTING}', true), '')
    WHEN '*' THEN true
    WHEN '' THEN false
    ELSE township = ANY (string_to_array(current_setting('{SETTING}', true), ',')::bigint[])
  END
$$;
"""


def _quote(connection, name: str) -> str:
    return connection.ops.quote_name(name)


def install(connection=None, verbosity: int = 0) -> dict:
    """Create what is missing: functions, triggers, the app role and its grants, policies.
    Idempotent; returns what it did (counts) for the caller to print."""
    from django.db import connection as default_connection

    connection = connection or default_connection
    done = {"triggers": 0, "policies": 0, "grants": 0}
    if not _postgres(connection):
        return done
    existing = set(connection.introspection.table_names())
    append_only = [t for t in append_only_tables() if t in existing]
    with connection.cursor() as cursor:
        cursor.execute(FUNCTIONS_SQL)
        cursor.execute(
            "SELECT c.relname FROM pg_trigger g JOIN pg_class c ON c.oid = g.tgrelid"
            " WHERE g.tgname = %s",
            [TRIGGER],
        )
        have = {row[0] for row in cursor.fetchall()}
        for table in append_only:
            if table in have:
                continue
            quoted = _quote(connection, table)
            cursor.execute(
                f"CREATE TRIGGER {TRIGGER} BEFORE UPDATE OR DELETE ON {quoted}"
                f" FOR EACH ROW EXECUTE FUNCTION {TRIGGER}()"
            )
            cursor.execute(
                f"CREATE TRIGGER {TRIGGER}_truncate BEFORE TRUNCATE ON {quoted}"
                f" FOR EACH STATEMENT EXECUTE FUNCTION {TRIGGER}()"
            )
            done["triggers"] += 1
        role = app_role()
        if role:
            done["grants"] = _grant(connection, cursor, role, append_only)
        done["policies"] = _policies(connection, cursor)
    if verbosity >= 1 and any(done.values()):
        print(
            f"  Database backstop: {done['triggers']} append-only triggers,"
            f" {done['policies']} township policies, grants to {role or 'nobody'}."
        )
    return done


def _grant(connection, cursor, role: str, append_only: list[str]) -> int:
    quoted_role = _quote(connection, role)
    cursor.execute(
        "DO $$ BEGIN"
        f" IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '{role}') THEN"
        f"  CREATE ROLE {quoted_role} NOLOGIN;"
        " END IF;"
        " EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL;"
        "  WHEN insufficient_privilege THEN"
        f"  RAISE WARNING 'create role {role} yourself (docs/DATABASE.md)';"
        " END $$"
    )
    cursor.execute("SELECT 1 FROM pg_roles WHERE rolname = %s", [role])
    if cursor.fetchone() is None:
        return 0
    cursor.execute(f"GRANT USAGE ON SCHEMA public TO {quoted_role}")
    cursor.execute(
        "GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public"
        f" TO {quoted_role}"
    )
    cursor.execute(
        f"GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO {quoted_role}"
    )
    if append_only:
        tables = ", ".join(_quote(connection, t) for t in append_only)
        cursor.execute(
            f"REVOKE UPDATE, DELETE, TRUNCATE ON {tables} FROM {quoted_role}"
        )
    return 1


def _policies(connection, cursor) -> int:
    tables = governed_tables(connection)
    cursor.execute(
        "SELECT c.relname, c.relrowsecurity AND c.relforcerowsecurity,"
        " EXISTS (SELECT FROM pg_policy p WHERE p.polrelid = c.oid AND p.polname = %s)"
        " FROM pg_class c WHERE c.relnamespace = current_schema()::regnamespace"
        " AND c.relkind = 'r'",
        [POLICY],
    )
    state = {name: (forced, has) for name, forced, has in cursor.fetchall()}
    count = 0
    for table in tables:
        forced, has = state.get(table, (False, False))
        quoted = _quote(connection, table)
        if not has:
            cursor.execute(
                f"CREATE POLICY {POLICY} ON {quoted}"
                " USING (core_township_visible(township_id))"
                " WITH CHECK (core_township_visible(township_id))"
            )
            count += 1
        if not forced:
            cursor.execute(f"ALTER TABLE {quoted} ENABLE ROW LEVEL SECURITY")
            cursor.execute(f"ALTER TABLE {quoted} FORCE ROW LEVEL SECURITY")
    return count


def on_post_migrate(sender, using=DEFAULT_DB_ALIAS, verbosity=0, **kwargs) -> None:
    connection = connections[using]
    if not _postgres(connection):
        return
    with as_owner(using):
        install(connection, verbosity=verbosity)
