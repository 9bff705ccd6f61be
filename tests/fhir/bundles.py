"""A referral Bundle as a physician's system might send it (fictional people)."""

from __future__ import annotations

from typing import Any


def referral_bundle(
    *, given: str = "Noor", family: str = "Haddad", born: str = "1979-04-02"
) -> dict[str, Any]:
    patient = {
        "resourceType": "Patient",
        "id": "p1",
        "name": [{"use": "official", "family": family, "given": [given]}],
        "gender": "female",
        "birthDate": born,
        "telecom": [
            {"system": "phone", "value": "555-0142"},
            {"system": "email", "value": "noor@example.org"},
        ],
        "address": [{"line": ["12 Harbour St"], "city": "Kingston", "postalCode": "K7L 1A1"}],
    }
    doctor = {
        "resourceType": "Practitioner",
        "id": "dr1",
        "name": [{"prefix": ["Dr."], "given": ["Amara"], "family": "Osei"}],
        "telecom": [{"system": "phone", "value": "555-0300"}],
    }
    subject = {"reference": "Patient/p1"}
    resources: list[dict[str, Any]] = [
        patient,
        doctor,
        {
            "resourceType": "Condition",
            "id": "c1",
            "clinicalStatus": {
                "coding": [
                    {
                        "system": "http://terminology.hl7.org/CodeSystem/condition-clinical",
                        "code": "active",
                    }
                ]
            },
            "code": {
                "coding": [
                    {
                        "system": "http://hl7.org/fhir/sid/icd-10-cm",
                        "code": "M54.2",
                        "display": "Cervicalgia",
                    }
                ],
                "text": "Neck pain",
            },
            "bodySite": [{"text": "Neck"}],
            "onsetDateTime": "2025-10-01",
            "subject": subject,
        },
        {
            "resourceType": "Condition",
            "id": "c2",
            "code": {
                "coding": [
                    {"system": "http://snomed.info/sct", "code": "30989003", "display": "Knee pain"}
                ]
            },
            "bodySite": [{"text": "Left knee"}],
            "subject": subject,
        },
        {
            "resourceType": "Condition",
            "id": "c3",
            "clinicalStatus": {
                "coding": [
                    {
                        "system": "http://terminology.hl7.org/CodeSystem/condition-clinical",
                        "code": "resolved",
                    }
                ]
            },
            "code": {"text": "Ankle sprain"},
            "subject": subject,
        },
        {
            "resourceType": "MedicationStatement",
            "id": "m1",
            "status": "active",
            "medicationCodeableConcept": {"text": "Apixaban 5 mg"},
            "subject": subject,
        },
        {
            "resourceType": "MedicationStatement",
            "id": "m2",
            "status": "stopped",
            "medicationCodeableConcept": {"text": "Ibuprofen 400 mg"},
            "subject": subject,
        },
        {
            "resourceType": "AllergyIntolerance",
            "id": "a1",
            "code": {"text": "Almond oil"},
            "reaction": [{"manifestation": [{"text": "Hives"}]}],
            "patient": subject,
        },
        {
            "resourceType": "ServiceRequest",
            "id": "s1",
            "status": "active",
            "intent": "order",
            "subject": subject,
            "requester": {"reference": "Practitioner/dr1"},
            "reasonCode": [{"text": "Chronic neck pain, desk work"}],
            "note": [{"text": "Six visits; no cervical manipulation."}],
        },
        {"resourceType": "Immunization", "id": "i1", "status": "completed", "patient": subject},
    ]
    return {
        "resourceType": "Bundle",
        "type": "collection",
        "entry": [{"resource": r} for r in resources],
    }
