"""What a practitioner may do under the clinic's rules, and the document the planner takes.

The clinical core knows one credential per technique (its default table, project policy); the
clinic may require another credential, or none. The document therefore does not pass the
certifications through as they are: it lists each core credential whose techniques the
practitioner is allowed under the clinic's rules, so that the core offers exactly those
techniques. A clinic rule on a technique the core does not gate cannot be said in the core's
format; `ScopeOfPractice.beyond_document` names those techniques (and the credential each needs)
for the caller to exclude.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.utils import timezone

from medmassage.accounts.models import Clinic, Practitioner
from medmassage.clinical.intake_schema import PRACTITIONER_FORMAT, VERSION
from medmassage.clinical.knowledge import knowledge
from medmassage.practitioners import queries
from medmassage.practitioners.credentials import SCOPE_ITEMS
from medmassage.practitioners.status import CredentialStatus, credential_status


@dataclass(frozen=True)
class ScopeOfPractice:
    """Which techniques the practitioner may use in this clinic on a day."""

    held_credentials: frozenset[str]
    requirements: Mapping[str, str]  # technique or scope item -> credential the clinic requires
    allowed: frozenset[str]
    restricted: Mapping[str, str]  # technique -> the credential it needs and they lack
    # The restricted techniques (-> credential) the core's format cannot express.
    beyond_document: Mapping[str, str]


def scope_of_practice(
    practitioner: Practitioner, clinic: Clinic, on: date | None = None
) -> ScopeOfPractice:
    """The techniques allowed and restricted under the clinic's credential rules."""
    _check_clinic(practitioner, clinic)
    held = credential_status(practitioner, on).held_credentials
    return _scope(held, queries.get_credential_requirements(clinic))


def practitioner_document(
    practitioner: Practitioner, clinic: Clinic, on: date | None = None
) -> dict[str, Any]:
    """The practitioner document (format "medmassage.practitioner") for the clinical core."""
    _check_clinic(practitioner, clinic)
    on = on or timezone.localdate()
    status = credential_status(practitioner, on)
    scope = _scope(status.held_credentials, queries.get_credential_requirements(clinic))
    document: dict[str, Any] = {
        "format": PRACTITIONER_FORMAT,
        "version": VERSION,
        "name": practitioner.membership.user.full_name,
        "credentials": core_credentials(scope.allowed),
    }
    document.update(_licence_part(status))
    return document


def core_credentials(allowed: frozenset[str]) -> list[str]:
    """The core's credential ids whose every gated technique is allowed."""
    kb = knowledge()
    gated: dict[str, set[str]] = {credential: set() for credential in kb.credentials}
    for technique_id, technique in kb.techniques.items():
        if technique.credential is not None:
            gated[technique.credential].add(technique_id)
    # A core credential gating no technique (e.g. intraoral jaw work) stands for itself.
    return sorted(
        credential
        for credential, techniques in gated.items()
        if (techniques or {credential}) <= allowed
    )


def _scope(held: frozenset[str], requirements: Mapping[str, str]) -> ScopeOfPractice:
    restricted = {
        item: credential
        for item, credential in requirements.items()
        if item in SCOPE_ITEMS and credential not in held
    }
    core_gated = {
        technique_id
        for technique_id, technique in knowledge().techniques.items()
        if technique.credential is not None
    }
    return ScopeOfPractice(
        held_credentials=held,
        requirements=dict(requirements),
        allowed=frozenset(SCOPE_ITEMS) - set(restricted),
        restricted=restricted,
        beyond_document={
            item: credential
            for item, credential in restricted.items()
            if item in knowledge().techniques and item not in core_gated
        },
    )


def _licence_part(status: CredentialStatus) -> dict[str, Any]:
    licence = status.licence
    if licence is None:
        return {}
    return {
        "jurisdiction": licence.jurisdiction,
        "licence": {"number": licence.number, "expires": licence.expires_on.isoformat()},
    }


def _check_clinic(practitioner: Practitioner, clinic: Clinic) -> None:
    if practitioner.clinic_id != clinic.pk:
        raise ValueError("The practitioner belongs to another clinic.")
