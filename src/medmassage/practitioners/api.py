"""JSON API for practitioners and their credentials (the same services as the pages)."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.exceptions import PermissionDenied
from django.utils import timezone
from ninja import Router, Status

from medmassage.accounts import policy
from medmassage.accounts.access import ClinicRequest
from medmassage.accounts.models import Membership, Practitioner
from medmassage.practitioners import queries, services
from medmassage.practitioners.models import Certification, Licence
from medmassage.practitioners.schemas import (
    CertificationIn,
    CertificationOut,
    CredentialRuleIn,
    CredentialRuleOut,
    EducationIn,
    EducationOut,
    LicenceIn,
    LicenceOut,
    PractitionerDetailOut,
    PractitionerOut,
    RegisterIn,
)
from medmassage.practitioners.status import CredentialStatus, licence_state
from medmassage.practitioners.summaries import (
    PractitionerDetail,
    certification_state,
    get_practitioner_detail,
    list_credential_rule_rows,
    list_practitioner_summaries,
)

router = Router(tags=["practitioners"])


@router.get("", response=list[PractitionerOut], summary="Practitioners with licence status")
def list_practitioners(request: ClinicRequest) -> list[dict[str, Any]]:
    """The clinic's practitioners, each with licence status, block and warnings."""
    membership = _membership(request, "practitioners.view")
    full = policy.allows(membership, "practitioners.credentials.view")
    return [
        _summary(summary.practitioner, summary.name, summary.status, full=full)
        for summary in list_practitioner_summaries(request.clinic)
    ]


@router.post("", response={201: PractitionerDetailOut}, summary="Set up a practitioner")
def register_practitioner(request: ClinicRequest, payload: RegisterIn) -> Status[dict[str, Any]]:
    """Give an owner or therapist of the clinic a practitioner profile."""
    membership = _membership(request, "practitioners.view")
    target = queries.get_practising_membership(request.clinic, payload.user_id)
    if not policy.allows_registration(membership, target):
        raise PermissionDenied("Your role does not allow setting up this practitioner")
    practitioner = services.register_practitioner(membership=target, by=request.actor)
    return Status(201, _detail(request, practitioner))


@router.get("/credential-rules", response=list[CredentialRuleOut], summary="Credential rules")
def list_credential_rules(request: ClinicRequest) -> list[dict[str, Any]]:
    """Every technique with the credential the clinic requires for it ("" for none)."""
    _membership(request, "practitioners.view")
    rows = list_credential_rule_rows(request.clinic)
    return [
        {"technique": r.technique, "credential": r.credential, "source": r.source} for r in rows
    ]


@router.post("/credential-rules", response=CredentialRuleOut, summary="Set a credential rule")
def set_credential_rule(request: ClinicRequest, payload: CredentialRuleIn) -> dict[str, Any]:
    """Set which credential the clinic requires for a technique (owners)."""
    _membership(request, "clinic.credential_rules.manage")
    rule = services.set_credential_rule(
        technique=payload.technique,
        credential=payload.credential,
        source=payload.source,
        by=request.actor,
    )
    return {"technique": rule.technique, "credential": rule.credential, "source": rule.source}


@router.get("/{practitioner_id}", response=PractitionerDetailOut, summary="One practitioner")
def get_practitioner(request: ClinicRequest, practitioner_id: int) -> dict[str, Any]:
    """Licences, certifications, continuing education, warnings and block of one practitioner."""
    _membership(request, "practitioners.view")
    practitioner = queries.get_practitioner(request.clinic, practitioner_id)
    return _detail(request, practitioner)


@router.post("/{practitioner_id}/licences", response={201: LicenceOut}, summary="Add a licence")
def add_licence(
    request: ClinicRequest, practitioner_id: int, payload: LicenceIn
) -> Status[dict[str, Any]]:
    """Record a licence (owners for anyone, a therapist for themselves)."""
    practitioner = _editable(request, practitioner_id)
    licence = services.add_licence(
        practitioner=practitioner, by=request.actor, fields=payload.model_dump()
    )
    return Status(201, _licence(licence, on=timezone.localdate()))


@router.post(
    "/{practitioner_id}/certifications",
    response={201: CertificationOut},
    summary="Add a certification",
)
def add_certification(
    request: ClinicRequest, practitioner_id: int, payload: CertificationIn
) -> Status[dict[str, Any]]:
    """Record a certification and the credentials it grants."""
    practitioner = _editable(request, practitioner_id)
    certification = services.add_certification(
        practitioner=practitioner, by=request.actor, fields=payload.model_dump()
    )
    return Status(201, _certification(certification, on=timezone.localdate()))


@router.post("/{practitioner_id}/education", response={201: EducationOut}, summary="Add CE hours")
def add_education(
    request: ClinicRequest, practitioner_id: int, payload: EducationIn
) -> Status[dict[str, Any]]:
    """Record a completed continuing education course."""
    practitioner = _editable(request, practitioner_id)
    course = services.add_education(
        practitioner=practitioner, by=request.actor, fields=payload.model_dump()
    )
    return Status(201, _fields(course, _EDUCATION_FIELDS))


def _membership(request: ClinicRequest, action: str) -> Membership:
    policy.require(request.membership, action)
    return request.membership


def _editable(request: ClinicRequest, practitioner_id: int) -> Practitioner:
    membership = _membership(request, "practitioners.view")
    practitioner = queries.get_practitioner(request.clinic, practitioner_id)
    policy.require_credentials_edit(membership, practitioner)
    return practitioner


def _summary(
    practitioner: Practitioner, name: str, status: CredentialStatus, *, full: bool
) -> dict[str, Any]:
    licence = status.licence
    return {
        "id": practitioner.pk,
        "user_id": practitioner.membership.user_id,
        "name": name,
        "licence": {
            "state": status.state,
            "jurisdiction": licence.jurisdiction if licence else None,
            "number": licence.number if licence else None,
            "expires_on": licence.expires_on if licence else None,
        },
        "blocked": status.blocked,
        "block_reason": status.block_reason,
        "warnings": [warning.__dict__ for warning in status.warnings] if full else None,
    }


def _detail(request: ClinicRequest, practitioner: Practitioner) -> dict[str, Any]:
    full = policy.allows(request.membership, "practitioners.credentials.view")
    detail = get_practitioner_detail(practitioner, request.clinic)
    payload = _summary(practitioner, detail.name, detail.status, full=full)
    payload.update(_credentials(detail) if full else dict.fromkeys(_CREDENTIAL_KEYS))
    return payload


_EDUCATION_FIELDS = ("id", "course", "provider", "hours", "completed_on")
_LICENCE_FIELDS = (
    "id",
    "jurisdiction",
    "number",
    "issued_on",
    "expires_on",
    "renewal_period_start",
    "ce_hours_required",
)
_CERTIFICATION_FIELDS = ("id", "name", "issuer", "credentials", "issued_on", "expires_on")
_CREDENTIAL_KEYS = (
    "licences",
    "certifications",
    "education",
    "continuing_education",
    "held_credentials",
    "restricted_techniques",
)


def _credentials(detail: PractitionerDetail) -> dict[str, Any]:
    progress = detail.status.education
    on = detail.status.on
    return {
        "licences": [_licence(row.licence, on=on) for row in detail.licences],
        "certifications": [
            _certification(row.certification, on=on) for row in detail.certifications
        ],
        "education": [_fields(course, _EDUCATION_FIELDS) for course in detail.education],
        "continuing_education": None
        if progress is None
        else {
            **_fields(progress, ("period_start", "period_end", "hours_required", "hours_done")),
            "hours_needed": progress.hours_needed,
        },
        "held_credentials": sorted(detail.status.held_credentials),
        "restricted_techniques": [
            {"technique": technique, "credential": credential}
            for technique, credential in sorted(detail.scope.restricted.items())
        ],
    }


def _licence(licence: Licence, *, on: date) -> dict[str, Any]:
    return {**_fields(licence, _LICENCE_FIELDS), "state": licence_state(licence, on)}


def _certification(certification: Certification, *, on: date) -> dict[str, Any]:
    state = certification_state(certification, on)
    return {**_fields(certification, _CERTIFICATION_FIELDS), "state": state}


def _fields(record: Any, names: tuple[str, ...]) -> dict[str, Any]:
    return {name: getattr(record, name) for name in names}
