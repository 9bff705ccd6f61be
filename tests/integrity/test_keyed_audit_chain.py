"""The audit chain is keyed: an administrator who can write to the database but does not hold
the integrity key cannot rewrite it so that `medmassage audit verify` passes, and cannot roll
it back behind the checkpoints kept outside the database."""

from __future__ import annotations

import hashlib
import hmac
import json
import os
import stat
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command
from django.db import transaction

from medmassage.audit.chain import event_payload
from medmassage.audit.checkpoints import checkpoint_file, write_checkpoint
from medmassage.audit.models import AuditChainHead, AuditEvent
from medmassage.audit.services import record_event
from medmassage.integrity.keys import keyring, rotate_key_file
from tests.builders import actor
from tests.cast import Cast
from tests.integrity.tampering import execute, without_triggers

AUDIT_TABLES = ("audit_auditevent", "audit_auditchainhead")


@pytest.fixture
def trail(cast: Cast) -> list[AuditEvent]:
    with transaction.atomic():
        for step in range(4):
            record_event(action=f"tests.step.{step}", by=actor(cast.therapist), details={"n": step})
    return list(AuditEvent.objects.filter(chain=cast.clinic.pk).order_by("sequence"))


def verify() -> str:
    out = StringIO()
    call_command("verify_audit", stdout=out)
    return out.getvalue()


def failure() -> str:
    with pytest.raises(CommandError) as caught:
        verify()
    assert caught.value.returncode == 1
    return str(caught.value)


def payload(event: AuditEvent, *, prev_hash: str, key_id: str) -> bytes:
    return event_payload(
        chain=event.chain,
        sequence=event.sequence,
        occurred_at=event.occurred_at,
        action=event.action,
        actor_id=event.actor_id,
        actor_label=event.actor_label,
        clinic_id=event.clinic_id,
        subject_type=event.subject_type,
        subject_id=event.subject_id,
        client_id=event.client_id,
        ip=event.ip,
        details=event.details,
        prev_hash=prev_hash,
        key_id=key_id,
    )


def recompute_from(trail: list[AuditEvent], start: int, hash_with: str) -> None:
    """Re-hash every event from `start` on, as an attacker without the key would."""
    prev = trail[start - 1].hash
    chain = trail[0].chain
    for stale in trail[start:]:
        event = AuditEvent.objects.get(pk=stale.pk)
        key_id = "" if hash_with == "sha256" else event.key_id
        data = payload(event, prev_hash=prev, key_id=key_id)
        if hash_with == "sha256":
            forged = hashlib.sha256(data).hexdigest()
        else:  # the key everyone on the server can read: Django's SECRET_KEY
            forged = hmac.new(settings.SECRET_KEY.encode(), data, hashlib.sha256).hexdigest()
        execute(
            "UPDATE audit_auditevent SET prev_hash = %s, hash = %s, key_id = %s WHERE id = %s",
            [prev, forged, key_id, event.pk],
        )
        prev = forged
    execute("UPDATE audit_auditchainhead SET hash = %s WHERE chain = %s", [prev, chain])


def test_every_event_carries_the_id_of_the_key_that_hashed_it(trail: list[AuditEvent]) -> None:
    current = keyring().current
    assert {event.key_id for event in trail} == {current.key_id}
    event = trail[-1]
    expected = current.mac(payload(event, prev_hash=event.prev_hash, key_id=event.key_id))
    assert event.hash == expected
    assert (
        event.hash
        != hashlib.sha256(payload(event, prev_hash=event.prev_hash, key_id="")).hexdigest()
    )


@pytest.mark.parametrize("hash_with", ["sha256", "secret_key"])
def test_a_chain_recomputed_without_the_integrity_key_is_caught(
    trail: list[AuditEvent], hash_with: str
) -> None:
    # The review's attack: drop the triggers, edit an event, recompute the chain after it.
    without_triggers(*AUDIT_TABLES)
    edited = trail[2]
    execute("UPDATE audit_auditevent SET action = %s WHERE id = %s", ["forged", edited.pk])
    recompute_from(trail, 2, hash_with)

    message = failure()

    assert f"event {edited.pk} (sequence {edited.sequence})" in message


def test_a_chain_rewritten_as_legacy_from_the_start_is_caught(trail: list[AuditEvent]) -> None:
    without_triggers(*AUDIT_TABLES)
    execute("UPDATE audit_auditevent SET details = %s WHERE id = %s", ['{"n": 99}', trail[1].pk])
    first = AuditEvent.objects.get(pk=trail[0].pk)
    forged = hashlib.sha256(payload(first, prev_hash=first.prev_hash, key_id="")).hexdigest()
    execute("UPDATE audit_auditevent SET hash = %s, key_id = '' WHERE id = %s", [forged, first.pk])
    trail[0].hash = forged
    recompute_from(trail, 1, "sha256")

    assert "no keyed event anchors this chain" in failure()


def test_a_chain_rolled_back_behind_its_checkpoint_is_caught(
    cast: Cast, trail: list[AuditEvent]
) -> None:
    head = AuditChainHead.objects.get(chain=cast.clinic.pk)
    write_checkpoint(head.chain, sequence=head.sequence, hash=head.hash)
    # Remove the newest two events and move the head back: the rest still verifies by itself.
    without_triggers(*AUDIT_TABLES)
    execute("DELETE FROM audit_auditevent WHERE id IN (%s, %s)", [trail[-1].pk, trail[-2].pk])
    execute(
        "UPDATE audit_auditchainhead SET sequence = %s, hash = %s WHERE chain = %s",
        [trail[-3].sequence, trail[-3].hash, head.chain],
    )

    message = failure()

    assert f"chain {head.chain}" in message
    assert "ends before the checkpoint" in message


def test_checkpoints_are_written_after_commit_readable_by_the_owner_only(
    cast: Cast, settings: pytest.FixtureRequest, django_capture_on_commit_callbacks: Any
) -> None:
    settings.AUDIT_CHECKPOINT_SECONDS = 0  # type: ignore[attr-defined]
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        event = record_event(action="tests.committed", by=actor(cast.therapist))

    lines = [json.loads(line) for line in checkpoint_file().read_text().splitlines()]
    assert {"chain": cast.clinic.pk, "sequence": event.sequence, "hash": event.hash} in [
        {k: line[k] for k in ("chain", "sequence", "hash")} for line in lines
    ]
    assert stat.S_IMODE(os.stat(checkpoint_file()).st_mode) == 0o600
    assert "checkpoints match" in verify()


def test_a_forged_checkpoint_line_is_reported(cast: Cast, trail: list[AuditEvent]) -> None:
    head = AuditChainHead.objects.get(chain=cast.clinic.pk)
    write_checkpoint(head.chain, sequence=head.sequence, hash=head.hash)
    with checkpoint_file().open("a") as handle:
        line = {"chain": head.chain, "sequence": 99, "hash": "0" * 64, "at": "2030-01-01"}
        handle.write(json.dumps({**line, "key_id": keyring().current.key_id, "mac": "f" * 64}))

    assert "fails its key check" in failure()


@pytest.fixture
def key_file(settings: pytest.FixtureRequest, tmp_path: Path) -> Path:
    path = tmp_path / "integrity_keys"
    settings.INTEGRITY_KEYS = ""  # type: ignore[attr-defined]
    settings.INTEGRITY_KEY_FILE = path  # type: ignore[attr-defined]
    return path


def test_the_key_file_is_made_once_for_its_owner_only(key_file: Path, cast: Cast) -> None:
    first = keyring().current

    assert stat.S_IMODE(key_file.stat().st_mode) == 0o600
    assert keyring().current == first
    assert first.secret != settings.SECRET_KEY.encode()


def test_rotation_keeps_old_events_verifiable_and_new_ones_use_the_new_key(
    key_file: Path, cast: Cast
) -> None:
    with transaction.atomic():
        old = record_event(action="tests.before", by=actor(cast.therapist))
    new_id = rotate_key_file(key_file)
    with transaction.atomic():
        new = record_event(action="tests.after", by=actor(cast.therapist))

    assert old.key_id != new_id
    assert new.key_id == new_id
    assert "Audit trail intact" in verify()

    # A key dropped from the ring: its events can no longer be verified, and verify says so.
    key_file.write_text(key_file.read_text().splitlines()[0] + "\n")
    assert f"integrity key {old.key_id}, which is not in the key ring" in failure()


def test_keys_from_the_environment_variable(settings: pytest.FixtureRequest, db: None) -> None:
    settings.INTEGRITY_KEYS = f"env-2:{'A' * 43},env-1:{'B' * 43}"  # type: ignore[attr-defined]
    from tests.cast import build_cast

    cast = build_cast()

    assert [key.key_id for key in keyring().keys] == ["env-2", "env-1"]
    with transaction.atomic():
        assert record_event(action="tests.env", by=actor(cast.therapist)).key_id == "env-2"


def test_a_key_file_readable_by_others_fails_the_system_check(key_file: Path, db: None) -> None:
    from django.core.checks import run_checks

    keyring()
    key_file.chmod(0o644)

    assert "medmassage.E008" in {message.id for message in run_checks()}


def test_the_secret_key_as_integrity_key_fails_the_system_check(
    settings: pytest.FixtureRequest, db: None
) -> None:
    import base64

    from django.core.checks import run_checks

    settings.SECRET_KEY = "s" * 48  # type: ignore[attr-defined]
    encoded = base64.urlsafe_b64encode(b"s" * 48).decode()
    settings.INTEGRITY_KEYS = f"same:{encoded}"  # type: ignore[attr-defined]

    assert "medmassage.E009" in {message.id for message in run_checks()}
