"""Observation (questionnaire totals, NPRS, range of motion) and QuestionnaireResponse."""

from __future__ import annotations

from medmassage.assessments.models import Assessment, RangeOfMotion
from medmassage.clinical.instruments import INSTRUMENTS
from medmassage.fhir.codes import (
    INSTRUMENT,
    LOINC,
    OBSERVATION_CATEGORY,
    QUESTIONNAIRE,
    RANGE_OF_MOTION,
    UCUM,
    coding,
)
from medmassage.fhir.mapping import Json, compact, day, decimal, instant, ref
from medmassage.outcomes.models import Measurement

ROM_PREFIX = "rom-"
_UCUM_UNITS = {"%": "%", "percent": "%"}


def observation(row: Measurement) -> Json:
    """A questionnaire total (or the NPRS rating): LOINC-coded where the knowledge base has a
    verified code, always in the project's instrument code system."""
    instrument = INSTRUMENTS[row.instrument]
    codings = [coding(LOINC, instrument.loinc_score)] if instrument.loinc_score else []
    codings.append(coding(INSTRUMENT, row.instrument, instrument.name))
    unit = _UCUM_UNITS.get(instrument.unit, "{score}")
    return compact(
        {
            "resourceType": "Observation",
            "id": str(row.pk),
            "status": "final",
            "category": [{"coding": [coding(OBSERVATION_CATEGORY, "survey", "Survey")]}],
            "code": {"coding": codings, "text": instrument.name},
            "subject": ref("Patient", row.client_id),
            "effectiveDateTime": instant(row.administered_at),
            "issued": instant(row.created_at),
            "performer": [ref("Practitioner", row.recorded_by_id)],
            "valueQuantity": {
                "value": decimal(row.score),
                "unit": instrument.unit,
                "system": UCUM,
                "code": unit,
            },
            "interpretation": [{"text": row.band}] if row.band else None,
            "derivedFrom": [ref("QuestionnaireResponse", row.pk)],
        }
    )


def range_of_motion(row: RangeOfMotion, assessment: Assessment) -> Json:
    """Active range of motion of one movement, in degrees, with the normal it was read against."""
    name = row.movement_name
    code = f"{row.joint}.{row.movement}"
    degrees = {"unit": "degrees", "system": UCUM, "code": "deg"}
    return compact(
        {
            "resourceType": "Observation",
            "id": f"{ROM_PREFIX}{row.pk}",
            "status": "final",
            "category": [{"coding": [coding(OBSERVATION_CATEGORY, "exam", "Exam")]}],
            "code": {
                "coding": [coding(RANGE_OF_MOTION, code, name)],
                "text": f"Range of motion: {name}",
            },
            "subject": ref("Patient", assessment.client_id),
            "effectiveDateTime": day(assessment.assessed_on),
            "performer": [ref("Practitioner", assessment.recorded_by_id)],
            "bodySite": {"text": f"{row.joint.replace('_', ' ')}, {row.side}"},
            "valueQuantity": {"value": row.degrees, **degrees},
            "referenceRange": [
                {"high": {"value": row.normal_degrees, **degrees}, "text": "Normal end of range"}
            ],
            "note": [{"text": "Pain on movement"}] if row.pain else None,
        }
    )


def questionnaire_response(row: Measurement) -> Json:
    """The answers as given, item by item (labels are the project's own, never a licensed
    questionnaire's wording)."""
    instrument = INSTRUMENTS[row.instrument]
    labels = instrument.items.labels
    activities = list(row.activities or [])
    items = []
    for index, answer in enumerate(row.answers or []):
        text = activities[index] if index < len(activities) and activities[index] else None
        if text is None and index < len(labels):
            text = labels[index]
        item: Json = compact({"linkId": str(index + 1), "text": text})
        if isinstance(answer, int | float) and not isinstance(answer, bool):
            item["answer"] = [{"valueInteger": int(answer)}]
        items.append(item)
    return compact(
        {
            "resourceType": "QuestionnaireResponse",
            "id": str(row.pk),
            "questionnaire": f"{QUESTIONNAIRE}{row.instrument}",
            "status": "completed",
            "subject": ref("Patient", row.client_id),
            "authored": instant(row.administered_at),
            "author": ref("Practitioner", row.recorded_by_id),
            "item": items,
        }
    )
