"""On PostgreSQL, the database itself refuses two holding appointments of one therapist (or
one room) that overlap: an exclusion constraint over time ranges, which needs btree_gist for
the equality parts. SQLite has no such constraint; there the booking service's check, inside
an IMMEDIATE (serialised) transaction, is the guard."""

from django.db import migrations

HOLDING = "status IN ('booked', 'arrived', 'completed')"
CONSTRAINTS = {
    "appointment_therapist_no_overlap": "clinic_id WITH =, therapist_id WITH =",
    "appointment_room_no_overlap": "clinic_id WITH =, room_id WITH =",
}


def add_constraints(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS btree_gist")
    for name, columns in CONSTRAINTS.items():
        schema_editor.execute(
            f"ALTER TABLE scheduling_appointment ADD CONSTRAINT {name} EXCLUDE USING gist "
            f"({columns}, tstzrange(starts_at, ends_at, '[)') WITH &&) WHERE ({HOLDING})"
        )


def drop_constraints(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name in CONSTRAINTS:
        schema_editor.execute(
            f"ALTER TABLE scheduling_appointment DROP CONSTRAINT IF EXISTS {name}"
        )


class Migration(migrations.Migration):
    dependencies = [("scheduling", "0001_calendar_types_rooms_hours_appointments")]

    operations = [migrations.RunPython(add_constraints, drop_constraints)]
