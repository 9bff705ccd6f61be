"""How an audit event's hash is computed: one definition for writing and for verifying."""

from __future__ import annotations

import hashlib
import json
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from medmassage.integrity.keys import IntegrityKey

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
    key_id: str = "",
) -> bytes:
    """The canonical bytes that an event's hash covers (every field but the hash).

    Events written before keyed hashing (`key_id` empty) keep the payload they were hashed with.
    """
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
    if key_id:
        document["key_id"] = key_id
    return json.dumps(document, sort_keys=True, separators=(",", ":"), default=str).encode()


def event_hash(payload: bytes, key: IntegrityKey | None) -> str:
    """HMAC-SHA256 of the canonical payload under the integrity key, hex.

    Without a key: the plain SHA-256 of events written before keyed hashing (legacy events),
    which anyone can recompute; they are anchored by the keyed event that follows them.
    """
    if key is None:
        return hashlib.sha256(payload).hexdigest()
    return key.mac(payload)
