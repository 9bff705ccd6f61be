"""An existing database migrates to keyed hashing: its events are kept as written (legacy,
plain SHA-256) and each chain is anchored by one keyed event, so that rewriting the legacy
part is caught like any other change."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from tests.migrated import copy_migrated_sqlite

ROOT = Path(__file__).resolve().parents[2]

# At audit 0003 (before keyed hashing): three events of clinic 7's chain, as the old code
# wrote them (no key id, plain SHA-256), and the chain's head.
WRITE_LEGACY = """
import django; django.setup()
from datetime import UTC, datetime
from django.db import connection
from medmassage.audit.chain import GENESIS_HASH, event_hash, event_payload
previous = GENESIS_HASH
with connection.cursor() as cursor:
    for sequence in (1, 2, 3):
        fields = dict(
            chain=7, sequence=sequence, occurred_at=datetime(2026, 1, sequence, tzinfo=UTC),
            action=f"legacy.step.{sequence}", actor_id=None, actor_label="", clinic_id=7,
            subject_type="", subject_id="", client_id=None, ip=None,
            details={"n": sequence}, prev_hash=previous,
        )
        digest = event_hash(event_payload(**fields), None)
        cursor.execute(
            "INSERT INTO audit_auditevent (chain, sequence, occurred_at, action, actor_id, "
            "actor_label, clinic_id, subject_type, subject_id, client_id, ip, details, "
            "prev_hash, hash) "
            "VALUES (%s, %s, %s, %s, NULL, '', %s, '', '', NULL, NULL, %s, %s, %s)",
            [7, sequence, fields["occurred_at"], fields["action"], 7, '{"n": %d}' % sequence,
             previous, digest])
        previous = digest
    cursor.execute("INSERT INTO audit_auditchainhead (chain, sequence, hash) VALUES (7, 3, %s)",
                   [previous])
"""
# Rewrite a legacy event and recompute the legacy part, as someone without the key could.
REWRITE_LEGACY = """
import django, hashlib, json; django.setup()
from django.db import connection
from medmassage.audit.chain import GENESIS_HASH, event_payload
from medmassage.audit.models import AuditEvent
with connection.cursor() as cursor:
    cursor.execute("DROP TRIGGER audit_event_no_update")
    previous = GENESIS_HASH
    for event in AuditEvent.objects.filter(chain=7, key_id="").order_by("sequence"):
        details = {"n": 99} if event.sequence == 2 else event.details
        payload = event_payload(chain=7, sequence=event.sequence, occurred_at=event.occurred_at,
            action=event.action, actor_id=None, actor_label="", clinic_id=7, subject_type="",
            subject_id="", client_id=None, ip=None, details=details, prev_hash=previous)
        digest = hashlib.sha256(payload).hexdigest()
        cursor.execute("UPDATE audit_auditevent SET details = %s, prev_hash = %s, hash = %s "
                       "WHERE id = %s", [json.dumps(details), previous, digest, event.id])
        previous = digest
"""


def run(args: list[str], env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(  # noqa: S603 - the project's own commands
        args, env=env, cwd=ROOT, capture_output=True, text=True, check=False, timeout=300
    )


def test_an_existing_chain_is_marked_legacy_and_anchored(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "DEBUG"}}
    env.update(
        MEDMASSAGE_VAR_DIR=str(tmp_path), DJANGO_SETTINGS_MODULE="medmassage.config.settings"
    )
    manage = [sys.executable, str(ROOT / "manage.py")]
    python = [sys.executable, "-c"]
    copy_migrated_sqlite(tmp_path / "medmassage.sqlite3")  # as `migrate` leaves it
    back = run([*manage, "migrate", "audit", "0003", "--no-input"], env)
    assert back.returncode == 0, back.stderr
    written = run([*python, WRITE_LEGACY], env)
    assert written.returncode == 0, written.stderr

    assert run([*manage, "migrate", "--no-input"], env).returncode == 0
    verified = run([*manage, "verify_audit"], env)

    assert verified.returncode == 0, verified.stderr
    assert "4 events in 1 chains (3 written before keyed hashing" in verified.stdout

    rewritten = run([*python, REWRITE_LEGACY], env)
    assert rewritten.returncode == 0, rewritten.stderr
    broken = run([*manage, "verify_audit"], env)
    assert broken.returncode == 1
    assert "sequence 4" in broken.stderr  # the keyed anchor no longer matches
