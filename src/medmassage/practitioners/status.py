"""A practitioner's standing on a given day: licence, warnings, CE hours, credentials held.

The planning and visit services call `require_active_licence` before they write: an expired
(or missing) licence blocks planning and documenting for that therapist.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.db.models import Sum
from django.utils import timezone

from medmassage.accounts.models import Practitioner
from medmassage.practitioners.credentials import WARNING_WINDOW
from medmassage.practitioners.models import Certification, ContinuingEducation, Licence
from medmassage.problems import DomainError

ACTIVE, EXPIRING = "active", "expiring"
EXPIRED, NOT_YET_VALID, MISSING = "expired", "not_yet_valid", "missing"
BLOCKING_STATES = frozenset({EXPIRED, NOT_YET_VALID, MISSING})
BLOCK_CONSEQUENCE = "an expired licence blocks planning and documenting"


class LicenceExpired(DomainError):
    """The practitioner has no licence in force on that day (expired, not yet valid, or none)."""

    status_code = 403

    def __init__(self, practitioner: Practitioner, reason: str) -> None:
        super().__init__(f"Blocked by the practitioner's licence: {reason}")
        self.practitioner = practitioner
        self.reason = reason


@dataclass(frozen=True)
class ExpiryWarning:
    """Something that expires within the warning window (60 days)."""

    kind: str  # "licence", "certification" or "continuing_education"
    label: str
    expires_on: date
    days_left: int
    message: str


@dataclass(frozen=True)
class ContinuingEducationProgress:
    """CE hours in the current licence's renewal period."""

    period_start: date | None
    period_end: date
    hours_required: Decimal
    hours_done: Decimal

    @property
    def hours_needed(self) -> Decimal:
        return max(self.hours_required - self.hours_done, Decimal(0))


@dataclass(frozen=True)
class CredentialStatus:
    """Everything the pages, the API and the planner need to know about standing on a day."""

    on: date
    state: str  # active, expiring (within 60 days), expired, not_yet_valid, missing
    licence: Licence | None  # the licence in force, else the one that lapsed last
    warnings: tuple[ExpiryWarning, ...]
    education: ContinuingEducationProgress | None
    held_credentials: frozenset[str]
    blocked: bool
    block_reason: str


def credential_status(practitioner: Practitioner, on: date | None = None) -> CredentialStatus:
    """The practitioner's standing on `on` (today by default)."""
    on = on or timezone.localdate()
    licences = list(
        Licence.objects.for_clinic(practitioner.clinic_id).filter(practitioner=practitioner)
    )
    certifications = list(
        Certification.objects.for_clinic(practitioner.clinic_id).filter(practitioner=practitioner)
    )
    licence = current_licence(licences, on)
    state = licence_state(licence, on)
    education = _education_progress(practitioner, licence)
    return CredentialStatus(
        on=on,
        state=state,
        licence=licence,
        warnings=_warnings(licence, certifications, education, on=on),
        education=education,
        held_credentials=frozenset(
            credential
            for cert in certifications
            if cert.valid_on(on)
            for credential in cert.credentials
        ),
        blocked=state in BLOCKING_STATES,
        block_reason=_block_reason(licence, state),
    )


def require_active_licence(practitioner: Practitioner, on: date | None = None) -> Licence:
    """The licence in force on `on`; raises LicenceExpired when there is none."""
    status = credential_status(practitioner, on)
    if status.blocked or status.licence is None:
        raise LicenceExpired(practitioner, status.block_reason)
    return status.licence


def current_licence(licences: list[Licence], on: date) -> Licence | None:
    """The licence in force on `on` that runs longest, else the most recent one."""
    in_force = [licence for licence in licences if licence.valid_on(on)]
    candidates = in_force or licences
    return max(candidates, key=lambda licence: (licence.expires_on, licence.pk), default=None)


def licence_state(licence: Licence | None, on: date) -> str:
    """active, expiring (within 60 days), expired, not_yet_valid or missing."""
    if licence is None:
        return MISSING
    if licence.issued_on and on < licence.issued_on:
        return NOT_YET_VALID
    if on > licence.expires_on:
        return EXPIRED
    return EXPIRING if licence.expires_on - on <= WARNING_WINDOW else ACTIVE


def _block_reason(licence: Licence | None, state: str) -> str:
    if state == MISSING or licence is None:
        return "No licence on record: planning and documenting are blocked until one is recorded."
    if state == NOT_YET_VALID and licence.issued_on:
        return (
            f"The licence {licence} is not valid until {licence.issued_on:%Y-%m-%d}: "
            "planning and documenting are blocked until then."
        )
    if state != EXPIRED:
        return ""
    return f"The licence {licence} expired on {licence.expires_on:%Y-%m-%d}: {BLOCK_CONSEQUENCE}."


def _education_progress(
    practitioner: Practitioner, licence: Licence | None
) -> ContinuingEducationProgress | None:
    if licence is None:
        return None
    start = licence.renewal_period_start or licence.issued_on
    courses = ContinuingEducation.objects.for_clinic(practitioner.clinic_id).filter(
        practitioner=practitioner, completed_on__lte=licence.expires_on
    )
    if start is not None:
        courses = courses.filter(completed_on__gte=start)
    done = courses.aggregate(total=Sum("hours"))["total"] or Decimal(0)
    return ContinuingEducationProgress(
        period_start=start,
        period_end=licence.expires_on,
        hours_required=licence.ce_hours_required,
        hours_done=Decimal(done),
    )


def _warnings(
    licence: Licence | None,
    certifications: list[Certification],
    education: ContinuingEducationProgress | None,
    *,
    on: date,
) -> tuple[ExpiryWarning, ...]:
    warnings = []
    if licence is not None and _expires_soon(licence.expires_on, on) and licence.valid_on(on):
        warnings.append(_warning("licence", f"Licence {licence}", licence.expires_on, on=on))
        if education is not None and education.hours_needed > 0:
            message = (
                f"{format_hours(education.hours_needed)} CE hours still needed before the licence "
                f"renews on {licence.expires_on:%Y-%m-%d}."
            )
            days = (licence.expires_on - on).days
            warnings.append(
                ExpiryWarning("continuing_education", "CE hours", licence.expires_on, days, message)
            )
    for cert in certifications:
        if cert.expires_on and cert.valid_on(on) and _expires_soon(cert.expires_on, on):
            warnings.append(_warning("certification", cert.name, cert.expires_on, on=on))
    return tuple(sorted(warnings, key=lambda warning: (warning.expires_on, _RANK[warning.kind])))


_RANK = {"licence": 0, "continuing_education": 1, "certification": 2}


def format_hours(hours: Decimal) -> str:
    """Hours as people write them: 12, 7.5, 0.25."""
    return f"{hours.normalize():f}"


def _expires_soon(expires_on: date, on: date) -> bool:
    return on <= expires_on <= on + WARNING_WINDOW


def _warning(kind: str, label: str, expires_on: date, *, on: date) -> ExpiryWarning:
    days = (expires_on - on).days
    when = "today" if days == 0 else f"in {days} day{'s' if days != 1 else ''}"
    message = f"{label} expires {when} ({expires_on:%Y-%m-%d})."
    return ExpiryWarning(kind, label, expires_on, days, message)
