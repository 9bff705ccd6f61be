"""Home-program versions and discharge summaries are history: the database refuses to change
or remove them, whatever path the change takes. A change to a program is a new version."""

from django.db import migrations

from medmassage.db_triggers import trigger_operation

TABLES = {
    "homecare_homeprogram": "home program versions are kept as history",
    "homecare_dischargesummary": "discharge summaries are never changed",
}

SQLITE_FORWARD = [
    statement
    for table, message in TABLES.items()
    for statement in (
        f"""CREATE TRIGGER {table}_no_update BEFORE UPDATE ON {table}
            BEGIN SELECT RAISE(ABORT, '{message}'); END""",
        f"""CREATE TRIGGER {table}_no_delete BEFORE DELETE ON {table}
            BEGIN SELECT RAISE(ABORT, '{message}'); END""",
    )
]
SQLITE_BACKWARD = [
    f"DROP TRIGGER IF EXISTS {table}_{kind}"
    for table in TABLES
    for kind in ("no_update", "no_delete")
]

POSTGRES_FORWARD = [
    statement
    for table, message in TABLES.items()
    for statement in (
        f"""CREATE FUNCTION {table}_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
           BEGIN
             RAISE EXCEPTION '{message}';
           END $$""",
        f"""CREATE TRIGGER {table}_append_only BEFORE UPDATE OR DELETE ON {table}
            FOR EACH ROW EXECUTE FUNCTION {table}_refuse_change()""",
    )
]
POSTGRES_BACKWARD = [
    statement
    for table in TABLES
    for statement in (
        f"DROP TRIGGER IF EXISTS {table}_append_only ON {table}",
        f"DROP FUNCTION IF EXISTS {table}_refuse_change()",
    )
]

STATEMENTS = {
    "sqlite": (SQLITE_FORWARD, SQLITE_BACKWARD),
    "postgresql": (POSTGRES_FORWARD, POSTGRES_BACKWARD),
}


class Migration(migrations.Migration):
    dependencies = [("homecare", "0001_home_programs_and_discharge_summaries")]
    operations = [trigger_operation(STATEMENTS, purpose="home-program history")]
