"""Writing audit events: the only writer of the audit tables."""

from __future__ import annotations

import ipaddress
import json
from typing import Any

from django.db import connection, models, transaction
from django.http import HttpRequest
from django.utils import timezone

from medmassage.audit.chain import GENESIS_HASH, event_hash, event_payload
from medmassage.audit.models import SYSTEM_CHAIN, AuditChainHead, AuditEvent

# Advisory-lock namespace for audit chains on PostgreSQL (an arbitrary, fixed 32-bit number).
_PG_LOCK_NAMESPACE = 0x4D4D4155


def record_event(
    *,
    action: str,
    actor: Any = None,
    clinic: Any = None,
    subject: models.Model | None = None,
    client: Any = None,
    request: HttpRequest | None = None,
    details: dict[str, Any] | None = None,
) -> AuditEvent:
    """Append one event to its clinic's chain; call inside the transaction of the change."""
    if not connection.in_atomic_block:
        raise RuntimeError("record_event must run inside the transaction of the change it records")
    clinic_id = getattr(clinic, "pk", clinic)
    chain = clinic_id or SYSTEM_CHAIN
    _lock_chain(chain)
    head = AuditChainHead.objects.filter(chain=chain).first()
    fields: dict[str, Any] = {
        "chain": chain,
        "sequence": (head.sequence if head else 0) + 1,
        "occurred_at": timezone.now(),
        "action": action,
        "actor_id": getattr(actor, "pk", None),
        "actor_label": getattr(actor, "email", "") or "",
        "clinic_id": clinic_id,
        "subject_type": subject._meta.label_lower if subject is not None else "",
        "subject_id": str(subject.pk) if subject is not None else "",
        "client_id": getattr(client, "pk", client),
        "ip": _client_ip(request),
        # Stored exactly as hashed: the JSON round trip turns dates and decimals into text.
        "details": json.loads(json.dumps(details or {}, default=str)),
        "prev_hash": head.hash if head else GENESIS_HASH,
    }
    event = AuditEvent.objects.create(**fields, hash=event_hash(event_payload(**fields)))
    _advance_head(head, chain=chain, event=event)
    return event


def _lock_chain(chain: int) -> None:
    # SQLite serialises writers already (IMMEDIATE transactions); PostgreSQL needs a lock held
    # to the end of the transaction so that two writers cannot both extend the same head.
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s, %s)", [_PG_LOCK_NAMESPACE, chain])


def _advance_head(head: AuditChainHead | None, *, chain: int, event: AuditEvent) -> None:
    if head is None:
        AuditChainHead.objects.create(chain=chain, sequence=event.sequence, hash=event.hash)
        return
    AuditChainHead.objects.filter(chain=chain).update(sequence=event.sequence, hash=event.hash)


def _client_ip(request: HttpRequest | None) -> str | None:
    if request is None:
        return None
    # Behind a proxy, the proxy's address is what Django sees unless axes/ipware resolved it.
    raw = getattr(request, "axes_ip_address", None) or request.META.get("REMOTE_ADDR") or None
    try:
        return str(ipaddress.ip_address(raw)) if raw else None
    except ValueError:
        return None  # not an address (a test client, a misconfigured proxy): record none


def record_in_transaction(**kwargs: Any) -> AuditEvent:
    """Record a read (e.g. a chart view) that has no change of its own to join."""
    with transaction.atomic():
        return record_event(**kwargs)
