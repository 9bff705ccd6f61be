"""What the pages and the API show of practitioners: one read model for both."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.utils import timezone

from medmassage.accounts.models import Clinic, Practitioner
from medmassage.practitioners import queries
from medmassage.practitioners.credentials import (
    DEFAULT_RULE_SOURCE,
    SCOPE_ITEMS,
    WARNING_WINDOW,
    credential_label,
    scope_item_label,
)
from medmassage.practitioners.documents import ScopeOfPractice, scope_of_practice
from medmassage.practitioners.models import Certification, ContinuingEducation, Licence
from medmassage.practitioners.status import (
    ACTIVE,
    EXPIRED,
    EXPIRING,
    NOT_YET_VALID,
    CredentialStatus,
    credential_status,
    licence_state,
)


@dataclass(frozen=True)
class LicenceRow:
    licence: Licence
    state: str


STATE_LABELS = {
    ACTIVE: "Active",
    EXPIRING: "Expiring soon",
    EXPIRED: "Expired",
    NOT_YET_VALID: "Not yet valid",
}


@dataclass(frozen=True)
class CertificationRow:
    certification: Certification
    state: str  # active, expiring, expired, not_yet_valid

    @property
    def state_label(self) -> str:
        return STATE_LABELS[self.state]


@dataclass(frozen=True)
class PractitionerSummary:
    practitioner: Practitioner
    name: str
    status: CredentialStatus


@dataclass(frozen=True)
class PractitionerDetail:
    practitioner: Practitioner
    name: str
    status: CredentialStatus
    licences: tuple[LicenceRow, ...]
    certifications: tuple[CertificationRow, ...]
    education: tuple[ContinuingEducation, ...]
    scope: ScopeOfPractice

    @property
    def restricted_techniques(self) -> list[tuple[str, str]]:
        """(technique, credential it needs) for what the clinic's rules keep from them."""
        return [
            (scope_item_label(technique), credential_label(credential))
            for technique, credential in sorted(self.scope.restricted.items())
        ]


@dataclass(frozen=True)
class RuleRow:
    """A technique and the credential the clinic requires for it ("" for none)."""

    technique: str
    label: str
    credential: str
    credential_label: str
    source: str
    is_default: bool


def list_practitioner_summaries(
    clinic: Clinic, on: date | None = None
) -> list[PractitionerSummary]:
    """Every practitioner of the clinic with their standing on `on`."""
    on = on or timezone.localdate()
    return [
        PractitionerSummary(practitioner, _name(practitioner), credential_status(practitioner, on))
        for practitioner in queries.list_practitioners(clinic)
    ]


def get_practitioner_detail(
    practitioner: Practitioner, clinic: Clinic, on: date | None = None
) -> PractitionerDetail:
    """A practitioner's licences, certifications, education and scope on `on`."""
    on = on or timezone.localdate()
    return PractitionerDetail(
        practitioner=practitioner,
        name=_name(practitioner),
        status=credential_status(practitioner, on),
        licences=tuple(
            LicenceRow(licence, licence_state(licence, on))
            for licence in queries.list_licences(practitioner)
        ),
        certifications=tuple(
            CertificationRow(cert, certification_state(cert, on))
            for cert in queries.list_certifications(practitioner)
        ),
        education=tuple(queries.list_education(practitioner)),
        scope=scope_of_practice(practitioner, clinic, on),
    )


def certification_state(certification: Certification, on: date) -> str:
    """active, expiring (within 60 days), expired or not_yet_valid."""
    if on < certification.issued_on:
        return NOT_YET_VALID
    expires_on = certification.expires_on
    if expires_on is None:
        return ACTIVE
    if on > expires_on:
        return EXPIRED
    return EXPIRING if expires_on - on <= WARNING_WINDOW else ACTIVE


def _name(practitioner: Practitioner) -> str:
    return practitioner.membership.user.full_name


def list_credential_rule_rows(clinic: Clinic) -> list[RuleRow]:
    """Every technique with the clinic's rule for it (the project default until changed)."""
    rules = queries.get_credential_rules(clinic)
    rows = []
    for technique, label in SCOPE_ITEMS.items():
        credential, source = rules.get(technique, ("", ""))
        rows.append(
            RuleRow(
                technique=technique,
                label=label,
                credential=credential,
                credential_label=credential_label(credential) if credential else "",
                source=source,
                is_default=source == DEFAULT_RULE_SOURCE,
            )
        )
    return rows
