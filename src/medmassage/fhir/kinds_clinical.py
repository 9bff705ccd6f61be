"""The clinical kinds: measures, treatment, plans, consent, documents, referrals."""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet

from medmassage.assessments.models import RangeOfMotion
from medmassage.clients.models import Consent
from medmassage.clinical.instruments import INSTRUMENTS
from medmassage.discharges.models import DischargeSummary
from medmassage.fhir import codes as systems
from medmassage.fhir.mapping import Json, care, documents, measures, referrals
from medmassage.fhir.params import (
    Filter,
    codes,
    date_filter,
    fixed_filter,
    reference_filter,
    status_filter,
    token_filter,
)
from medmassage.fhir.sources import Kind, Source, changed_since, ids_by_pk, one, patient_params
from medmassage.outcomes.models import Measurement
from medmassage.plans.models import TreatmentPlan
from medmassage.referrals.models import ProgressReport, Referral
from medmassage.visits.models import AdverseEvent, TreatmentGiven, Visit


def _instrument_code(system: str | None, code: str) -> Q | None:
    if system in (None, systems.INSTRUMENT) and code in INSTRUMENTS:
        return Q(instrument=code)
    if system in (None, systems.LOINC):
        found = [
            key for key, item in INSTRUMENTS.items() if code in (item.loinc_score, item.loinc_panel)
        ]
        return Q(instrument__in=found) if found else None
    return None


def _movement_code(system: str | None, code: str) -> Q | None:
    joint, dot, movement = code.partition(".")
    if system not in (None, systems.RANGE_OF_MOTION) or not dot:
        return None
    return Q(joint=joint, movement=movement)


def _category(wanted: str) -> Filter:
    return token_filter(lambda system, code: Q() if code == wanted else None)


OBSERVATION = Kind(
    "Observation",
    "outcomes.view",
    (
        Source(
            rows=lambda c: Measurement.objects.for_clinic(c).order_by("pk"),
            build=one(measures.observation),
            ids=ids_by_pk(),
            since=changed_since("created_at"),
            params={
                **patient_params(),
                "date": date_filter("administered_at"),
                "code": token_filter(_instrument_code),
                "status": fixed_filter("final"),
                "category": _category("survey"),
            },
        ),
        Source(
            rows=lambda c: (
                RangeOfMotion.objects.for_clinic(c).select_related("assessment").order_by("pk")
            ),
            build=lambda row: [measures.range_of_motion(row, row.assessment)],
            ids=ids_by_pk(measures.ROM_PREFIX),
            since=changed_since("assessment__created_at"),
            patient="assessment__client_id",
            params={
                **patient_params("assessment__client_id"),
                "date": date_filter("assessment__assessed_on", is_date=True),
                "code": token_filter(_movement_code),
                "status": fixed_filter("final"),
                "category": _category("exam"),
            },
        ),
    ),
)
QUESTIONNAIRE_RESPONSE = Kind(
    "QuestionnaireResponse",
    "outcomes.view",
    (
        Source(
            rows=lambda c: Measurement.objects.for_clinic(c).order_by("pk"),
            build=one(measures.questionnaire_response),
            ids=ids_by_pk(),
            since=changed_since("created_at"),
            params={
                **patient_params(),
                "authored": date_filter("administered_at"),
                "date": date_filter("administered_at"),
                "status": fixed_filter("completed"),
                "questionnaire": token_filter(
                    lambda system, code: Q(instrument=code.removeprefix(systems.QUESTIONNAIRE))
                ),
            },
        ),
    ),
)


def _procedures(clinic_id: int) -> QuerySet[Any]:
    return (
        TreatmentGiven.objects.for_clinic(clinic_id)
        .filter(visit__status__in=["draft", "signed"])
        .select_related("visit")
        .order_by("pk")
    )


def _procedure_code(system: str | None, code: str) -> Q | None:
    if system in (None, systems.CPT) and code.isdigit():
        return Q(cpt=code)
    if system in (None, systems.TECHNIQUE):
        return Q(technique=code)
    return None


PROCEDURE = Kind(
    "Procedure",
    "visits.view",
    (
        Source(
            rows=_procedures,
            build=lambda row: [care.procedure(row, row.visit)],
            ids=ids_by_pk(),
            since=changed_since("visit__started_at", "visit__signed_at"),
            patient="visit__client_id",
            params={
                **patient_params("visit__client_id"),
                "date": date_filter("visit__started_at"),
                "code": token_filter(_procedure_code),
                "status": status_filter(
                    "visit__status", {"completed": "signed", "in-progress": "draft"}
                ),
                "encounter": reference_filter("visit_id", "Encounter"),
            },
        ),
    ),
)


def _plans(clinic_id: int) -> QuerySet[Any]:
    return (
        TreatmentPlan.objects.for_clinic(clinic_id)
        .select_related("intake", "discharge")
        .order_by("pk")
    )


def _care_plan(plan: TreatmentPlan) -> list[Json]:
    summary = getattr(plan, "discharge", None) if _has_discharge(plan) else None
    return [care.care_plan(plan, closed_at=summary.closed_at if summary else None)]


def _has_discharge(plan: TreatmentPlan) -> bool:
    try:
        plan.discharge  # noqa: B018 - a missing one-to-one row raises
    except TreatmentPlan.discharge.RelatedObjectDoesNotExist:
        return False
    return True


CARE_PLAN = Kind(
    "CarePlan",
    "plans.view",
    (
        Source(
            rows=_plans,
            build=_care_plan,
            ids=ids_by_pk(),
            since=changed_since("created_at", "approved_at", "discharge__closed_at"),
            params={
                **patient_params(),
                "date": date_filter("approved_at"),
                "status": status_filter("status", {v: k for k, v in care.CAREPLAN_STATUS.items()}),
            },
        ),
    ),
)
CONSENT = Kind(
    "Consent",
    "consents.view",
    (
        Source(
            rows=lambda c: Consent.objects.for_clinic(c).select_related("template").order_by("pk"),
            build=one(care.consent),
            ids=ids_by_pk(),
            since=changed_since("signed_at", "revoked_at"),
            params={
                **patient_params(),
                "date": date_filter("signed_at"),
                "status": token_filter(
                    lambda system, code: {
                        "active": Q(revoked_at=None),
                        "inactive": ~Q(revoked_at=None),
                    }.get(code)
                ),
            },
        ),
    ),
)
ADVERSE_EVENT = Kind(
    "AdverseEvent",
    "visits.view",
    (
        Source(
            rows=lambda c: AdverseEvent.objects.for_clinic(c).order_by("pk"),
            build=one(care.adverse_event),
            ids=ids_by_pk(),
            since=changed_since("recorded_at", "reviewed_at"),
            params={
                **patient_params(),
                "date": date_filter("recorded_at"),
                "event": token_filter(codes("kind", systems.ADVERSE_KIND)),
                "code": token_filter(codes("kind", systems.ADVERSE_KIND)),
                "severity": token_filter(codes("severity", systems.ADVERSE_SEVERITY)),
            },
        ),
    ),
)
DOCUMENT_REFERENCE = Kind(
    "DocumentReference",
    "visits.view",
    (
        Source(
            rows=lambda c: Visit.objects.for_clinic(c).filter(status="signed").order_by("pk"),
            build=one(documents.visit_note),
            ids=ids_by_pk(documents.NOTE_PREFIX),
            since=changed_since("signed_at"),
            params={
                **patient_params(),
                "date": date_filter("signed_at"),
                "status": fixed_filter("current"),
                "type": token_filter(lambda s, code: Q() if code == "visit-note" else None),
            },
        ),
        Source(
            rows=lambda c: DischargeSummary.objects.for_clinic(c).order_by("pk"),
            build=one(documents.discharge),
            ids=ids_by_pk(documents.DISCHARGE_PREFIX),
            since=changed_since("closed_at"),
            params={
                **patient_params(),
                "date": date_filter("closed_at"),
                "status": fixed_filter("current"),
                "type": token_filter(lambda s, code: Q() if code == "discharge-summary" else None),
            },
        ),
        Source(
            rows=lambda c: (
                Referral.objects.for_clinic(c)
                .filter(direction="out")
                .exclude(document_name="")
                .order_by("pk")
            ),
            build=one(documents.letter),
            ids=ids_by_pk(documents.LETTER_PREFIX),
            since=changed_since("signed_at"),
            params={
                **patient_params(),
                "date": date_filter("signed_at"),
                "status": fixed_filter("current"),
                "type": token_filter(lambda s, code: Q() if code == "referral-letter" else None),
            },
        ),
        Source(
            rows=lambda c: (
                ProgressReport.objects.for_clinic(c).exclude(document_name="").order_by("pk")
            ),
            build=one(documents.report),
            ids=ids_by_pk(documents.REPORT_PREFIX),
            since=changed_since("signed_at"),
            params={
                **patient_params(),
                "date": date_filter("signed_at"),
                "status": fixed_filter("current"),
                "type": token_filter(lambda s, code: Q() if code == "progress-report" else None),
            },
        ),
    ),
)
SERVICE_REQUEST = Kind(
    "ServiceRequest",
    "referrals.view",
    (
        Source(
            rows=lambda c: Referral.objects.for_clinic(c).select_related("provider").order_by("pk"),
            build=one(referrals.service_request),
            ids=ids_by_pk(),
            since=changed_since("created_at", "signed_at", "sent_at", "answered_at"),
            params={
                **patient_params(),
                "authored": date_filter("created_at"),
                "date": date_filter("created_at"),
                "status": status_filter(
                    "status",
                    {
                        "draft": "drafted",
                        "active": ("signed", "sent", "active"),
                        "completed": ("answered", "closed"),
                        "revoked": "cancelled",
                    },
                ),
                "intent": token_filter(codes("intent", "http://hl7.org/fhir/request-intent")),
                "priority": token_filter(
                    codes(
                        "urgency",
                        "http://hl7.org/fhir/request-priority",
                        {v: k for k, v in referrals.PRIORITY.items()},
                    )
                ),
                "code": token_filter(
                    lambda system, code: (
                        Q(reason_codes__icontains=code)
                        if system in (None, systems.ICD10CM)
                        else None
                    )
                ),
            },
        ),
    ),
)
