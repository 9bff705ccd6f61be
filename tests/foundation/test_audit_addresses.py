"""Client addresses in the audit trail are stored exactly as hashed, IPv6 included."""

from __future__ import annotations

import pytest
from django.db import transaction
from django.test import RequestFactory

from medmassage.accounts.actors import request_address
from medmassage.audit.models import AuditEvent
from medmassage.audit.services import record_event
from medmassage.audit.verification import verify_chains
from medmassage.tenancy import unscoped


@pytest.mark.parametrize(
    ("remote", "stored"),
    [
        ("2001:0db8:0000:0000:0000:0000:0000:0001", "2001:db8::1"),
        ("::ffff:192.0.2.10", "::ffff:c000:20a"),
        ("192.0.2.10", "192.0.2.10"),
        ("not-an-address", None),
    ],
)
@pytest.mark.django_db
def test_addresses_are_canonical_and_the_chain_verifies(remote: str, stored: str | None) -> None:
    request = RequestFactory().get("/", REMOTE_ADDR=remote)
    with transaction.atomic():
        event = record_event(
            action="tests.address.recorded", by=None, address=request_address(request)
        )
    with unscoped():
        assert AuditEvent.objects.get(pk=event.pk).ip == stored
        assert verify_chains().ok
