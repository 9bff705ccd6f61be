"""The only writers of practitioners' standing and the clinic's credential rules.

Each service is one transaction that writes its audit event. Bad input raises Django's
ValidationError keyed by the field, before anything is saved.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.http import HttpRequest
from django.utils import timezone

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


@transaction.atomic
def register_practitioner(
    *, membership: Membership, actor: Any, request: HttpRequest | None = None
) -> Practitioner:
    """Give an owner or therapist of the clinic a practitioner profile."""
    if membership.role not in (Role.THERAPIST, Role.OWNER):
        raise ValidationError({"user_id": "Only therapists and owners can be practitioners."})
    if Practitioner.unscoped_objects.filter(membership=membership).exists():
        raise ValidationError({"user_id": f"{membership.user} is already a practitioner."})
    practitioner = Practitioner(membership=membership, clinic=membership.clinic)
    practitioner.save()
    _audit("practitioners.practitioner.registered", practitioner, actor=actor, request=request)
    return practitioner


@transaction.atomic
def add_licence(
    *,
    practitioner: Practitioner,
    actor: Any,
    fields: Mapping[str, Any],
    request: HttpRequest | None = None,
) -> Licence:
    """Record a licence for the practitioner."""
    licence = Licence(practitioner=practitioner, clinic_id=practitioner.clinic_id)
    return _create(licence, fields, allowed=LICENCE_FIELDS, actor=actor, request=request)


@transaction.atomic
def change_licence(
    *, licence: Licence, actor: Any, fields: Mapping[str, Any], request: HttpRequest | None = None
) -> Licence:
    """Change a licence's details, e.g. its dates and CE requirement on renewal."""
    return _change(licence, fields, allowed=LICENCE_FIELDS, actor=actor, request=request)


@transaction.atomic
def add_certification(
    *,
    practitioner: Practitioner,
    actor: Any,
    fields: Mapping[str, Any],
    request: HttpRequest | None = None,
) -> Certification:
    """Record a certification and the credentials it grants."""
    certification = Certification(practitioner=practitioner, clinic_id=practitioner.clinic_id)
    return _create(
        certification, fields, allowed=CERTIFICATION_FIELDS, actor=actor, request=request
    )


@transaction.atomic
def change_certification(
    *,
    certification: Certification,
    actor: Any,
    fields: Mapping[str, Any],
    request: HttpRequest | None = None,
) -> Certification:
    """Change a certification, e.g. its expiry after recertifying."""
    return _change(
        certification, fields, allowed=CERTIFICATION_FIELDS, actor=actor, request=request
    )


@transaction.atomic
def add_education(
    *,
    practitioner: Practitioner,
    actor: Any,
    fields: Mapping[str, Any],
    request: HttpRequest | None = None,
) -> ContinuingEducation:
    """Record a completed continuing education course."""
    course = ContinuingEducation(practitioner=practitioner, clinic_id=practitioner.clinic_id)
    return _create(course, fields, allowed=EDUCATION_FIELDS, actor=actor, request=request)


@transaction.atomic
def change_education(
    *,
    education: ContinuingEducation,
    actor: Any,
    fields: Mapping[str, Any],
    request: HttpRequest | None = None,
) -> ContinuingEducation:
    """Correct a continuing education entry."""
    return _change(education, fields, allowed=EDUCATION_FIELDS, actor=actor, request=request)


@transaction.atomic
def set_credential_rule(
    *,
    clinic: Clinic,
    technique: str,
    credential: str,
    source: str,
    actor: Any,
    request: HttpRequest | None = None,
) -> CredentialRule:
    """Set which credential (or none: "") the clinic requires for a technique, and why."""
    source = source.strip()
    _check_rule(technique, credential, source)
    ensure_default_credential_rules(clinic, actor=actor)
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
        actor=actor,
        clinic=clinic,
        subject=rule,
        request=request,
        details={**details, "before": before},
    )
    return rule


@transaction.atomic
def ensure_default_credential_rules(clinic: Clinic, *, actor: Any = None) -> list[CredentialRule]:
    """Store the FACTS.md §7 defaults the clinic has no rule of its own for.

    Reads fall back to the defaults already; storing them before the clinic's first change
    keeps the clinic's whole rule table, with sources, in its own rows and audit trail.
    """
    Clinic.objects.select_for_update().filter(pk=clinic.pk).first()  # one seeder at a time
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
        actor=actor,
        clinic=clinic,
        details={"rules": {item: DEFAULT_RULES[item] for item in missing}},
    )
    return rules


def _check_rule(technique: str, credential: str, source: str) -> None:
    errors = {}
    if technique not in SCOPE_ITEMS:
        errors["technique"] = f"Unknown technique {technique!r}."
    if credential and credential not in CREDENTIALS:
        known = ", ".join(CREDENTIALS)
        errors["credential"] = f"Unknown credential {credential!r}; known credentials: {known}."
    if not source:
        errors["source"] = "Say where this rule comes from (e.g. the regulator's standard)."
    elif source == DEFAULT_RULE_SOURCE and credential != DEFAULT_RULES.get(technique, ""):
        errors["source"] = (
            "FACTS.md §7 is the source of the default only: say where this comes from."
        )
    if errors:
        raise ValidationError(errors)


def _create(
    record: models.Model,
    fields: Mapping[str, Any],
    *,
    allowed: tuple[str, ...],
    actor: Any,
    request: HttpRequest | None,
) -> Any:
    for name, value in _only(fields, allowed).items():
        setattr(record, name, value)
    record.full_clean(validate_constraints=False)  # clean() words the constraints per field
    record.save()
    details = {name: getattr(record, name) for name in allowed}
    _audit(_action(record, "added"), record, actor=actor, request=request, details=details)
    return record


def _change(
    record: models.Model,
    fields: Mapping[str, Any],
    *,
    allowed: tuple[str, ...],
    actor: Any,
    request: HttpRequest | None,
) -> Any:
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
    _audit(_action(record, "changed"), record, actor=actor, request=request, details=changed)
    return record


def _only(fields: Mapping[str, Any], allowed: tuple[str, ...]) -> dict[str, Any]:
    unknown = sorted(set(fields) - set(allowed))
    if unknown:
        raise ValidationError(dict.fromkeys(unknown, "This field cannot be set here."))
    return dict(fields)


def _action(record: models.Model, verb: str) -> str:
    noun = {Licence: "licence", Certification: "certification", ContinuingEducation: "education"}
    return f"practitioners.{noun[type(record)]}.{verb}"


def _audit(
    action: str,
    record: models.Model,
    *,
    actor: Any,
    request: HttpRequest | None,
    details: dict[str, Any] | None = None,
) -> None:
    practitioner_id = getattr(record, "practitioner_id", record.pk)
    record_event(
        action=action,
        actor=actor,
        clinic=record.clinic_id,  # type: ignore[attr-defined]
        subject=record,
        request=request,
        details={"practitioner_id": practitioner_id, **(details or {})},
    )
