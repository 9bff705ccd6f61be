"""The only writers of the directory, care teams and clearances; each one transaction with its
audit event (which names what changed, never health details)."""

from __future__ import annotations

import datetime as dt
from typing import IO, Any

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.utils import timezone

from medmassage.accounts.actors import Actor
from medmassage.audit.services import record_event
from medmassage.careteam import documents
from medmassage.careteam.models import (
    CareRole,
    CareTeamMember,
    Clearance,
    ClearanceOutcome,
    Profession,
    Provider,
)
from medmassage.careteam.npi import npi_problem
from medmassage.clients.models import Client
from medmassage.clinical.knowledge import knowledge
from medmassage.clinical.vocabulary import REGIONS, Pressure, Side
from medmassage.problems import DomainError, FieldErrors, invalid

PROVIDER_FIELDS = (
    "name",
    "profession",
    "organisation",
    "npi",
    "phone",
    "fax",
    "secure_email",
    "address",
    "is_active",
)
_TEXT_LIMITS = {"name": 200, "organisation": 200, "phone": 40, "fax": 40, "address": 500}


class NotOnTheTeam(DomainError):
    """The care team member was already removed."""


def _provider_fields(fields: dict[str, Any]) -> dict[str, Any]:
    errors = FieldErrors()
    unknown = sorted(set(fields) - set(PROVIDER_FIELDS))
    if unknown:
        errors.add("__all__", f"unknown fields: {', '.join(unknown)}")
    cleaned: dict[str, Any] = {}
    for name, limit in _TEXT_LIMITS.items():
        value = fields.get(name, "")
        errors.check_text(name, value, limit)
        cleaned[name] = value.strip() if isinstance(value, str) else value
    if not cleaned["name"]:
        errors.add("name", "is required")
    errors.check_choice("profession", fields.get("profession"), Profession.values)
    cleaned["profession"] = fields.get("profession")
    npi = str(fields.get("npi") or "").replace(" ", "").replace("-", "")
    if npi and (problem := npi_problem(npi)):
        errors.add("npi", problem)
    cleaned["npi"] = npi
    email = str(fields.get("secure_email") or "").strip()
    if email:
        try:
            validate_email(email)
        except ValidationError:
            errors.add("secure_email", "is not an email address")
    cleaned["secure_email"] = email
    cleaned["is_active"] = bool(fields.get("is_active", True))
    errors.raise_any()
    return cleaned


@transaction.atomic
def add_provider(*, by: Actor, fields: dict[str, Any]) -> Provider:
    """Add an outside provider to the clinic's directory."""
    cleaned = _provider_fields(fields)
    try:
        with transaction.atomic():
            provider = Provider.objects.for_clinic(by.clinic_id).create(
                clinic_id=by.clinic_id, **cleaned
            )
    except IntegrityError:
        raise invalid("npi", "another provider in the directory has this NPI") from None
    record_event(action="careteam.provider.added", by=by, subject=provider, details={})
    return provider


@transaction.atomic
def change_provider(*, provider: Provider, by: Actor, fields: dict[str, Any]) -> Provider:
    """Change a provider's directory entry (fields left out keep their value)."""
    current = {name: getattr(provider, name) for name in PROVIDER_FIELDS}
    cleaned = _provider_fields({**current, **fields})
    changed = sorted(name for name, value in cleaned.items() if current[name] != value)
    for name, value in cleaned.items():
        setattr(provider, name, value)
    try:
        with transaction.atomic():
            provider.save()
    except IntegrityError:
        raise invalid("npi", "another provider in the directory has this NPI") from None
    record_event(
        action="careteam.provider.changed", by=by, subject=provider, details={"fields": changed}
    )
    return provider


@transaction.atomic
def add_to_care_team(
    *, client: Client, provider: Provider, role: str, by: Actor, note: str = ""
) -> CareTeamMember:
    """Put a directory provider on the client's care team in a role."""
    errors = FieldErrors()
    errors.check_choice("role", role, CareRole.values)
    errors.check_text("note", note, 200)
    if provider.clinic_id != client.clinic_id or client.clinic_id != by.clinic_id:
        errors.add("provider", "is not in this clinic's directory")
    errors.raise_any()
    if (
        CareTeamMember.objects.for_clinic(by.clinic_id)
        .filter(client=client, provider=provider, role=role, ended_at__isnull=True)
        .exists()
    ):
        raise invalid("provider", "is already on the care team in this role")
    member = CareTeamMember.objects.for_clinic(by.clinic_id).create(
        clinic_id=by.clinic_id,
        client=client,
        provider=provider,
        role=role,
        note=note.strip(),
        added_by=by.membership,
    )
    record_event(
        action="careteam.member.added",
        by=by,
        subject=member,
        client=client,
        details={"provider": provider.pk, "role": role},
    )
    return member


@transaction.atomic
def remove_from_care_team(*, member: CareTeamMember, by: Actor) -> CareTeamMember:
    """End a provider's place on the client's care team (kept in the history)."""
    if member.ended_at is not None:
        raise NotOnTheTeam("This provider was already removed from the care team.")
    member.ended_at = timezone.now()
    member.save(update_fields=["ended_at"])
    record_event(
        action="careteam.member.removed",
        by=by,
        subject=member,
        client=member.client,
        details={"provider": member.provider_id, "role": member.role},
    )
    return member


def record_clearance(
    *,
    client: Client,
    by: Actor,
    fields: dict[str, Any],
    document: IO[bytes],
    document_name: str,
    claimed_type: str = "",
) -> Clearance:
    """Record a provider's answer with its document (checked by content, stored outside the
    web root under a generated name)."""
    if client.clinic_id != by.clinic_id:
        raise ValueError("The client must belong to the clinic of the member recording it")
    errors = FieldErrors()
    cleaned = _clearance_fields(fields, client, errors)
    checked = None
    try:
        checked = documents.read_upload(document, name=document_name, claimed_type=claimed_type)
    except ValidationError as error:
        errors.extend(error.message_dict)
    errors.raise_any()
    assert checked is not None
    name = documents.store(client.clinic_id, checked.content, checked.content_type)
    try:
        return _save_clearance(client, by, cleaned, checked, name)
    except BaseException:
        documents.discard(client.clinic_id, name)
        raise


@transaction.atomic
def _save_clearance(
    client: Client,
    by: Actor,
    cleaned: dict[str, Any],
    checked: documents.CheckedDocument,
    name: str,
) -> Clearance:
    clearance = Clearance.objects.for_clinic(client.clinic_id).create(
        clinic_id=client.clinic_id,
        client=client,
        recorded_by=by.membership,
        document_name=name,
        document_type=checked.content_type,
        document_size=checked.size,
        document_sha256=checked.sha256,
        document_original_name=checked.original_name,
        **cleaned,
    )
    record_event(
        action="careteam.clearance.recorded",
        by=by,
        subject=clearance,
        client=client,
        details={"outcome": clearance.outcome, "provider": clearance.provider_id},
    )
    return clearance


def _clearance_fields(
    fields: dict[str, Any], client: Client, errors: FieldErrors
) -> dict[str, Any]:
    kb = knowledge()
    outcome = fields.get("outcome")
    errors.check_choice("outcome", outcome, ClearanceOutcome.values)
    provider = fields.get("provider")
    if provider is not None and provider.clinic_id != client.clinic_id:
        errors.add("provider", "is not in this clinic's directory")
    from_name = str(fields.get("from_name") or (provider.name if provider else "")).strip()
    if not from_name:
        errors.add("from_name", "say who signed the clearance (or choose a provider)")
    errors.check_text("from_name", from_name, 200)
    topics = sorted({rule.clearance_topic for rule in kb.rules if rule.clearance_topic})
    covers = list(fields.get("covers") or [])
    for topic in covers:
        errors.check_choice("covers", topic, topics)
    issued_on, valid_until = fields.get("issued_on"), fields.get("valid_until")
    if not isinstance(issued_on, dt.date):
        errors.add("issued_on", "is required (the date on the clearance)")
    elif issued_on > timezone.localdate():
        errors.add("issued_on", "is in the future")
    if valid_until is not None and isinstance(issued_on, dt.date) and valid_until < issued_on:
        errors.add("valid_until", "is before the date of the clearance")
    limits = _limits(fields, kb.techniques, errors)
    if outcome == ClearanceOutcome.CLEARED_WITH_LIMITS and not any(limits.values()):
        errors.add("__all__", "cleared with limits: give at least one limit")
    if outcome != ClearanceOutcome.CLEARED_WITH_LIMITS and any(limits.values()):
        errors.add("outcome", "limits are given: choose 'cleared with limits'")
    notes = str(fields.get("notes") or "")
    errors.check_text("notes", notes, 2000)
    return {
        "provider": provider,
        "from_name": from_name,
        "outcome": outcome,
        "covers": covers,
        "issued_on": issued_on,
        "valid_until": valid_until,
        "notes": notes.strip(),
        **limits,
    }


def _limits(fields: dict[str, Any], techniques: Any, errors: FieldErrors) -> dict[str, Any]:
    pressure = str(fields.get("max_pressure") or "")
    if pressure:
        errors.check_choice("max_pressure", pressure, [p.value for p in Pressure])
    exclude = list(fields.get("exclude_techniques") or [])
    for technique in exclude:
        errors.check_choice("exclude_techniques", technique, sorted(techniques))
    regions = []
    for ref in fields.get("avoid_regions") or []:
        region = ref.get("region") if isinstance(ref, dict) else ref
        side = (ref.get("side") if isinstance(ref, dict) else None) or Side.BOTH.value
        errors.check_choice("avoid_regions", region, REGIONS)
        errors.check_choice("avoid_regions", side, [s.value for s in Side])
        regions.append({"region": region, "side": side})
    return {"max_pressure": pressure, "exclude_techniques": exclude, "avoid_regions": regions}
