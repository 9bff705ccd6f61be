"""A signed visit note never changes, and neither do its treatment, feedback and override rows;
addenda are append-only. The database refuses it, whatever path the change takes. A draft may
be signed (draft -> signed) and drafts may be edited or removed."""

from django.db import migrations

from medmassage.db_triggers import trigger_operation

VISITS = "visits_visit"
PARTS = ("visits_treatmentgiven", "visits_feedbackevent", "visits_safetyoverride")
ADDENDA = "visits_addendum"
SIGNED_MESSAGE = "signed visit notes cannot change; add an addendum instead"


def _sqlite_part(table: str) -> list[str]:
    signed = "(SELECT status FROM visits_visit WHERE id = {row}.visit_id) = 'signed'"
    return [
        f"""CREATE TRIGGER {table}_locked_insert BEFORE INSERT ON {table}
            WHEN {signed.format(row="NEW")}
            BEGIN SELECT RAISE(ABORT, '{SIGNED_MESSAGE}'); END""",
        f"""CREATE TRIGGER {table}_locked_update BEFORE UPDATE ON {table}
            WHEN {signed.format(row="OLD")} OR {signed.format(row="NEW")}
            BEGIN SELECT RAISE(ABORT, '{SIGNED_MESSAGE}'); END""",
        f"""CREATE TRIGGER {table}_locked_delete BEFORE DELETE ON {table}
            WHEN {signed.format(row="OLD")}
            BEGIN SELECT RAISE(ABORT, '{SIGNED_MESSAGE}'); END""",
    ]


SQLITE_FORWARD = [
    f"""CREATE TRIGGER visit_locked_after_signing BEFORE UPDATE ON {VISITS}
        WHEN OLD.status = 'signed'
        BEGIN SELECT RAISE(ABORT, '{SIGNED_MESSAGE}'); END""",
    f"""CREATE TRIGGER visit_no_delete_after_signing BEFORE DELETE ON {VISITS}
        WHEN OLD.status = 'signed'
        BEGIN SELECT RAISE(ABORT, 'signed visit notes cannot be deleted'); END""",
    *(statement for table in PARTS for statement in _sqlite_part(table)),
    f"""CREATE TRIGGER addendum_no_update BEFORE UPDATE ON {ADDENDA}
        BEGIN SELECT RAISE(ABORT, 'addenda are append-only'); END""",
    f"""CREATE TRIGGER addendum_no_delete BEFORE DELETE ON {ADDENDA}
        BEGIN SELECT RAISE(ABORT, 'addenda are append-only'); END""",
]
SQLITE_BACKWARD = [
    "DROP TRIGGER IF EXISTS visit_locked_after_signing",
    "DROP TRIGGER IF EXISTS visit_no_delete_after_signing",
    *(
        f"DROP TRIGGER IF EXISTS {t}_locked_{op}"
        for t in PARTS
        for op in ("insert", "update", "delete")
    ),
    "DROP TRIGGER IF EXISTS addendum_no_update",
    "DROP TRIGGER IF EXISTS addendum_no_delete",
]

POSTGRES_FORWARD = [
    f"""CREATE FUNCTION visit_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
       BEGIN
         IF OLD.status = 'signed' THEN
           RAISE EXCEPTION '{SIGNED_MESSAGE}';
         END IF;
         IF TG_OP = 'DELETE' THEN RETURN OLD; END IF;
         RETURN NEW;
       END $$""",
    # Constant text only (table names and a message written here), never user input.
    f"""CREATE FUNCTION visit_part_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
       BEGIN
         IF TG_OP <> 'INSERT' AND EXISTS (
             SELECT 1 FROM visits_visit WHERE id = OLD.visit_id AND status = 'signed') THEN
           RAISE EXCEPTION '{SIGNED_MESSAGE}';
         END IF;
         IF TG_OP <> 'DELETE' AND EXISTS (
             SELECT 1 FROM visits_visit WHERE id = NEW.visit_id AND status = 'signed') THEN
           RAISE EXCEPTION '{SIGNED_MESSAGE}';
         END IF;
         IF TG_OP = 'DELETE' THEN RETURN OLD; END IF;
         RETURN NEW;
       END $$""",  # noqa: S608
    """CREATE FUNCTION addendum_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
       BEGIN
         RAISE EXCEPTION 'addenda are append-only';
       END $$""",
    f"""CREATE TRIGGER visit_locked_after_signing BEFORE UPDATE OR DELETE ON {VISITS}
        FOR EACH ROW EXECUTE FUNCTION visit_refuse_change()""",
    *(
        f"""CREATE TRIGGER {table}_locked BEFORE INSERT OR UPDATE OR DELETE ON {table}
        FOR EACH ROW EXECUTE FUNCTION visit_part_refuse_change()"""
        for table in PARTS
    ),
    f"""CREATE TRIGGER addendum_append_only BEFORE UPDATE OR DELETE ON {ADDENDA}
        FOR EACH ROW EXECUTE FUNCTION addendum_refuse_change()""",
]
POSTGRES_BACKWARD = [
    f"DROP TRIGGER IF EXISTS visit_locked_after_signing ON {VISITS}",
    *(f"DROP TRIGGER IF EXISTS {table}_locked ON {table}" for table in PARTS),
    f"DROP TRIGGER IF EXISTS addendum_append_only ON {ADDENDA}",
    "DROP FUNCTION IF EXISTS visit_refuse_change()",
    "DROP FUNCTION IF EXISTS visit_part_refuse_change()",
    "DROP FUNCTION IF EXISTS addendum_refuse_change()",
]

STATEMENTS = {
    "sqlite": (SQLITE_FORWARD, SQLITE_BACKWARD),
    "postgresql": (POSTGRES_FORWARD, POSTGRES_BACKWARD),
}


class Migration(migrations.Migration):
    dependencies = [("visits", "0001_visit_notes_with_treatment_feedback_and_addenda")]
    operations = [trigger_operation(STATEMENTS, purpose="visit-note lock")]
