"""Clinic-scoped reads of practitioners, their credentials and the clinic's credential rules."""

from __future__ import annotations

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from medmassage.accounts.models import Clinic, Membership, Practitioner, Role
from medmassage.practitioners.credentials import DEFAULT_RULE_SOURCE, DEFAULT_RULES
from medmassage.practitioners.models import (
    Certification,
    ContinuingEducation,
    CredentialRule,
    Licence,
)

# Roles that may hold a practitioner profile: owners who treat as well as therapists.
PRACTISING_ROLES = (Role.THERAPIST, Role.OWNER)


def list_practitioners(clinic: Clinic) -> QuerySet[Practitioner]:
    """The clinic's practitioners with an active membership, by name."""
    return (
        Practitioner.objects.for_clinic(clinic)
        .filter(membership__is_active=True)
        .select_related("membership__user")
        .order_by("membership__user__full_name", "id")
    )


def get_practitioner(clinic: Clinic, practitioner_id: int) -> Practitioner:
    """One of the clinic's practitioners, or 404 (another clinic's is simply not found)."""
    queryset = Practitioner.objects.for_clinic(clinic).select_related("membership__user")
    return get_object_or_404(queryset, pk=practitioner_id)


def list_therapists_without_profile(clinic: Clinic) -> QuerySet[Membership]:
    """Active therapists of the clinic who have no practitioner profile yet."""
    return (
        Membership.objects.filter(
            clinic=clinic, is_active=True, role=Role.THERAPIST, practitioner__isnull=True
        )
        .select_related("user")
        .order_by("user__full_name", "id")
    )


def get_practising_membership(clinic: Clinic, user_id: int) -> Membership:
    """The active owner or therapist membership of that user in the clinic, or 404."""
    queryset = Membership.objects.filter(
        clinic=clinic, is_active=True, role__in=PRACTISING_ROLES
    ).select_related("user")
    return get_object_or_404(queryset, user_id=user_id)


def list_licences(practitioner: Practitioner) -> QuerySet[Licence]:
    """The practitioner's licences, latest expiry first."""
    return Licence.objects.for_clinic(practitioner.clinic_id).filter(practitioner=practitioner)


def list_certifications(practitioner: Practitioner) -> QuerySet[Certification]:
    """The practitioner's certifications, by name."""
    return Certification.objects.for_clinic(practitioner.clinic_id).filter(
        practitioner=practitioner
    )


def list_education(practitioner: Practitioner) -> QuerySet[ContinuingEducation]:
    """The practitioner's continuing education, latest first."""
    return ContinuingEducation.objects.for_clinic(practitioner.clinic_id).filter(
        practitioner=practitioner
    )


def get_licence(practitioner: Practitioner, licence_id: int) -> Licence:
    """One of the practitioner's licences, or 404."""
    return get_object_or_404(list_licences(practitioner), pk=licence_id)


def get_certification(practitioner: Practitioner, certification_id: int) -> Certification:
    """One of the practitioner's certifications, or 404."""
    return get_object_or_404(list_certifications(practitioner), pk=certification_id)


def get_education(practitioner: Practitioner, education_id: int) -> ContinuingEducation:
    """One of the practitioner's continuing education entries, or 404."""
    return get_object_or_404(list_education(practitioner), pk=education_id)


def list_credential_rules(clinic: Clinic) -> QuerySet[CredentialRule]:
    """The clinic's credential rules, by technique."""
    return CredentialRule.objects.for_clinic(clinic).order_by("technique")


def get_credential_rules(clinic: Clinic) -> dict[str, tuple[str, str]]:
    """Technique -> (credential required or "", source): the clinic's rules over the defaults.

    Until the clinic first changes a rule its defaults are not stored, so reads fall back to
    the project defaults here rather than write on a read.
    """
    rules = {item: (credential, DEFAULT_RULE_SOURCE) for item, credential in DEFAULT_RULES.items()}
    for rule in list_credential_rules(clinic):
        rules[rule.technique] = (rule.credential, rule.source)
    return rules


def get_credential_requirements(clinic: Clinic) -> dict[str, str]:
    """Technique (or scope item) -> the credential the clinic requires for it."""
    rules = get_credential_rules(clinic)
    return {item: credential for item, (credential, _source) in rules.items() if credential}
