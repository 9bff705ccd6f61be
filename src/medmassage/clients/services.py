"""The only writers of client records, each with its audit event."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db import transaction
from django.http import HttpRequest

from medmassage.accounts.models import Clinic
from medmassage.audit.services import record_event, record_in_transaction
from medmassage.clients.models import Client


@transaction.atomic
def create_client(
    *,
    clinic: Clinic,
    actor: Any,
    given_name: str,
    family_name: str,
    date_of_birth: date,
    phone: str = "",
    email: str = "",
    request: HttpRequest | None = None,
) -> Client:
    """Register a new client in the clinic."""
    client = Client(
        clinic=clinic,
        given_name=given_name,
        family_name=family_name,
        date_of_birth=date_of_birth,
        phone=phone,
        email=email,
    )
    client.full_clean()
    client.save()
    record_event(
        action="clients.client.created",
        actor=actor,
        clinic=clinic,
        subject=client,
        client=client,
        request=request,
    )
    return client


def record_client_viewed(*, client: Client, actor: Any, request: HttpRequest | None) -> None:
    """Reads of a client record are audited too."""
    record_in_transaction(
        action="clients.client.viewed",
        actor=actor,
        clinic=client.clinic_id,
        subject=client,
        client=client,
        request=request,
    )
