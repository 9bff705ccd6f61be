"""The only writers of practitioners' standing and the clinic's credential rules.

Each service is one transaction that writes its audit event. Bad input raises `InvalidInput`
keyed by the field, before anything is saved.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from django.db import transaction
from django.utils import timezone

from medmassage.accounts.actors import Actor
from medmassage.accounts.models import Clinic, Membership, Practitioner, Role
from medmassage.audit.services import record_event
from medmassage.practitioners.credentials import (
    CREDENTIALS,
    DEFAULT_RULE_SOURCE,
    DEFAULT_RULES,
    SCOPE_ITEMS,
)
from medmassage.practitioners.models import (
    Certification,
    ContinuingEducation,
    CredentialRule,
    Licence,
)
from medmassage.problems import FieldErrors, invalid

LICENCE_FIELDS = (
    "jurisdiction",
    "number",
    "issued_on",
    "expires_on",
    "renewal_period_start",
    "ce_hours_required",
)
CERTIFICATION_FIELDS = ("name", "issuer", "credentials", "issued_on", "expires_on")
EDUCATION_FIELDS = ("course", "provider", "hours", "completed_on")

Standing = TypeVar("Standing", Licence, Certification, ContinuingEducation)


@transaction.atomic
def register_practitioner(*, membership: Membership, by: Actor) -> Practitioner:
    """Give an owner or therapist of the clinic a practitioner profile."""
    if membership.role not in (Role.THERAPIST, Role.OWNER):
        raise invalid("user_id", "Only therapists and owners can be practitioners.")
    if Practitioner.unscoped_objects.filter(membership=membership).exists():
        raise invalid("user_id", f"{membership.user} is already a practitioner.")
    practitioner = Practitioner(membership=membership, clinic=membership.clinic)
    practitioner.save()
    record_event(
        action="practitioners.practitioner.registered",
        by=by,
        subject=practitioner,
        details={"practitioner_id": practitioner.pk},
    )
    return practitioner


@transaction.atomic
def add_licence(
    *,
    practitioner: Practitioner,
    by: Actor,
    fields: Mapping[str, Any],
) -> Licence:
    """Record a licence for the practitioner."""
    licence = Licence(practitioner=practitioner, clinic_id=practitioner.clinic_id)
    return _create(licence, fields, allowed=LICENCE_FIELDS, by=by)


@transaction.atomic
def change_licence(*, licence: Licence, by: Actor, fields: Mapping[str, Any]) -> Licence:
    """Change a licence's details, e.g. its dates and CE requirement on renewal."""
    return _change(licence, fields, allowed=LICENCE_FIELDS, by=by)


@transaction.atomic
def add_certification(
    *,
    practitioner: Practitioner,
    by: Actor,
    fields: Mapping[str, Any],
) -> Certification:
    """Record a certification and the credentials it grants."""
    certification = Certification(practitioner=practitioner, clinic_id=practitioner.clinic_id)
    return _create(certification, fields, allowed=CERTIFICATION_FIELDS, by=by)


@transaction.atomic
def change_certification(
    *,
    certification: Certification,
    by: Actor,
    fields: Mapping[str, Any],
) -> Certification:
    """Change a certification, e.g. its expiry after recertifying."""
    return _change(certification, fields, allowed=CERTIFICATION_FIELDS, by=by)


@transaction.atomic
def add_education(
    *,
    practitioner: Practitioner,
    by: Actor,
    fields: Mapping[str, Any],
) -> ContinuingEducation:
    """Record a completed continuing education course."""
    course = ContinuingEducation(practitioner=practitioner, clinic_id=practitioner.clinic_id)
    return _create(course, fields, allowed=EDUCATION_FIELDS, by=by)


@transaction.atomic
def change_education(
    *,
    education: ContinuingEducation,
    by: Actor,
    fields: Mapping[str, Any],
) -> ContinuingEducation:
    """Correct a continuing education entry."""
    return _change(education, fields, allowed=EDUCATION_FIELDS, by=by)


@transaction.atomic
def set_credential_rule(
    *, by: Actor, technique: str, credential: str, source: str
) -> CredentialRule:
    """Set which credential (or none: "") the clinic requires for a technique, and why."""
    clinic, source = by.clinic, source.strip()
    _check_rule(technique, credential, source)
    ensure_default_credential_rules(clinic, by=by)
    rule = CredentialRule.objects.for_clinic(clinic).filter(technique=technique).first()
    before = {"credential": rule.credential, "source": rule.source} if rule else None
    if rule is not None and before == {"credential": credential, "source": source}:
        return rule
    rule = rule or CredentialRule(clinic=clinic, technique=technique)
    rule.credential, rule.source, rule.updated_at = credential, source, timezone.now()
    rule.save()
    details = {"technique": technique, "credential": credential, "source": rule.source}
    record_event(
        action="practitioners.credential_rule.set",
        by=by,
        subject=rule,
        details={**details, "before": before},
    )
    return rule


@transaction.atomic
def ensure_default_credential_rules(
    clinic: Clinic, *, by: Actor | None = None
) -> list[CredentialRule]:
    """Store the project's default rules the clinic has no rule of its own for.

    Reads fall back to the defaults already; storing them before the clinic's first change
    keeps the clinic's whole rule table, with sources, in its own rows and audit trail.
    """
    Clinic.objects.select_for_update(no_key=True).filter(
        pk=clinic.pk
    ).first()  # one seeder at a time
    present = set(CredentialRule.objects.for_clinic(clinic).values_list("technique", flat=True))
    missing = [item for item in DEFAULT_RULES if item not in present]
    if not missing:
        return []
    rules = [
        CredentialRule(
            clinic=clinic,
            technique=item,
            credential=DEFAULT_RULES[item],
            source=DEFAULT_RULE_SOURCE,
        )
        for item in missing
    ]
    CredentialRule.unscoped_objects.bulk_create(rules)  # each row names its clinic
    record_event(
        action="practitioners.credential_rules.defaults_added",
        by=by,
        clinic=clinic,
        details={"rules": {item: DEFAULT_RULES[item] for item in missing}},
    )
    return rules


def _check_rule(technique: str, credential: str, source: str) -> None:
    errors = FieldErrors()
    if technique not in SCOPE_ITEMS:
        errors.add("technique", f"Unknown technique {technique!r}.")
    if credential and credential not in CREDENTIALS:
        known = ", ".join(CREDENTIALS)
        errors.add("credential", f"Unknown credential {credential!r}; known credentials: {known}.")
    if not source:
        errors.add("source", "Say where this rule comes from (e.g. the regulator's standard).")
    elif source == DEFAULT_RULE_SOURCE and credential != DEFAULT_RULES.get(technique, ""):
        errors.add("source", "That is the source of the default only: say where this comes from.")
    errors.raise_any()


def _create(
    record: Standing, fields: Mapping[str, Any], *, allowed: tuple[str, ...], by: Actor
) -> Standing:
    for name, value in _only(fields, allowed).items():
        setattr(record, name, value)
    record.full_clean(validate_constraints=False)  # clean() words the constraints per field
    record.save()
    details = {name: getattr(record, name) for name in allowed}
    _audit(_action(record, "added"), record, by=by, details=details)
    return record


def _change(
    record: Standing, fields: Mapping[str, Any], *, allowed: tuple[str, ...], by: Actor
) -> Standing:
    before = {name: getattr(record, name) for name in allowed}
    for name, value in _only(fields, allowed).items():
        setattr(record, name, value)
    record.full_clean(validate_constraints=False)
    changed = {
        name: {"from": before[name], "to": getattr(record, name)}
        for name in allowed
        if before[name] != getattr(record, name)
    }
    if not changed:
        return record
    record.save(update_fields=list(changed))
    _audit(_action(record, "changed"), record, by=by, details=changed)
    return record


def _only(fields: Mapping[str, Any], allowed: tuple[str, ...]) -> dict[str, Any]:
    errors = FieldErrors()
    for name in sorted(set(fields) - set(allowed)):
        errors.add(name, "This field cannot be set here.")
    errors.raise_any()
    return dict(fields)


_NOUNS = {Licence: "licence", Certification: "certification", ContinuingEducation: "education"}


def _action(record: Standing, verb: str) -> str:
    return f"practitioners.{_NOUNS[type(record)]}.{verb}"


def _audit(action: str, record: Standing, *, by: Actor, details: dict[str, Any]) -> None:
    record_event(
        action=action,
        by=by,
        subject=record,
        details={"practitioner_id": record.practitioner_id, **details},
    )
