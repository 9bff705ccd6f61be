"""Every resource type the server answers, by name (see sources.py for what a kind is)."""

from __future__ import annotations

from medmassage.fhir.kinds_clinical import (
    ADVERSE_EVENT,
    CARE_PLAN,
    CONSENT,
    DOCUMENT_REFERENCE,
    OBSERVATION,
    PROCEDURE,
    QUESTIONNAIRE_RESPONSE,
    SERVICE_REQUEST,
)
from medmassage.fhir.kinds_people import (
    CONDITION,
    ENCOUNTER,
    ORGANIZATION,
    PATIENT,
    PRACTITIONER,
    PRACTITIONER_ROLE,
)
from medmassage.fhir.sources import Kind, Source

KINDS: dict[str, Kind] = {
    kind.name: kind
    for kind in (
        PATIENT,
        PRACTITIONER,
        PRACTITIONER_ROLE,
        ORGANIZATION,
        ENCOUNTER,
        CONDITION,
        OBSERVATION,
        QUESTIONNAIRE_RESPONSE,
        PROCEDURE,
        CARE_PLAN,
        CONSENT,
        ADVERSE_EVENT,
        DOCUMENT_REFERENCE,
        SERVICE_REQUEST,
    )
}
__all__ = ["KINDS", "Kind", "Source"]
