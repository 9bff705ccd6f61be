"""Builders of the referral loop for the tests of this folder and the page walks."""

from __future__ import annotations

import io
from datetime import date
from typing import Any

from django.utils import timezone

from medmassage.careteam.models import Clearance, Provider
from medmassage.careteam.services import add_provider
from medmassage.referrals.answers import receive_clearance
from medmassage.referrals.models import Referral
from tests.builders import Ready, actor
from tests.careteam.documents import PDF

RIVERA = {
    "name": "Dr Ana Rivera",
    "profession": "physician",
    "organisation": "Harbour Family Practice",
    "npi": "1234567893",
    "fax": "555-0121",
}
LIMITS = {
    "outcome": "cleared_with_limits",
    "max_pressure": "light",
    "exclude_techniques": ["deep_tissue"],
}


def rivera(ready: Ready) -> Provider:
    return add_provider(by=actor(ready.therapist), fields=RIVERA)


def answer(
    ready: Ready,
    referral: Referral | None = None,
    *,
    issued_on: date | None = None,
    **fields: Any,
) -> Clearance:
    """The physician's clearance with limits, as a PDF, answering the referral."""
    return receive_clearance(
        client=ready.client,
        by=actor(ready.therapist),
        fields={
            "from_name": "Dr Ana Rivera",
            "issued_on": issued_on or timezone.localdate(),
            **LIMITS,
            **fields,
        },
        document=io.BytesIO(PDF),
        document_name="rivera-clearance.pdf",
        claimed_type="application/pdf",
        referral=referral,
    )
