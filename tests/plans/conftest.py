"""A client ready for planning: consent signed, the therapist licensed, an intake on file."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from django.utils import timezone

from medmassage.accounts.models import Membership, Practitioner
from medmassage.clients.consents import ConsentDetails, record_consent
from medmassage.clients.models import Client, ConsentTopic
from medmassage.intake.models import Intake
from medmassage.intake.services import record_intake
from medmassage.practitioners.services import add_licence, register_practitioner
from tests.cast import Cast

VIGNETTES = Path(__file__).resolve().parents[1] / "clinical" / "vignettes"


@dataclass
class Ready:
    cast: Cast
    client: Client
    therapist: Membership
    practitioner: Practitioner


def membership_of(cast: Cast, user: Any) -> Membership:
    return Membership.objects.get(user=user, clinic=cast.clinic)


def vignette(name: str) -> dict[str, Any]:
    document = json.loads((VIGNETTES / f"{name}.json").read_text())
    document["visit_date"] = timezone.localdate().isoformat()
    return document


def give_consent(client: Client, by: Membership) -> None:
    record_consent(
        client=client,
        obtained_by=by,
        details=ConsentDetails(
            topics=tuple(str(topic) for topic in ConsentTopic),
            signature_method="typed",
            signature=client.full_name,
        ),
    )


def license_(practitioner: Practitioner, actor: Any, *, expires_on: date) -> None:
    add_licence(
        practitioner=practitioner,
        actor=actor,
        fields={
            "jurisdiction": "Ontario, Canada",
            "number": f"RMT-{practitioner.pk:05d}",
            "issued_on": expires_on - timedelta(days=700),
            "expires_on": expires_on,
        },
    )


def take_intake(ready: Ready, name: str) -> Intake:
    return record_intake(
        clinic=ready.cast.clinic,
        client=ready.client,
        actor_membership=ready.therapist,
        document=vignette(name),
    )


@pytest.fixture
def ready(cast: Cast) -> Ready:
    therapist = membership_of(cast, cast.therapist)
    practitioner = register_practitioner(membership=therapist, actor=cast.owner)
    license_(practitioner, cast.owner, expires_on=timezone.localdate() + timedelta(days=365))
    give_consent(cast.client, therapist)
    return Ready(cast, cast.client, therapist, practitioner)
