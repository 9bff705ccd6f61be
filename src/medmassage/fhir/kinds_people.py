"""The kinds about who: patients, members, the clinic; and visits and complaints."""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet

from medmassage.accounts.models import Clinic, Membership
from medmassage.clients.models import Client
from medmassage.fhir import codes as systems
from medmassage.fhir.mapping import care, people
from medmassage.fhir.params import (
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
from medmassage.fhir.sources import Kind, Source, changed_since, ids_by_pk, one, patient_params
from medmassage.intake.models import Intake
from medmassage.visits.models import Visit

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
            build=one(people.patient),
            ids=ids_by_pk(),
            since=changed_since("updated_at", "created_at"),
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
            build=one(people.practitioner),
            ids=ids_by_pk(),
            since=changed_since("created_at"),
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
            build=one(people.practitioner_role),
            ids=ids_by_pk(),
            since=changed_since("created_at"),
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
            build=one(people.organization),
            ids=ids_by_pk(),
            since=changed_since("created_at"),
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
            build=one(care.encounter),
            ids=ids_by_pk(),
            since=changed_since("started_at", "signed_at"),
            params={
                **patient_params(),
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
            since=changed_since("recorded_at"),
            expands=True,
            params={
                **patient_params(),
                "recorded-date": date_filter("recorded_at"),
                "clinical-status": fixed_filter("active"),
            },
            keep={"code": has_coding("code")},
        ),
    ),
)
