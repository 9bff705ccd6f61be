"""The only writers of referrals: draft, edit, sign (the letter kept as a PDF), send, answer;
referrals in with the visits they authorise. Each one transaction with its audit event."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils import timezone

from medmassage.accounts.actors import Actor
from medmassage.audit.services import record_event
from medmassage.careteam.models import CareRole, Provider
from medmassage.careteam.queries import list_care_team
from medmassage.clients.models import Client
from medmassage.intake.models import Intake
from medmassage.problems import FieldErrors
from medmassage.referrals import documents, icd
from medmassage.referrals.drafting import draft_from_intake
from medmassage.referrals.errors import NotEditable, WrongStep
from medmassage.referrals.models import (
    Direction,
    Intent,
    Referral,
    ReferralStatus,
    SentVia,
    Urgency,
)
from medmassage.referrals.policy import answer_due
from medmassage.referrals.sealing import seal_letter

EDITABLE_OUT = ("provider", "urgency", "reason", "question", "done", "not_done", "client_told")
_LIMITS = {"reason": 4000, "question": 2000, "done": 2000, "not_done": 2000, "client_told": 1000}


def _latest_intake(client: Client) -> Intake | None:
    return (
        Intake.objects.for_clinic(client.clinic_id)
        .filter(client=client)
        .order_by("-version")
        .first()
    )


def _usual_physician(client: Client) -> Provider | None:
    team = list_care_team(client.clinic_id, client)
    for role in (CareRole.REFERRING, CareRole.PRIMARY_CARE):
        for member in team:
            if member.role == role:
                return member.provider
    return None


@transaction.atomic
def draft_referral(*, client: Client, by: Actor, provider: Provider | None = None) -> Referral:
    """Draft a referral letter from the record (the latest screening's findings)."""
    intake = _latest_intake(client)
    draft = draft_from_intake(intake)
    referral = Referral.objects.for_clinic(client.clinic_id).create(
        clinic_id=client.clinic_id,
        client=client,
        direction=Direction.OUT,
        status=ReferralStatus.DRAFTED,
        intent=Intent.PROPOSAL,
        urgency=draft.urgency,
        provider=provider or _usual_physician(client),
        therapist=by.membership,
        reason=draft.reason,
        decision=draft.decision,
        intake=intake,
        findings=draft.findings,
        question=draft.question,
        done=draft.done,
        not_done=draft.not_done,
        client_told=draft.client_told,
        created_by=by.membership,
    )
    record_event(
        action="referrals.referral.drafted",
        by=by,
        subject=referral,
        client=client,
        details={"urgency": referral.urgency, "decision": referral.decision},
    )
    return referral


def _locked(referral: Referral) -> Referral:
    return (
        Referral.objects.for_clinic(referral.clinic_id)
        .select_for_update(no_key=True)
        .get(pk=referral.pk)
    )


@transaction.atomic
def update_referral(*, referral: Referral, by: Actor, fields: dict[str, Any]) -> Referral:
    """Edit a drafted letter (fields left out keep their value)."""
    referral = _locked(referral)
    if not referral.is_out or not referral.is_draft:
        raise NotEditable("Only a drafted referral letter can be edited; this one is signed.")
    errors = FieldErrors()
    for name in sorted(set(fields) - set(EDITABLE_OUT)):
        errors.add(name, "cannot be changed here")
    if "urgency" in fields:
        errors.check_choice("urgency", fields["urgency"], Urgency.values)
    for name, limit in _LIMITS.items():
        if name in fields:
            errors.check_text(name, fields[name], limit)
    provider = fields.get("provider", referral.provider)
    if provider is not None and provider.clinic_id != referral.clinic_id:
        errors.add("provider", "is not in this clinic's directory")
    errors.raise_any()
    for name in EDITABLE_OUT:
        if name in fields:
            value = fields[name]
            setattr(referral, name, value.strip() if isinstance(value, str) else value)
    referral.save()
    record_event(
        action="referrals.referral.edited",
        by=by,
        subject=referral,
        details={"fields": sorted(fields)},
    )
    return referral


@transaction.atomic
def sign_referral(*, referral: Referral, by: Actor) -> Referral:
    """Sign the letter: it is drawn as a PDF in the clinic's letterhead and kept as signed."""
    referral = _locked(referral)
    if not referral.is_out or not referral.is_draft:
        raise WrongStep("This referral is already signed.")
    errors = FieldErrors()
    if referral.provider is None:
        errors.add("provider", "choose whom the letter goes to")
    for name in ("reason", "question"):
        if not getattr(referral, name).strip():
            errors.add(name, "is required before signing")
    if referral.stops_today and not referral.client_told.strip():
        errors.add("client_told", "say what the client was told to do today")
    errors.raise_any()
    referral.status = ReferralStatus.SIGNED
    referral.signed_by = by.membership
    referral.signed_at = timezone.now()
    documents.keep_signed_letter(referral)
    referral.save()
    seal_letter(referral)
    record_event(
        action="referrals.referral.signed",
        by=by,
        subject=referral,
        details={"urgency": referral.urgency, "sha256": referral.document_sha256},
    )
    return referral


@transaction.atomic
def send_referral(*, referral: Referral, by: Actor, via: str) -> Referral:
    """Record that the signed letter went out, and from when an answer is expected."""
    referral = _locked(referral)
    if referral.status != ReferralStatus.SIGNED:
        raise WrongStep("Sign the letter before sending it (a sent letter is not sent again).")
    errors = FieldErrors()
    errors.check_choice("via", via, SentVia.values)
    errors.raise_any()
    referral.status = ReferralStatus.SENT
    referral.sent_at = timezone.now()
    referral.sent_via = via
    referral.expected_answer_by = answer_due(referral.urgency, timezone.localdate())
    referral.save(update_fields=["status", "sent_at", "sent_via", "expected_answer_by"])
    record_event(action="referrals.referral.sent", by=by, subject=referral, details={"via": via})
    return referral


@transaction.atomic
def record_referral_in(
    *, client: Client, by: Actor, provider: Provider | None, fields: dict[str, Any]
) -> Referral:
    """Record a provider's referral of the client: diagnosis (ICD-10-CM), precautions, visits
    authorised, frequency and expiry."""
    errors = FieldErrors()
    codes = icd.checked_codes(fields.get("diagnoses", []), errors)
    if provider is None:
        errors.add("provider", "choose the referring provider from the directory")
    elif provider.clinic_id != client.clinic_id:
        errors.add("provider", "is not in this clinic's directory")
    visits = fields.get("visits_authorised")
    if visits is not None and (not isinstance(visits, int) or not 1 <= visits <= 200):
        errors.add("visits_authorised", "a whole number from 1 to 200")
    valid_from = fields.get("valid_from") or timezone.localdate()
    expires = fields.get("expires_on")
    if expires is not None and expires < valid_from:
        errors.add("expires_on", "is before the referral starts")
    for name, limit in (("reason", 4000), ("precautions", 2000), ("frequency", 100)):
        errors.check_text(name, fields.get(name, ""), limit)
    errors.raise_any()
    referral = Referral.objects.for_clinic(client.clinic_id).create(
        clinic_id=client.clinic_id,
        client=client,
        direction=Direction.IN,
        status=ReferralStatus.ACTIVE,
        intent=Intent.ORDER,
        provider=provider,
        therapist=by.membership,
        reason_codes=codes,
        reason=str(fields.get("reason", "")).strip(),
        precautions=str(fields.get("precautions", "")).strip(),
        visits_authorised=visits,
        frequency=str(fields.get("frequency", "")).strip(),
        valid_from=valid_from,
        expires_on=expires,
        created_by=by.membership,
    )
    record_event(
        action="referrals.referral.received",
        by=by,
        subject=referral,
        client=client,
        details={"provider": provider.pk if provider else None, "visits": visits},
    )
    return referral
