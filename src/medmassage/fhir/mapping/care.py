"""Encounter (a visit), Condition (an intake complaint), Procedure (a technique given),
CarePlan (a treatment plan), Consent and AdverseEvent."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from medmassage.clients.models import Consent
from medmassage.fhir.codes import (
    ACT_CODE,
    ADVERSE_KIND,
    ADVERSE_SEVERITY,
    CONDITION_CATEGORY,
    CONDITION_CLINICAL,
    CONDITION_VERIFICATION,
    CONSENT_SCOPE,
    CPT,
    ICD10CM,
    TECHNIQUE,
    coding,
)
from medmassage.fhir.mapping import Json, compact, instant, ref
from medmassage.intake.models import Intake
from medmassage.plans.models import TreatmentPlan
from medmassage.visits.models import AdverseEvent, TreatmentGiven, Visit
from medmassage.words.vocabulary import label, place, places

ENCOUNTER_STATUS = {"draft": "in-progress", "signed": "finished", "stopped": "cancelled"}
CAREPLAN_STATUS = {
    "draft": "draft",
    "approved": "active",
    "superseded": "revoked",
    "closed": "completed",
}
ACTIVITY_STATUS = {
    "draft": "not-started",
    "active": "in-progress",
    "revoked": "cancelled",
    "completed": "completed",
}
AMBULATORY = coding(ACT_CODE, "AMB", "ambulatory")


def encounter(visit: Visit) -> Json:
    """A visit: in progress while its note is a draft, finished once signed, cancelled when
    check-in stopped it."""
    return compact(
        {
            "resourceType": "Encounter",
            "id": str(visit.pk),
            "status": ENCOUNTER_STATUS.get(visit.status, "unknown"),
            "class": AMBULATORY,
            "type": [{"text": "Medical massage therapy visit"}],
            "subject": ref("Patient", visit.client_id),
            "participant": [{"individual": ref("Practitioner", visit.therapist_id)}],
            "period": compact(
                {"start": instant(visit.started_at), "end": instant(visit.signed_at)}
            ),
            "serviceProvider": ref("Organization", visit.clinic_id),
        }
    )


def condition_id(intake_id: int, index: int) -> str:
    return f"{intake_id}-{index + 1}"


def conditions(intake: Intake) -> list[Json]:
    """Each complaint of the intake as a condition; coded in ICD-10-CM where the intake has a
    code, in words always."""
    return [
        _condition(intake, index, complaint)
        for index, complaint in enumerate(intake.document.get("complaints", ()))
        if isinstance(complaint, dict)
    ]


def _condition(intake: Intake, index: int, complaint: dict[str, Any]) -> Json:
    where = place(complaint.get("region"), complaint.get("side"))
    text = complaint.get("description") or f"Complaint: {where.lower()}"
    code = complaint.get("icd10")
    return compact(
        {
            "resourceType": "Condition",
            "id": condition_id(intake.pk, index),
            "clinicalStatus": {"coding": [coding(CONDITION_CLINICAL, "active")]},
            "verificationStatus": {"coding": [coding(CONDITION_VERIFICATION, "provisional")]},
            "category": [{"coding": [coding(CONDITION_CATEGORY, "problem-list-item")]}],
            "code": compact({"coding": [coding(ICD10CM, code)] if code else None, "text": text}),
            "bodySite": [{"text": where}] if complaint.get("region") else None,
            "subject": ref("Patient", intake.client_id),
            "onsetDateTime": complaint.get("onset"),
            "recordedDate": instant(intake.recorded_at),
            "recorder": ref("Practitioner", intake.recorded_by_id),
        }
    )


def procedure(row: TreatmentGiven, visit: Visit) -> Json:
    """A technique given to one region at a visit, with its CPT code (in progress until the
    note is signed)."""
    technique = label("technique", row.technique)
    codings = [coding(CPT, row.cpt)] if row.cpt else []
    return {
        "resourceType": "Procedure",
        "id": str(row.pk),
        "status": "completed",
        "code": {
            "coding": [*codings, coding(TECHNIQUE, row.technique, technique)],
            "text": technique,
        },
        "subject": ref("Patient", visit.client_id),
        "encounter": ref("Encounter", visit.pk),
        "performedDateTime": instant(visit.started_at),
        "performer": [{"actor": ref("Practitioner", visit.therapist_id)}],
        "bodySite": [{"text": place(row.region, row.side)}],
        "note": [
            {"text": f"{row.minutes} minutes, {label('pressure', row.pressure).lower()} pressure"}
        ],
    }


def care_plan(plan: TreatmentPlan, *, closed_at: Any = None) -> Json:
    """The plan as the therapist approved it: techniques as activities, the course as their
    timing, goals and home care as notes."""
    status = CAREPLAN_STATUS.get(plan.status, "unknown")
    content = plan.content
    timing = _course(content)
    return compact(
        {
            "resourceType": "CarePlan",
            "id": str(plan.pk),
            "status": status,
            "intent": "plan",
            "title": f"Treatment plan, version {plan.version}",
            "subject": ref("Patient", plan.client_id),
            "created": instant(plan.created_at),
            "period": compact({"start": instant(plan.approved_at), "end": instant(closed_at)}),
            "author": ref("Practitioner", plan.created_by_id),
            "replaces": [ref("CarePlan", plan.previous_id)] if plan.previous_id else None,
            "addresses": [
                ref("Condition", condition_id(plan.intake_id, index))
                for index, _ in enumerate(_complaints_of(plan))
            ],
            "activity": [
                {"detail": _activity(technique, ACTIVITY_STATUS.get(status, "unknown"), timing)}
                for technique in content.get("techniques", ())
            ],
            "note": [{"text": f"Goal: {goal}"} for goal in content.get("goals", ()) if goal],
        }
    )


def _complaints_of(plan: TreatmentPlan) -> Iterable[object]:
    # The plan's intake comes with it (select_related): its complaints are what it addresses.
    complaints = plan.intake.document.get("complaints", ())
    return [item for item in complaints if isinstance(item, dict)]


def _course(content: dict[str, Any]) -> Json | None:
    per_week, weeks = content.get("sessions_per_week") or 0, content.get("weeks") or 0
    if not per_week:
        return None
    repeat: Json = {"frequency": per_week, "period": 1, "periodUnit": "wk"}
    if weeks:
        repeat["count"] = per_week * weeks
    return {"repeat": repeat}


def _activity(technique: dict[str, Any], status: str, timing: Json | None) -> Json:
    name = label("technique", technique.get("technique"))
    regions = places(technique.get("regions", ()))
    pressure = label("pressure", technique.get("max_pressure")).lower()
    description = f"{name}: {regions.lower()}; up to {pressure} pressure"
    if technique.get("minutes"):
        description += f", {technique['minutes']} minutes"
    return compact(
        {
            "kind": "ServiceRequest",
            "code": {
                "coding": [coding(TECHNIQUE, str(technique.get("technique")), name)],
                "text": name,
            },
            "status": status,
            "scheduledTiming": timing,
            "description": description,
        }
    )


def consent(row: Consent) -> Json:
    """Informed consent to treatment: active until revoked."""
    template = row.template
    return compact(
        {
            "resourceType": "Consent",
            "id": str(row.pk),
            "status": "inactive" if row.revoked_at else "active",
            "scope": {"coding": [coding(CONSENT_SCOPE, "treatment", "Treatment")]},
            "category": [{"text": "Informed consent to medical massage therapy"}],
            "patient": ref("Patient", row.client_id),
            "dateTime": instant(row.signed_at),
            "performer": [
                {"display": row.guardian_name}
                if row.guardian_name
                else ref("Patient", row.client_id)
            ],
            "organization": [ref("Organization", row.clinic_id)],
            "policyRule": {"text": f"{template.title}, version {template.version}"},
            "provision": {
                "type": "permit",
                "period": compact(
                    {"start": instant(row.signed_at), "end": instant(row.revoked_at)}
                ),
            },
        }
    )


def adverse_event(row: AdverseEvent) -> Json:
    """An adverse event after a visit, with its severity."""
    kind = row.get_kind_display()
    text = f"{kind}: {row.description}" if row.description else kind
    return {
        "resourceType": "AdverseEvent",
        "id": str(row.pk),
        "actuality": "actual",
        "event": {"coding": [coding(ADVERSE_KIND, row.kind, kind)], "text": text},
        "subject": ref("Patient", row.client_id),
        "encounter": ref("Encounter", row.visit_id),
        "date": instant(row.recorded_at),
        "recordedDate": instant(row.recorded_at),
        "severity": {
            "coding": [coding(ADVERSE_SEVERITY, row.severity, row.get_severity_display())]
        },
        "recorder": ref("Practitioner", row.recorded_by_id),
    }
