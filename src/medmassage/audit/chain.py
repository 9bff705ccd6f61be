"""How an audit event's hash is computed: one definition for writing and for verifying."""

from __future__ import annotations

import hashlib
import json
from datetime import UTC, datetime
from typing import Any

GENESIS_HASH = "0" * 64


def event_payload(
    *,
    chain: int,
    sequence: int,
    occurred_at: datetime,
    action: str,
    actor_id: int | None,
    actor_label: str,
    clinic_id: int | None,
    subject_type: str,
    subject_id: str,
    client_id: int | None,
    ip: str | None,
    details: dict[str, Any],
    prev_hash: str,
) -> bytes:
    """The canonical bytes that an event's hash covers (every field but the hash)."""
    document = {
        "chain": chain,
        "sequence": sequence,
        "occurred_at": occurred_at.astimezone(UTC).isoformat(timespec="microseconds"),
        "action": action,
        "actor_id": actor_id,
        "actor_label": actor_label,
        "clinic_id": clinic_id,
        "subject_type": subject_type,
        "subject_id": subject_id,
        "client_id": client_id,
        "ip": ip,
        "details": details,
        "prev_hash": prev_hash,
    }
    return json.dumps(document, sort_keys=True, separators=(",", ":"), default=str).encode()


def event_hash(payload: bytes) -> str:
    """SHA-256 of the canonical payload, hex."""
    return hashlib.sha256(payload).hexdigest()
