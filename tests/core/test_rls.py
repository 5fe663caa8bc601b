"""SEC-1 at the database: row-level security on every governed table (a township_id
column), FORCEd, reading the township set the request put on the connection; the app
acts as a role that owns no table, not as the role that migrates."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.db import DatabaseError, connection, transaction
from django.http import HttpResponse, StreamingHttpResponse
from django.test import RequestFactory
from django.urls import reverse

from committees.models import Person
from core import rowsecurity
from core.audit import business_models
from core.models import Seal


@pytest.fixture
def app_role(db, settings):
    """The suite runs as postgres with ROW_SECURITY off until every test passes with it
    on (config/settings/test.py): these tests act as the app role, with row security."""
    settings.DATABASE_APP_ROLE = "township_app"
    settings.ROW_SECURITY = True
    with rowsecurity.as_owner():
        rowsecurity.install(connection)  # its grants (idempotent)
    rowsecurity._configure(connection)  # SET ROLE township_app
    yield settings.DATABASE_APP_ROLE
    if connection.connection is not None:
        with connection.cursor() as cursor:
            cursor.execute("SELECT set_config('role', 'none', false)")


pytestmark = pytest.mark.usefixtures("app_role")


def _setting():
    with connection.cursor() as cursor:
        cursor.execute("SELECT current_setting(%s, true)", [rowsecurity.SETTING])
        return cursor.fetchone()[0]


def _through_middleware(user, view, path="/t/nangang/"):
    """Run `view` as a request by `user` through the real middleware."""
    request = RequestFactory().get(path)
    request.user = user
    return rowsecurity.TownshipSetMiddleware(view)(request)


def test_sec1_a_query_that_forgets_the_township_returns_nothing_of_another(world):
    """SEC-1: a secretary's request runs `Person.objects.all()` — no township filter,
    the bug the backstop is for: only their township's people come back, none of the
    township next door, none of the far county."""
    assert Person.objects.filter(township=world.other).exists()  # outside a request
    seen = {}

    def forgetful_view(request):
        seen["townships"] = set(Person.objects.values_list("township_id", flat=True))
        seen["other"] = Person.objects.filter(township=world.other).count()
        seen["history"] = set(
            Person.history.values_list("township_id", flat=True).distinct()
        )
        seen["setting"] = _setting()
        return HttpResponse("ok")

    _through_middleware(world.a.secretary, forgetful_view)
    assert seen["townships"] == {world.own.pk}
    assert seen["other"] == 0
    assert seen["history"] == {world.own.pk}  # history tables too
    assert seen["setting"] == str(world.own.pk)
    # After the request the connection is back to the default: nothing carried over.
    assert _setting() == rowsecurity.ALL
    assert Person.objects.filter(township=world.other).exists()


def test_sec1_writing_into_another_township_is_refused_by_the_database(world):
    """SEC-1: WITH CHECK: a row for another township cannot be added or moved there."""
    mine = Person.objects.filter(township=world.own).first()

    def forgetful_write(request):
        with pytest.raises(DatabaseError), transaction.atomic():
            Person.objects.create(township=world.other, name="越界者")
        with pytest.raises(DatabaseError), transaction.atomic():
            Person.objects.filter(pk=mine.pk).update(  # history-ok: the probe
                township=world.other
            )
        return HttpResponse("ok")

    _through_middleware(world.a.secretary, forgetful_write)
    assert not Person.objects.filter(name="越界者").exists()
    assert Person.objects.get(pk=mine.pk).township_id == world.own.pk


def test_sec1_who_gets_which_townships(world):
    """SEC-1: roles → their townships; a county reviewer → the county's; the auditor
    and the public column (anonymous, or anyone on /p/) every one; the system admin,
    the security admin and a user with no role none."""
    factory = RequestFactory()

    def for_user(user, path="/t/x/"):
        request = factory.get(path)
        request.user = user
        return rowsecurity.townships_for_request(request)

    assert for_user(world.a.secretary) == str(world.own.pk)
    assert for_user(world.reviewer) == ",".join(
        str(pk) for pk in sorted([world.own.pk, world.other.pk])
    )
    assert for_user(world.far_reviewer) == str(world.far.pk)
    assert for_user(world.auditor) == rowsecurity.ALL
    assert for_user(AnonymousUser()) == rowsecurity.ALL
    assert for_user(world.a.secretary, "/p/zhangmuqiao/") == rowsecurity.ALL
    assert for_user(world.system_admin) == rowsecurity.NONE
    assert for_user(world.security_admin) == rowsecurity.NONE
    assert for_user(world.nobody) == rowsecurity.NONE


def test_sec1_an_empty_set_sees_no_governed_row(world):
    """SEC-1: fail closed — a connection whose set is empty or unset reads nothing."""
    with rowsecurity.townships(rowsecurity.NONE):
        assert Person.objects.count() == 0
    with connection.cursor() as cursor:
        cursor.execute("RESET " + rowsecurity.SETTING)
    try:
        assert Person.objects.count() == 0
    finally:
        setattr(connection, rowsecurity._APPLIED, None)  # it no longer knows
        rowsecurity.apply(rowsecurity.ALL)
    assert Person.objects.count() > 0


def test_sec1_the_set_is_reset_after_each_request_and_a_streamed_one(world, login):
    """SEC-1: persistent connections carry no user's townships into the next request;
    a streamed body is read with its request's set, and only while it is read."""
    client = login(world.a.secretary)
    response = client.get(reverse("home"))
    assert response.status_code in (200, 302)
    assert _setting() == rowsecurity.ALL
    chunks = []

    def streaming_view(request):
        def rows():
            chunks.append(_setting())
            yield b"x"

        return StreamingHttpResponse(rows())

    response = _through_middleware(world.b.secretary, streaming_view)
    assert _setting() == rowsecurity.ALL  # not left behind by a body nobody reads
    b"".join(response.streaming_content)
    assert chunks == [str(world.other.pk)]
    assert _setting() == rowsecurity.ALL


def test_sec1_a_task_runs_with_every_township_and_gives_the_request_its_set_back(
    world,
):
    """SEC-1: a Celery task runs for the system ('*'); an eager one inside a request
    restores the request's set when it ends."""
    from celery.signals import task_prerun

    from core import tasks

    during = []

    def probe(**kwargs):
        during.append(_setting())

    task_prerun.connect(probe, weak=False)  # after core.rowsecurity's receiver
    try:

        def view(request):
            tasks.outbox_flush.apply()
            during.append(_setting())
            return HttpResponse("ok")

        _through_middleware(world.a.secretary, view)
    finally:
        task_prerun.disconnect(probe)
    assert during == [rowsecurity.ALL, str(world.own.pk)]


def test_sec1_the_migration_role_and_the_app_role_differ(app_role, settings):
    """SEC-1: the app acts as DATABASE_APP_ROLE, which owns no table and is no superuser;
    the tables belong to the role that migrates."""
    roles = rowsecurity.connection_roles()
    assert roles["current"] == app_role == settings.DATABASE_APP_ROLE
    assert roles["owner"] != roles["current"]
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT rolsuper, rolbypassrls, rolcreaterole FROM pg_roles"
            " WHERE rolname = current_user"
        )
        assert cursor.fetchone() == (False, False, False)
        cursor.execute(
            "SELECT count(*) FROM pg_class WHERE relowner = 'township_app'::regrole"
        )
        assert cursor.fetchone()[0] == 0
    with rowsecurity.as_owner():
        assert rowsecurity.connection_roles()["current"] == roles["owner"]
    assert rowsecurity.connection_roles()["current"] == roles["current"]


def test_sec1_the_app_role_cannot_lift_row_security(db):
    """SEC-1: not the owner: it can neither disable nor drop a policy."""
    for statement in (
        "ALTER TABLE committees_person DISABLE ROW LEVEL SECURITY",
        "ALTER TABLE committees_person NO FORCE ROW LEVEL SECURITY",
        f"DROP POLICY {rowsecurity.POLICY} ON committees_person",
        "DROP FUNCTION core_township_visible(bigint) CASCADE",
    ):
        try:
            with transaction.atomic(), connection.cursor() as cursor:
                cursor.execute(statement)
        except DatabaseError as error:
            assert "owner" in str(error) or "permission denied" in str(error)
        else:
            pytest.fail(f"the app role ran: {statement}")


def test_sec1_every_governed_table_has_a_forced_township_policy(db):
    """SEC-1: every table with a township_id column — each governed model's, their
    history tables, the seals — has RLS enabled and FORCEd with the township policy."""
    tables = rowsecurity.governed_tables(connection)
    expected = {
        m._meta.db_table
        for m in business_models()
        if any(f.column == "township_id" for f in m._meta.concrete_fields)
    }
    expected |= {Person.history.model._meta.db_table, Seal._meta.db_table}
    assert len(expected) >= 20
    assert expected <= set(tables)
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT c.relname FROM pg_class c WHERE c.relname = ANY(%s)"
            " AND c.relrowsecurity AND c.relforcerowsecurity AND EXISTS ("
            "  SELECT FROM pg_policy p WHERE p.polrelid = c.oid AND p.polname = %s)",
            [tables, rowsecurity.POLICY],
        )
        protected = {row[0] for row in cursor.fetchall()}
    assert sorted(set(tables) - protected) == []


@pytest.mark.django_db(transaction=True)
def test_sec1_behind_a_transaction_pooler_the_set_is_local_to_each_transaction(
    world, settings
):
    """SEC-1 with PgBouncer in transaction pooling (DATABASE_POOLER=transaction): the
    set lives only in each transaction (SET LOCAL), never in the session a pooled server
    connection would hand to the next client; a forgetful query still sees one township,
    in autocommit and in the request's transaction (ATOMIC_REQUESTS)."""
    settings.DATABASE_POOLER = "transaction"
    seen = {}

    def session_value():
        # Bypasses the app's cursors: what the next client of the server would see.
        row = connection.connection.execute(
            "SELECT current_setting(%s, true)", [rowsecurity.SETTING]
        ).fetchone()
        return row[0]

    def forgetful_view(request):
        seen["autocommit"] = set(Person.objects.values_list("township_id", flat=True))
        seen["session"] = session_value()
        with transaction.atomic():
            seen["atomic"] = set(Person.objects.values_list("township_id", flat=True))
            with rowsecurity.townships(rowsecurity.ALL):  # an eager task in it
                seen["task"] = Person.objects.filter(township=world.other).count()
            seen["after_task"] = Person.objects.filter(township=world.other).count()
        return HttpResponse("ok")

    _through_middleware(world.a.secretary, forgetful_view)
    assert seen["autocommit"] == seen["atomic"] == {world.own.pk}
    assert seen["session"] != str(world.own.pk)
    assert seen["task"] > 0 and seen["after_task"] == 0
    assert session_value() != str(world.own.pk)
