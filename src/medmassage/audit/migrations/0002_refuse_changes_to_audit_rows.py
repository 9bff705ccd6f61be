"""Make the audit tables append-only in the database itself, on SQLite and PostgreSQL.

Events can never be updated or deleted; a chain head may only move forward.
"""

from django.db import migrations

from medmassage.db_triggers import trigger_operation

EVENTS = "audit_auditevent"
HEADS = "audit_auditchainhead"

SQLITE_FORWARD = [
    f"""CREATE TRIGGER audit_event_no_update BEFORE UPDATE ON {EVENTS}
        BEGIN SELECT RAISE(ABORT, 'audit events are append-only: UPDATE refused'); END""",
    f"""CREATE TRIGGER audit_event_no_delete BEFORE DELETE ON {EVENTS}
        BEGIN SELECT RAISE(ABORT, 'audit events are append-only: DELETE refused'); END""",
    f"""CREATE TRIGGER audit_head_forward_only BEFORE UPDATE ON {HEADS}
        WHEN NEW.sequence <= OLD.sequence OR NEW.chain != OLD.chain
        BEGIN SELECT RAISE(ABORT, 'audit chain heads only move forward'); END""",
    f"""CREATE TRIGGER audit_head_no_delete BEFORE DELETE ON {HEADS}
        BEGIN SELECT RAISE(ABORT, 'audit chain heads cannot be deleted'); END""",
]
SQLITE_BACKWARD = [
    "DROP TRIGGER IF EXISTS audit_event_no_update",
    "DROP TRIGGER IF EXISTS audit_event_no_delete",
    "DROP TRIGGER IF EXISTS audit_head_forward_only",
    "DROP TRIGGER IF EXISTS audit_head_no_delete",
]

POSTGRES_FORWARD = [
    """CREATE FUNCTION audit_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
       BEGIN
         RAISE EXCEPTION 'audit events are append-only: % refused', TG_OP;
       END $$""",
    """CREATE FUNCTION audit_head_forward_only() RETURNS trigger LANGUAGE plpgsql AS $$
       BEGIN
         IF TG_OP <> 'UPDATE' OR NEW.sequence <= OLD.sequence OR NEW.chain <> OLD.chain THEN
           RAISE EXCEPTION 'audit chain heads only move forward: % refused', TG_OP;
         END IF;
         RETURN NEW;
       END $$""",
    f"""CREATE TRIGGER audit_event_append_only BEFORE UPDATE OR DELETE ON {EVENTS}
        FOR EACH ROW EXECUTE FUNCTION audit_refuse_change()""",
    f"""CREATE TRIGGER audit_event_no_truncate BEFORE TRUNCATE ON {EVENTS}
        FOR EACH STATEMENT EXECUTE FUNCTION audit_refuse_change()""",
    f"""CREATE TRIGGER audit_head_forward_only BEFORE UPDATE OR DELETE ON {HEADS}
        FOR EACH ROW EXECUTE FUNCTION audit_head_forward_only()""",
    f"""CREATE TRIGGER audit_head_no_truncate BEFORE TRUNCATE ON {HEADS}
        FOR EACH STATEMENT EXECUTE FUNCTION audit_refuse_change()""",
]
POSTGRES_BACKWARD = [
    f"DROP TRIGGER IF EXISTS audit_event_append_only ON {EVENTS}",
    f"DROP TRIGGER IF EXISTS audit_event_no_truncate ON {EVENTS}",
    f"DROP TRIGGER IF EXISTS audit_head_forward_only ON {HEADS}",
    f"DROP TRIGGER IF EXISTS audit_head_no_truncate ON {HEADS}",
    "DROP FUNCTION IF EXISTS audit_head_forward_only()",
    "DROP FUNCTION IF EXISTS audit_refuse_change()",
]

STATEMENTS = {
    "sqlite": (SQLITE_FORWARD, SQLITE_BACKWARD),
    "postgresql": (POSTGRES_FORWARD, POSTGRES_BACKWARD),
}


class Migration(migrations.Migration):
    dependencies = [("audit", "0001_hash_chained_events")]
    operations = [trigger_operation(STATEMENTS, purpose="append-only audit")]
