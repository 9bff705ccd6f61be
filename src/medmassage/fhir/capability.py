"""The CapabilityStatement: what this server answers, read from the kinds themselves."""

from __future__ import annotations

from django.utils import timezone

from medmassage.fhir.kinds import KINDS
from medmassage.fhir.mapping import Json

_TYPES = {
    "_id": "token",
    "patient": "reference",
    "subject": "reference",
    "practitioner": "reference",
    "encounter": "reference",
    "date": "date",
    "authored": "date",
    "birthdate": "date",
    "recorded-date": "date",
    "name": "string",
    "family": "string",
    "given": "string",
}
EXPORT = "http://hl7.org/fhir/uv/bulkdata/OperationDefinition/"


def capability_statement(base: str) -> Json:
    """The server's CapabilityStatement (R4, JSON only, read and search-type)."""
    resources = [
        {
            "type": kind.name,
            "interaction": [{"code": "read"}, {"code": "search-type"}],
            "searchParam": [
                {"name": name, "type": _TYPES.get(name, "token")} for name in kind.search_params
            ],
            **(
                {
                    "operation": [
                        {
                            "name": "everything",
                            "definition": "http://hl7.org/fhir/OperationDefinition/Patient-everything",
                        },
                        {"name": "export", "definition": EXPORT + "patient-export"},
                    ]
                }
                if kind.name == "Patient"
                else {}
            ),
        }
        for kind in KINDS.values()
    ]
    resources.append({"type": "Binary", "interaction": [{"code": "read"}]})
    resources.append(
        {
            "type": "Group",
            "operation": [{"name": "export", "definition": EXPORT + "group-export"}],
        }
    )
    return {
        "resourceType": "CapabilityStatement",
        "status": "active",
        "date": timezone.now().date().isoformat(),
        "publisher": "MedMassage",
        "kind": "instance",
        "software": {"name": "MedMassage"},
        "implementation": {"description": "MedMassage FHIR R4 server", "url": base},
        "fhirVersion": "4.0.1",
        "format": ["application/fhir+json", "json"],
        "instantiates": ["http://hl7.org/fhir/uv/bulkdata/CapabilityStatement/bulk-data"],
        "rest": [
            {
                "mode": "server",
                "security": {
                    "description": "A clinic's bearer token (Authorization: Bearer mm_...), "
                    "or a logged-in session for reads"
                },
                "resource": resources,
                "operation": [{"name": "export", "definition": EXPORT + "export"}],
            }
        ],
    }
