"""Every read in the portal is audited, naming the client as the actor."""

from __future__ import annotations

from django.db import models, transaction

from medmassage.audit.services import record_event
from medmassage.clientaccounts.actors import ClientActor, audit_actor


def record_client_read(by: ClientActor, page: str, subject: models.Model | None = None) -> None:
    """Record that the client was shown their own record (which page, which row)."""
    with transaction.atomic():
        record_event(
            action="portal.record.viewed",
            subject=subject or by.client,
            client=by.client,
            details={"page": page},
            **audit_actor(by),
        )
