"""AUD-1: history is append-only at the database. Every simple-history table and core's
Seal and IntegrityCheck refuse UPDATE, DELETE and TRUNCATE (trigger core_append_only);
the application's role may only read and add to them, and cannot drop the trigger."""

import pytest
from django.apps import apps
from django.db import DatabaseError, connection, transaction
from simple_history.models import HistoricalChanges

from core import rowsecurity
from core.models import IntegrityCheck, Seal
from meetings.models import MinutesVersion
from tests.core.test_rls import app_role  # noqa: F401 - the fixture
from tests.meetings import factories as f

pytestmark = pytest.mark.usefixtures("app_role")


def _refused(statement, params=()):
    """Run `statement` in a savepoint; return the database's refusal (or None)."""
    try:
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(statement, params)
    except DatabaseError as error:
        return str(error)
    return None


def _triggers():
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT c.relname, g.tgname FROM pg_trigger g"
            " JOIN pg_class c ON c.oid = g.tgrelid WHERE g.tgname LIKE %s",
            [rowsecurity.TRIGGER + "%"],
        )
        found = {}
        for table, name in cursor.fetchall():
            found.setdefault(table, set()).add(name)
        return found


@pytest.fixture
def minutes(db):
    """A township's locked minutes, with their history (created, edited, locked)."""
    town = f.make_town(members=7)
    _meeting, _item, version = f.decided_and_locked(town, text="纪要")
    return town, MinutesVersion.objects.get(pk=version.pk)


def test_aud1_every_history_table_and_the_seals_carry_the_append_only_trigger(db):
    """AUD-1: every model django-simple-history keeps (in every app, the registry walked
    after migrate) and Seal and IntegrityCheck: row trigger and TRUNCATE trigger."""
    history = [m for m in apps.get_models() if issubclass(m, HistoricalChanges)]
    assert len(history) >= 30
    tables = {m._meta.db_table for m in history}
    tables |= {Seal._meta.db_table, IntegrityCheck._meta.db_table}
    assert set(rowsecurity.append_only_tables()) == tables
    found = _triggers()
    both = {rowsecurity.TRIGGER, rowsecurity.TRIGGER + "_truncate"}
    missing = sorted(t for t in tables if found.get(t) != both)
    assert missing == []
    # Business tables are not append-only: a record is edited (with its history).
    assert MinutesVersion._meta.db_table not in found


def test_aud1_the_oldest_minutes_history_row_cannot_be_deleted_or_changed(minutes):
    """AUD-1: the issue's case — the oldest row of a minutes history, or all of an item's
    history, deleted: refused for the app role; refused even for the owner unless it
    lifts the trigger on purpose."""
    _town, version = minutes
    table = MinutesVersion.history.model._meta.db_table
    oldest = version.history.earliest()
    count = version.history.count()
    assert count >= 2
    refusal = _refused(f"DELETE FROM {table} WHERE history_id = %s", [oldest.pk])
    assert refusal and "permission denied" in refusal
    assert _refused(f"DELETE FROM {table} WHERE id = %s", [version.pk])
    assert _refused(f"UPDATE {table} SET text = 'forged' WHERE id = %s", [version.pk])
    assert _refused(f"TRUNCATE {table}")
    assert version.history.count() == count
    # The ORM as the app role: the same refusal.
    with pytest.raises(DatabaseError), transaction.atomic():
        version.history.all().delete()
    assert version.history.count() == count


def test_aud1_the_trigger_refuses_even_the_owner_who_does_not_lift_it(minutes):
    """AUD-1: the refusal is the trigger's, not only a missing grant: the tables' owner
    is refused too, unless it lifts the trigger for a block (as_owner(maintenance=True),
    the owner's one way: a test simulating tampering)."""
    _town, version = minutes
    table = MinutesVersion.history.model._meta.db_table
    oldest = version.history.earliest()
    with rowsecurity.as_owner():
        refusal = _refused(f"DELETE FROM {table} WHERE history_id = %s", [oldest.pk])
        assert refusal and "append-only" in refusal and "AUD-1" in refusal
        assert _refused("UPDATE core_seal SET digest = 'x'")
    with rowsecurity.as_owner(maintenance=True):
        assert (
            _refused(f"DELETE FROM {table} WHERE history_id = %s", [oldest.pk]) is None
        )
    assert not version.history.filter(history_id=oldest.pk).exists()
    # Back as the app role: the switch is off again, and the role could not turn it on.
    with connection.cursor() as cursor:
        cursor.execute("SELECT set_config(%s, 'on', false)", [rowsecurity.MAINTENANCE])
    assert _refused(f"DELETE FROM {table} WHERE id = %s", [version.pk])
    assert _refused("UPDATE core_seal SET digest = 'x'")


def test_aud1_the_app_role_cannot_drop_or_disable_the_trigger(minutes):
    """AUD-1: the app role owns no table, so the trigger (and the function) stay."""
    table = MinutesVersion.history.model._meta.db_table
    for statement in (
        f"DROP TRIGGER {rowsecurity.TRIGGER} ON {table}",
        f"ALTER TABLE {table} DISABLE TRIGGER {rowsecurity.TRIGGER}",
        f"ALTER TABLE {table} DISABLE TRIGGER ALL",
        f"DROP FUNCTION {rowsecurity.TRIGGER}() CASCADE",
        f"CREATE OR REPLACE FUNCTION {rowsecurity.TRIGGER}() RETURNS trigger"
        " LANGUAGE plpgsql AS $$ BEGIN RETURN NEW; END $$",
        "SET session_replication_role = replica",
    ):
        refusal = _refused(statement)
        assert refusal and ("owner" in refusal or "permission denied" in refusal), (
            statement,
            refusal,
        )
    assert _triggers()[table] == {
        rowsecurity.TRIGGER,
        rowsecurity.TRIGGER + "_truncate",
    }


def test_aud1_history_is_still_written_and_read(minutes):
    """AUD-1: append-only, not read-only: every save adds its history row."""
    town, version = minutes
    before = town.township.history.count()
    from committees import services

    services.township_settings_update(
        actor=town.secretary,
        township=town.township,
        reason="AUD-1 append-only",
        notice_period_hours=36,
    )
    assert town.township.history.count() == before + 1
    assert town.township.history.latest().history_change_reason == "AUD-1 append-only"


def test_aud1_install_is_idempotent_and_covers_a_table_added_later(db):
    """AUD-1: the post_migrate handler installs only what is missing; a history table
    that lost its trigger (an app added later, or one the owner dropped) gets it back at
    the next migrate."""
    table = MinutesVersion.history.model._meta.db_table
    with rowsecurity.as_owner():
        assert rowsecurity.install(connection) == {
            "triggers": 0,
            "policies": 0,
            "grants": 1,
        }
        with connection.cursor() as cursor:
            cursor.execute(f"DROP TRIGGER {rowsecurity.TRIGGER} ON {table}")
            cursor.execute(f"DROP TRIGGER {rowsecurity.TRIGGER}_truncate ON {table}")
        assert table not in _triggers()
        done = rowsecurity.install(connection)
    assert done["triggers"] == 1
    assert _triggers()[table] == {
        rowsecurity.TRIGGER,
        rowsecurity.TRIGGER + "_truncate",
    }
