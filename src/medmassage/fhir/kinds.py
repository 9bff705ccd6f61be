"""Every resource type the server answers: where its rows come from, how a row becomes a
resource, and which search parameters filter it.

A kind may draw on several tables (Observation: questionnaire totals and range of motion;
DocumentReference: signed notes and discharge summaries), each a `Source` with its own ids.
A source marked `expands` yields several resources per row (an intake's complaints).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Q, QuerySet

from medmassage.accounts.models import Clinic, Membership
from medmassage.assessments.models import RangeOfMotion
from medmassage.clients.models import Client, Consent
from medmassage.clinical.instruments import INSTRUMENTS
from medmassage.discharges.models import DischargeSummary
from medmassage.fhir import codes as systems
from medmassage.fhir.mapping import Json, care, documents, measures, people, referrals
from medmassage.fhir.params import (
    NOTHING,
    Filter,
    boolean_filter,
    codes,
    date_filter,
    fixed_filter,
    has_coding,
    reference_filter,
    status_filter,
    string_filter,
    token_filter,
)
from medmassage.intake.models import Intake
from medmassage.outcomes.models import Measurement
from medmassage.plans.models import TreatmentPlan
from medmassage.referrals.models import ProgressReport, Referral
from medmassage.visits.models import AdverseEvent, TreatmentGiven, Visit

Rows = Callable[[int], QuerySet[Any]]


@dataclass(frozen=True)
class Source:
    rows: Rows  # the clinic's rows (by clinic id), related rows joined, in a stable order
    build: Callable[[Any], list[Json]]
    ids: Callable[[str], Q | None]  # a resource id as a filter on these rows (None: not ours)
    since: Callable[[dt.datetime], Q]
    params: Mapping[str, Filter] = field(default_factory=dict)
    patient: str | None = "client_id"  # the column holding the client, if any
    expands: bool = False
    # Parameters matched against the built resources (sources that expand a row).
    keep: Mapping[str, Callable[[Json, str], bool]] = field(default_factory=dict)


@dataclass(frozen=True)
class Kind:
    name: str
    action: str  # the policy action that reads it
    sources: tuple[Source, ...]

    @property
    def search_params(self) -> tuple[str, ...]:
        names = {name for source in self.sources for name in (*source.params, *source.keep)}
        return tuple(sorted({"_id", *names}))

    @property
    def in_patient_compartment(self) -> bool:
        return all(source.patient for source in self.sources)


def _pk(prefix: str = "") -> Callable[[str], Q | None]:
    def parse(resource_id: str) -> Q | None:
        rest = resource_id.removeprefix(prefix) if prefix else resource_id
        if (prefix and not resource_id.startswith(prefix)) or not rest.isdigit():
            return None
        return Q(pk=int(rest))

    return parse


def _one(build: Callable[[Any], Json]) -> Callable[[Any], list[Json]]:
    return lambda row: [build(row)]


def _after(*fields: str) -> Callable[[dt.datetime], Q]:
    def since(moment: dt.datetime) -> Q:
        found = Q(**{f"{fields[0]}__gte": moment})
        for name in fields[1:]:
            found |= Q(**{f"{name}__gte": moment})
        return found

    return since


def _patient(column: str = "client_id") -> dict[str, Filter]:
    by_patient = reference_filter(column, "Patient")
    return {"patient": by_patient, "subject": by_patient}


# --- People -----------------------------------------------------------------------------------


def _members(clinic_id: int) -> QuerySet[Any]:
    return (
        Membership.objects.filter(clinic_id=clinic_id)
        .select_related("user", "practitioner")
        .prefetch_related("practitioner__licences")
        .order_by("pk")
    )


PATIENT = Kind(
    "Patient",
    "clients.identity.view",
    (
        Source(
            rows=lambda c: Client.objects.for_clinic(c).order_by("pk"),
            build=_one(people.patient),
            ids=_pk(),
            since=_after("updated_at", "created_at"),
            patient="pk",
            params={
                "name": string_filter("family_name", "given_name", "preferred_name"),
                "family": string_filter("family_name"),
                "given": string_filter("given_name"),
                "birthdate": date_filter("date_of_birth", is_date=True),
                "active": boolean_filter("is_active"),
                "gender": token_filter(codes("sex", "http://hl7.org/fhir/administrative-gender")),
            },
        ),
    ),
)
PRACTITIONER = Kind(
    "Practitioner",
    "practitioners.view",
    (
        Source(
            rows=_members,
            build=_one(people.practitioner),
            ids=_pk(),
            since=_after("created_at"),
            patient=None,
            params={
                "name": string_filter("user__full_name"),
                "active": boolean_filter("is_active"),
            },
        ),
    ),
)
PRACTITIONER_ROLE = Kind(
    "PractitionerRole",
    "practitioners.view",
    (
        Source(
            rows=lambda c: (
                Membership.objects.filter(clinic_id=c).select_related("user").order_by("pk")
            ),
            build=_one(people.practitioner_role),
            ids=_pk(),
            since=_after("created_at"),
            patient=None,
            params={
                "practitioner": reference_filter("pk", "Practitioner"),
                "role": token_filter(codes("role", systems.ROLE)),
                "active": boolean_filter("is_active"),
            },
        ),
    ),
)
ORGANIZATION = Kind(
    "Organization",
    "practitioners.view",
    (
        Source(
            rows=lambda c: Clinic.objects.filter(pk=c),
            build=_one(people.organization),
            ids=_pk(),
            since=_after("created_at"),
            patient=None,
            params={"name": string_filter("name")},
        ),
    ),
)

# --- Care -------------------------------------------------------------------------------------

ENCOUNTER = Kind(
    "Encounter",
    "visits.view",
    (
        Source(
            rows=lambda c: Visit.objects.for_clinic(c).order_by("pk"),
            build=_one(care.encounter),
            ids=_pk(),
            since=_after("started_at", "signed_at"),
            params={
                **_patient(),
                "date": date_filter("started_at"),
                "status": status_filter("status", {v: k for k, v in care.ENCOUNTER_STATUS.items()}),
                "practitioner": reference_filter("therapist_id", "Practitioner"),
            },
        ),
    ),
)


def _latest_intakes(clinic_id: int) -> QuerySet[Any]:
    # The latest intake of each client holds its current complaints; older versions stay
    # readable by id (a plan addresses the complaints of the intake it was drafted from).
    return Intake.objects.for_clinic(clinic_id).order_by("client_id", "-version", "pk")


def _condition_ids(resource_id: str) -> Q | None:
    intake, dash, index = resource_id.partition("-")
    return Q(pk=int(intake)) if dash and intake.isdigit() and index.isdigit() else None


CONDITION = Kind(
    "Condition",
    "intake.view",
    (
        Source(
            rows=_latest_intakes,
            build=care.conditions,
            ids=_condition_ids,
            since=_after("recorded_at"),
            expands=True,
            params={
                **_patient(),
                "recorded-date": date_filter("recorded_at"),
                "clinical-status": fixed_filter("active"),
            },
            keep={"code": has_coding("code")},
        ),
    ),
)


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
            build=_one(measures.observation),
            ids=_pk(),
            since=_after("created_at"),
            params={
                **_patient(),
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
            ids=_pk(measures.ROM_PREFIX),
            since=_after("assessment__created_at"),
            patient="assessment__client_id",
            params={
                **_patient("assessment__client_id"),
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
            build=_one(measures.questionnaire_response),
            ids=_pk(),
            since=_after("created_at"),
            params={
                **_patient(),
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
            ids=_pk(),
            since=_after("visit__started_at", "visit__signed_at"),
            patient="visit__client_id",
            params={
                **_patient("visit__client_id"),
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
            ids=_pk(),
            since=_after("created_at", "approved_at", "discharge__closed_at"),
            params={
                **_patient(),
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
            build=_one(care.consent),
            ids=_pk(),
            since=_after("signed_at", "revoked_at"),
            params={
                **_patient(),
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
            build=_one(care.adverse_event),
            ids=_pk(),
            since=_after("recorded_at", "reviewed_at"),
            params={
                **_patient(),
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
            build=_one(documents.visit_note),
            ids=_pk(documents.NOTE_PREFIX),
            since=_after("signed_at"),
            params={
                **_patient(),
                "date": date_filter("signed_at"),
                "status": fixed_filter("current"),
                "type": token_filter(lambda s, code: Q() if code == "visit-note" else None),
            },
        ),
        Source(
            rows=lambda c: DischargeSummary.objects.for_clinic(c).order_by("pk"),
            build=_one(documents.discharge),
            ids=_pk(documents.DISCHARGE_PREFIX),
            since=_after("closed_at"),
            params={
                **_patient(),
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
            build=_one(documents.letter),
            ids=_pk(documents.LETTER_PREFIX),
            since=_after("signed_at"),
            params={
                **_patient(),
                "date": date_filter("signed_at"),
                "status": fixed_filter("current"),
                "type": token_filter(lambda s, code: Q() if code == "referral-letter" else None),
            },
        ),
        Source(
            rows=lambda c: (
                ProgressReport.objects.for_clinic(c).exclude(document_name="").order_by("pk")
            ),
            build=_one(documents.report),
            ids=_pk(documents.REPORT_PREFIX),
            since=_after("signed_at"),
            params={
                **_patient(),
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
            build=_one(referrals.service_request),
            ids=_pk(),
            since=_after("created_at", "signed_at", "sent_at", "answered_at"),
            params={
                **_patient(),
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
__all__ = ["KINDS", "NOTHING", "Kind", "Source"]
