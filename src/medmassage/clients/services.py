"""The only writers of client records, each in one transaction with its audit event."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.db import transaction
from django.utils import timezone

from medmassage.accounts.actors import Actor
from medmassage.audit.services import record_event
from medmassage.clients.models import Client
from medmassage.clients.validation import validate_client
from medmassage.tenancy import clinic_scope

# What staff may set on a client record (the form's fields, and the foreign key by id).
EDITABLE_FIELDS = frozenset({*Client.EDITABLE, "primary_therapist_id"})


def _cleaned(fields: Mapping[str, Any]) -> dict[str, Any]:
    unknown = set(fields) - EDITABLE_FIELDS
    if unknown:
        raise TypeError(f"Not editable on a client: {', '.join(sorted(unknown))}")
    return {k: v.strip() if isinstance(v, str) else v for k, v in fields.items()}


@transaction.atomic
def create_client(*, by: Actor, **fields: Any) -> Client:
    """Register a new client in the actor's clinic; InvalidInput names every invalid field."""
    client = Client(clinic=by.clinic, **_cleaned(fields))
    with clinic_scope(by.clinic):
        validate_client(client)
        client.save()
        record_event(action="clients.client.created", by=by, subject=client, client=client)
    return client


@transaction.atomic
def update_client(*, client: Client, by: Actor, **changes: Any) -> Client:
    """Change a client's record; nothing is saved unless every field is valid."""
    changes = _cleaned(changes)
    previous_therapist_id = client.primary_therapist_id
    changed = sorted(
        name.removesuffix("_id")
        for name, value in changes.items()
        if getattr(client, name) != value
    )
    for name, value in changes.items():
        setattr(client, name, value)
    with clinic_scope(client.clinic):
        validate_client(client, previous_therapist_id=previous_therapist_id)
        if not changed:
            return client
        client.updated_at = timezone.now()
        client.save()
        record_event(
            action="clients.client.updated",
            by=by,
            subject=client,
            client=client,
            # Field names only: audit rows are kept forever and must not copy health data.
            details={"changed": changed},
        )
    return client
