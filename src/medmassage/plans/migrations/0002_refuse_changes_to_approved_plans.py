"""Approved plans never change, and overrides are never edited or removed: the database
refuses it, whatever path the change takes. Only status moves forward (approved -> superseded
or closed)."""

from django.db import migrations

from medmassage.db_triggers import trigger_operation

PLANS = "plans_treatmentplan"
OVERRIDES = "plans_planoverride"
# Columns that describe the plan; none may change once it has left draft.
FROZEN = (
    "content",
    "draft",
    "intake_id",
    "practitioner_id",
    "practitioner_document",
    "decision",
    "version",
    "client_id",
    "clinic_id",
    "approved_at",
    "approved_by_id",
)

SQLITE_FORWARD = [
    f"""CREATE TRIGGER plan_frozen_after_approval BEFORE UPDATE ON {PLANS}
        WHEN OLD.status != 'draft' AND ({" OR ".join(f"NEW.{c} IS NOT OLD.{c}" for c in FROZEN)}
             OR NEW.status = 'draft' OR (OLD.status != 'approved' AND NEW.status != OLD.status))
        BEGIN SELECT RAISE(ABORT, 'approved plans cannot change; revise them instead'); END""",
    f"""CREATE TRIGGER plan_no_delete_after_approval BEFORE DELETE ON {PLANS}
        WHEN OLD.status != 'draft'
        BEGIN SELECT RAISE(ABORT, 'approved plans cannot be deleted'); END""",
    f"""CREATE TRIGGER plan_override_no_update BEFORE UPDATE ON {OVERRIDES}
        BEGIN SELECT RAISE(ABORT, 'plan overrides are append-only'); END""",
    f"""CREATE TRIGGER plan_override_no_delete BEFORE DELETE ON {OVERRIDES}
        BEGIN SELECT RAISE(ABORT, 'plan overrides are append-only'); END""",
]
SQLITE_BACKWARD = [
    "DROP TRIGGER IF EXISTS plan_frozen_after_approval",
    "DROP TRIGGER IF EXISTS plan_no_delete_after_approval",
    "DROP TRIGGER IF EXISTS plan_override_no_update",
    "DROP TRIGGER IF EXISTS plan_override_no_delete",
]

_CHANGED = " OR ".join(f"NEW.{c} IS DISTINCT FROM OLD.{c}" for c in FROZEN)
POSTGRES_FORWARD = [
    f"""CREATE FUNCTION plan_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
       BEGIN
         IF TG_OP = 'DELETE' THEN
           IF OLD.status <> 'draft' THEN
             RAISE EXCEPTION 'approved plans cannot be deleted';
           END IF;
           RETURN OLD;
         END IF;
         IF OLD.status <> 'draft' AND ({_CHANGED} OR NEW.status = 'draft'
             OR (OLD.status <> 'approved' AND NEW.status <> OLD.status)) THEN
           RAISE EXCEPTION 'approved plans cannot change; revise them instead';
         END IF;
         RETURN NEW;
       END $$""",
    """CREATE FUNCTION plan_override_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
       BEGIN
         RAISE EXCEPTION 'plan overrides are append-only';
       END $$""",
    f"""CREATE TRIGGER plan_frozen_after_approval BEFORE UPDATE OR DELETE ON {PLANS}
        FOR EACH ROW EXECUTE FUNCTION plan_refuse_change()""",
    f"""CREATE TRIGGER plan_override_append_only BEFORE UPDATE OR DELETE ON {OVERRIDES}
        FOR EACH ROW EXECUTE FUNCTION plan_override_refuse_change()""",
]
POSTGRES_BACKWARD = [
    f"DROP TRIGGER IF EXISTS plan_frozen_after_approval ON {PLANS}",
    f"DROP TRIGGER IF EXISTS plan_override_append_only ON {OVERRIDES}",
    "DROP FUNCTION IF EXISTS plan_refuse_change()",
    "DROP FUNCTION IF EXISTS plan_override_refuse_change()",
]

STATEMENTS = {
    "sqlite": (SQLITE_FORWARD, SQLITE_BACKWARD),
    "postgresql": (POSTGRES_FORWARD, POSTGRES_BACKWARD),
}


class Migration(migrations.Migration):
    dependencies = [("plans", "0001_versioned_plans_with_overrides")]
    operations = [trigger_operation(STATEMENTS, purpose="plan-immutability")]
