"""Code systems and the codes this server uses, each from a checkable source or the project's own.

LOINC codes of the outcome instruments come from the knowledge base (instruments.toml, which
carries only the codes FACTS.md §1 gives as verified); an instrument without one is coded in the
project's own code system alone. CPT codes are the visit's own (FACTS.md §6).
"""

from __future__ import annotations

LOINC = "http://loinc.org"
ICD10CM = "http://hl7.org/fhir/sid/icd-10-cm"
CPT = "http://www.ama-assn.org/go/cpt"
UCUM = "http://unitsofmeasure.org"
OBSERVATION_CATEGORY = "http://terminology.hl7.org/CodeSystem/observation-category"
ACT_CODE = "http://terminology.hl7.org/CodeSystem/v3-ActCode"
CONDITION_CLINICAL = "http://terminology.hl7.org/CodeSystem/condition-clinical"
CONDITION_VERIFICATION = "http://terminology.hl7.org/CodeSystem/condition-ver-status"
CONDITION_CATEGORY = "http://terminology.hl7.org/CodeSystem/condition-category"
CONSENT_SCOPE = "http://terminology.hl7.org/CodeSystem/consentscope"
ADVERSE_SEVERITY = "http://terminology.hl7.org/CodeSystem/adverse-event-severity"
DOCUMENT_STATUS_CURRENT = "current"

# The project's own code systems: stable URIs under the project's name, one per vocabulary.
_LOCAL = "https://medmassage.org/fhir/CodeSystem/"
INSTRUMENT = _LOCAL + "instrument"
TECHNIQUE = _LOCAL + "technique"
RANGE_OF_MOTION = _LOCAL + "range-of-motion"
ROLE = _LOCAL + "clinic-role"
ADVERSE_KIND = _LOCAL + "adverse-event"
DOCUMENT_KIND = _LOCAL + "document-kind"
QUESTIONNAIRE = "https://medmassage.org/fhir/Questionnaire/"

GENDERS = {"female": "female", "male": "male", "other": "other", "unknown": "unknown"}


def coding(system: str, code: str, display: str | None = None) -> dict[str, str]:
    """One Coding, its display left out when there is none."""
    found = {"system": system, "code": code}
    if display:
        found["display"] = display
    return found
