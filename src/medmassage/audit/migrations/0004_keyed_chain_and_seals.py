"""Keyed audit hashing (HMAC with the integrity key, its id on every event) and seals.

Existing events are *marked legacy*, not re-keyed: they keep the plain SHA-256 they were written
with (`key_id` empty), because re-keying would rewrite history and bless whatever had been
changed in it before. Instead each existing chain gets one keyed event, `audit.chain.keyed`,
whose HMAC covers the hash of the last legacy event: from then on, changing any legacy event
means recomputing that keyed event, which needs the key.

On SQLite, adding a column rebuilds the table without its triggers: they are created again.
"""

from importlib import import_module

from django.db import migrations, models
from django.utils import timezone

from medmassage.db_triggers import trigger_operation

_APPEND_ONLY = import_module("medmassage.audit.migrations.0002_refuse_changes_to_audit_rows")

SEALS = "audit_seal"
SEAL_STATEMENTS = {
    "sqlite": (
        [
            f"""CREATE TRIGGER audit_seal_no_update BEFORE UPDATE ON {SEALS}
                BEGIN SELECT RAISE(ABORT, 'seals are append-only: UPDATE refused'); END""",
            f"""CREATE TRIGGER audit_seal_no_delete BEFORE DELETE ON {SEALS}
                BEGIN SELECT RAISE(ABORT, 'seals are append-only: DELETE refused'); END""",
        ],
        [
            "DROP TRIGGER IF EXISTS audit_seal_no_update",
            "DROP TRIGGER IF EXISTS audit_seal_no_delete",
        ],
    ),
    "postgresql": (
        [
            f"""CREATE TRIGGER audit_seal_append_only BEFORE UPDATE OR DELETE ON {SEALS}
                FOR EACH ROW EXECUTE FUNCTION audit_refuse_change()""",
            f"""CREATE TRIGGER audit_seal_no_truncate BEFORE TRUNCATE ON {SEALS}
                FOR EACH STATEMENT EXECUTE FUNCTION audit_refuse_change()""",
        ],
        [
            f"DROP TRIGGER IF EXISTS audit_seal_append_only ON {SEALS}",
            f"DROP TRIGGER IF EXISTS audit_seal_no_truncate ON {SEALS}",
        ],
    ),
}


def recreate_sqlite_triggers(apps, schema_editor):
    if schema_editor.connection.vendor != "sqlite":
        return  # PostgreSQL keeps its triggers when a column is added
    for statement in (*_APPEND_ONLY.SQLITE_BACKWARD, *_APPEND_ONLY.SQLITE_FORWARD):
        schema_editor.execute(statement, params=None)


def anchor_legacy_chains(apps, schema_editor):
    from medmassage.audit.chain import event_hash, event_payload
    from medmassage.integrity.keys import keyring

    AuditEvent = apps.get_model("audit", "AuditEvent")
    AuditChainHead = apps.get_model("audit", "AuditChainHead")
    heads = list(AuditChainHead.objects.all())
    if not heads:
        return
    key = keyring().current
    for head in heads:
        fields = {
            "chain": head.chain,
            "sequence": head.sequence + 1,
            "occurred_at": timezone.now(),
            "action": "audit.chain.keyed",
            "actor_id": None,
            "actor_label": "",
            "clinic_id": head.chain or None,
            "subject_type": "",
            "subject_id": "",
            "client_id": None,
            "ip": None,
            "details": {"legacy_events": head.sequence, "key_id": key.key_id},
            "prev_hash": head.hash,
            "key_id": key.key_id,
        }
        event = AuditEvent.objects.create(**fields, hash=event_hash(event_payload(**fields), key))
        AuditChainHead.objects.filter(chain=head.chain).update(
            sequence=event.sequence, hash=event.hash
        )


class Migration(migrations.Migration):
    dependencies = [("audit", "0003_client_address_as_text")]

    operations = [
        migrations.AddField(
            model_name="auditevent",
            name="key_id",
            field=models.CharField(blank=True, default="", max_length=40),
        ),
        migrations.RunPython(recreate_sqlite_triggers, recreate_sqlite_triggers),
        migrations.CreateModel(
            name="Seal",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("clinic_id", models.BigIntegerField()),
                ("subject_type", models.CharField(max_length=80)),
                ("subject_id", models.CharField(max_length=64)),
                ("key_id", models.CharField(max_length=40)),
                ("digest", models.CharField(max_length=64)),
                ("sealed_at", models.DateTimeField()),
            ],
            options={
                "constraints": [
                    models.UniqueConstraint(
                        fields=("subject_type", "subject_id"), name="one_seal_each"
                    )
                ],
            },
        ),
        trigger_operation(SEAL_STATEMENTS, purpose="append-only seals"),
        migrations.RunPython(anchor_legacy_chains, migrations.RunPython.noop),
    ]
