"""A recorded clearance never changes and is never deleted: the database refuses it, whatever
path the change takes. A new answer is a new clearance (the later supersedes the earlier)."""

from django.db import migrations

from medmassage.db_triggers import trigger_operation

CLEARANCES = "careteam_clearance"
MESSAGE = "recorded clearances cannot change; record the new answer as a new clearance"

SQLITE_FORWARD = [
    f"""CREATE TRIGGER clearance_no_update BEFORE UPDATE ON {CLEARANCES}
        BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END""",
    f"""CREATE TRIGGER clearance_no_delete BEFORE DELETE ON {CLEARANCES}
        BEGIN SELECT RAISE(ABORT, 'recorded clearances cannot be deleted'); END""",
]
SQLITE_BACKWARD = [
    "DROP TRIGGER IF EXISTS clearance_no_update",
    "DROP TRIGGER IF EXISTS clearance_no_delete",
]

POSTGRES_FORWARD = [
    f"""CREATE FUNCTION clearance_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
       BEGIN
         IF TG_OP = 'DELETE' THEN
           RAISE EXCEPTION 'recorded clearances cannot be deleted';
         END IF;
         RAISE EXCEPTION '{MESSAGE}';
       END $$""",
    f"""CREATE TRIGGER clearance_recorded_for_good BEFORE UPDATE OR DELETE ON {CLEARANCES}
        FOR EACH ROW EXECUTE FUNCTION clearance_refuse_change()""",
]
POSTGRES_BACKWARD = [
    f"DROP TRIGGER IF EXISTS clearance_recorded_for_good ON {CLEARANCES}",
    "DROP FUNCTION IF EXISTS clearance_refuse_change()",
]

STATEMENTS = {
    "sqlite": (SQLITE_FORWARD, SQLITE_BACKWARD),
    "postgresql": (POSTGRES_FORWARD, POSTGRES_BACKWARD),
}


class Migration(migrations.Migration):
    dependencies = [("careteam", "0001_directory_care_teams_and_clearances")]
    operations = [trigger_operation(STATEMENTS, purpose="clearance lock")]
