"""Store the client address as text, exactly as hashed.

On SQLite, altering a column rebuilds the table, and the rebuilt table has none of the old
table's triggers: they are created again here so the audit rows stay append-only.
"""

from importlib import import_module

from django.db import migrations, models

_APPEND_ONLY = import_module("medmassage.audit.migrations.0002_refuse_changes_to_audit_rows")


def recreate_sqlite_triggers(apps, schema_editor):
    if schema_editor.connection.vendor != "sqlite":
        return  # PostgreSQL keeps its triggers through ALTER COLUMN
    for statement in (*_APPEND_ONLY.SQLITE_BACKWARD, *_APPEND_ONLY.SQLITE_FORWARD):
        schema_editor.execute(statement, params=None)


class Migration(migrations.Migration):
    dependencies = [("audit", "0002_refuse_changes_to_audit_rows")]

    operations = [
        migrations.AlterField(
            model_name="auditevent",
            name="ip",
            field=models.CharField(max_length=45, null=True),  # noqa: DJ001
        ),
        migrations.RunPython(recreate_sqlite_triggers, recreate_sqlite_triggers),
    ]
