# The county's holiday-calendar corrections move to committees (every mechanism's periods
# count with them): copy the rows and their history, then drop the old tables.

from django.db import migrations

FIELDS = ("county_id", "date", "is_working_day", "note", "entered_by_id", "entered_at")
HISTORY_FIELDS = FIELDS + (
    "id",
    "history_date",
    "history_change_reason",
    "history_type",
    "history_user_id",
)


def copy_corrections(apps, schema_editor):
    Old = apps.get_model("cadres", "HolidayCorrection")
    New = apps.get_model("committees", "HolidayCorrection")
    OldHistory = apps.get_model("cadres", "HistoricalHolidayCorrection")
    NewHistory = apps.get_model("committees", "HistoricalHolidayCorrection")
    for row in Old.objects.order_by("pk"):
        New.objects.create(id=row.pk, **{f: getattr(row, f) for f in FIELDS})
    for row in OldHistory.objects.order_by("history_id"):
        NewHistory.objects.create(**{f: getattr(row, f) for f in HISTORY_FIELDS})
    # Rows were copied with their ids: move PostgreSQL's sequence past them.
    from django.core.management.color import no_style

    statements = schema_editor.connection.ops.sequence_reset_sql(no_style(), [New])
    with schema_editor.connection.cursor() as cursor:
        for statement in statements:
            cursor.execute(statement)


def copy_back(apps, schema_editor):
    Old = apps.get_model("cadres", "HolidayCorrection")
    New = apps.get_model("committees", "HolidayCorrection")
    for row in New.objects.order_by("pk"):
        Old.objects.create(id=row.pk, **{f: getattr(row, f) for f in FIELDS})


class Migration(migrations.Migration):
    dependencies = [
        ("cadres", "0003_appointments_selection_outstanding"),
        ("committees", "0003_holiday_corrections"),
    ]

    operations = [
        migrations.RunPython(copy_corrections, copy_back),
        # Dropped whole (no RemoveField first): on SQLite a RemoveField rebuilds the
        # table with its (county, date) constraint still naming the removed field.
        migrations.DeleteModel(name="HistoricalHolidayCorrection"),
        migrations.DeleteModel(name="HolidayCorrection"),
    ]
