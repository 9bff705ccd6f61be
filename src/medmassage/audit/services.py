"""Writing audit events: the only writer of the audit tables."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from django.db import connection, models, transaction
from django.utils import timezone

from medmassage.audit import checkpoints
from medmassage.audit.chain import GENESIS_HASH, event_hash, event_payload
from medmassage.audit.models import SYSTEM_CHAIN, AuditChainHead, AuditEvent
from medmassage.integrity.keys import keyring

if TYPE_CHECKING:
    from medmassage.accounts.actors import Actor
    from medmassage.accounts.models import Clinic, User

# Advisory-lock namespace for audit chains on PostgreSQL (an arbitrary, fixed 32-bit number).
_PG_LOCK_NAMESPACE = 0x4D4D4155


def record_event(
    *,
    action: str,
    by: Actor | None,
    subject: models.Model | None = None,
    client: models.Model | int | None = None,
    details: dict[str, Any] | None = None,
    clinic: Clinic | int | None = None,
    user: User | None = None,
    address: str | None = None,
    actor_label: str = "",
) -> AuditEvent:
    """Append one event to its clinic's chain; call inside the transaction of the change.

    The actor says who, where and from which address. Events with no clinic member behind them
    (a sign-in, a failed login, a system job) pass `by=None` and name what they know instead.
    The client defaults to the subject's own (`subject.client_id`, or the subject itself when it
    is a client). `actor_label` names an actor who is no user (a client in the portal).
    """
    if not connection.in_atomic_block:
        raise RuntimeError("record_event must run inside the transaction of the change it records")
    if by is not None:
        clinic, user, address = clinic or by.clinic_id, by.user, address or by.address
    if client is None and subject is not None:
        client = _client_of(subject)
    clinic_id = clinic.pk if isinstance(clinic, models.Model) else clinic
    chain = clinic_id or SYSTEM_CHAIN
    _lock_chain(chain)
    head = AuditChainHead.objects.filter(chain=chain).first()
    key = keyring().current
    fields: dict[str, Any] = {
        "chain": chain,
        "sequence": (head.sequence if head else 0) + 1,
        "occurred_at": timezone.now(),
        "action": action,
        "actor_id": user.pk if user is not None else None,
        "actor_label": user.email if user is not None else actor_label,
        "clinic_id": clinic_id,
        "subject_type": subject._meta.label_lower if subject is not None else "",
        "subject_id": str(subject.pk) if subject is not None else "",
        "client_id": client.pk if isinstance(client, models.Model) else client,
        "ip": address,
        # Stored exactly as hashed: the JSON round trip turns dates and decimals into text.
        "details": json.loads(json.dumps(details or {}, default=str)),
        "prev_hash": head.hash if head else GENESIS_HASH,
        "key_id": key.key_id,
    }
    event = AuditEvent.objects.create(**fields, hash=event_hash(event_payload(**fields), key))
    _advance_head(head, chain=chain, event=event)
    transaction.on_commit(
        lambda: checkpoints.note_head(chain, sequence=event.sequence, hash=event.hash)
    )
    return event


def _client_of(subject: models.Model) -> int | None:
    if subject._meta.label_lower == "clients.client":
        return int(subject.pk)
    client_id = getattr(subject, "client_id", None)
    return int(client_id) if client_id is not None else None


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


def record_read(
    action: str,
    *,
    by: Actor,
    subject: models.Model | None = None,
    client: models.Model | int | None = None,
    details: dict[str, Any] | None = None,
) -> AuditEvent:
    """Record that a member was shown client data (a page, a PDF, an API answer).

    Inside a caller's transaction the event joins it without a savepoint of its own: a read
    that cannot be audited fails with the caller's work (nothing here is worth rolling back to).
    """
    with transaction.atomic(savepoint=False):
        return record_event(action=action, by=by, subject=subject, client=client, details=details)
