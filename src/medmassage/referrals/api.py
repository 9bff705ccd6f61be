"""JSON API of the referral loop: `referrals`, `referrals/{id}`, `clearances`,
`clearances/{id}`. A clearance is posted as multipart form data with its document."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.http import HttpResponse
from django.urls import reverse
from ninja import File, Form, Router, Status
from ninja.files import UploadedFile

from medmassage.accounts import policy
from medmassage.accounts.access import ClinicRequest
from medmassage.audit.integrity import HEADER
from medmassage.audit.services import record_read
from medmassage.careteam import queries as careteam
from medmassage.careteam.models import Clearance
from medmassage.clients.access import client_for
from medmassage.referrals import queries, sealing, services
from medmassage.referrals.answers import receive_clearance
from medmassage.referrals.models import Direction, Referral
from medmassage.referrals.schemas import ClearanceOut, ReferralIn, ReferralOut, ReferralPatch

router = Router(tags=["referrals"])


@router.get("/referrals", response=list[ReferralOut], summary="Referrals out and in")
def list_referrals(
    request: ClinicRequest, client_id: int | None = None, direction: str | None = None
) -> Any:
    policy.require(request.membership, "referrals.view")
    client = client_for(request, client_id, "referrals.view") if client_id else None
    found = queries.list_referrals(request.clinic, client, direction=direction)
    if client is not None:
        record_read("referrals.referral.viewed", by=request.actor, subject=client, client=client)
    return [referral_out(r) for r in queries.with_visits_used(request.clinic, found)]


@router.post("/referrals", response={201: ReferralOut}, summary="Draft a referral or record one")
def create_referral(request: ClinicRequest, payload: ReferralIn) -> Any:
    """`out`: draft a letter from the latest screening; `in`: a provider's referral."""
    client = client_for(request, payload.client_id, "referrals.write")
    provider = (
        careteam.get_provider(request.clinic, payload.provider_id) if payload.provider_id else None
    )
    if payload.direction == "out":
        referral = services.draft_referral(client=client, by=request.actor, provider=provider)
    else:
        fields = payload.model_dump(exclude={"client_id", "direction", "provider_id"})
        referral = services.record_referral_in(
            client=client, by=request.actor, provider=provider, fields=fields
        )
    return Status(201, referral_out(referral))


@router.get("/referrals/{referral_id}", response=ReferralOut)
def get_referral(request: ClinicRequest, response: HttpResponse, referral_id: int) -> Any:
    policy.require(request.membership, "referrals.view")
    referral = queries.get_referral(request.clinic, referral_id)
    record_read("referrals.referral.viewed", by=request.actor, subject=referral)
    integrity = sealing.check_signed(referral, by=request.actor)
    if not integrity.ok:
        response[HEADER] = "mismatch"
    return {**referral_out(referral), "integrity": integrity.as_json()}


@router.patch("/referrals/{referral_id}", response=ReferralOut)
def change_referral(request: ClinicRequest, referral_id: int, payload: ReferralPatch) -> Any:
    """Edit the draft; `status: signed` signs it, `status: sent` records the sending."""
    policy.require(request.membership, "referrals.view")
    referral = queries.get_referral(request.clinic, referral_id)
    fields = payload.model_dump(exclude_none=True, exclude={"status", "sent_via", "provider_id"})
    if payload.provider_id is not None:
        fields["provider"] = careteam.get_provider(request.clinic, payload.provider_id)
    if fields:
        policy.require(request.membership, "referrals.write")
        referral = services.update_referral(referral=referral, by=request.actor, fields=fields)
    if payload.status == "signed":
        policy.require(request.membership, "referrals.sign")
        referral = services.sign_referral(referral=referral, by=request.actor)
    elif payload.status == "sent":
        policy.require(request.membership, "referrals.track")
        referral = services.send_referral(
            referral=referral, by=request.actor, via=payload.sent_via or ""
        )
    return referral_out(referral)


@router.get("/clearances", response=list[ClearanceOut], summary="Clearances received")
def list_clearances(request: ClinicRequest, client_id: int | None = None) -> Any:
    policy.require(request.membership, "clearances.view")
    client = client_for(request, client_id, "clearances.view") if client_id else None
    return [clearance_out(c) for c in careteam.list_clearances(request.clinic, client)]


@router.post("/clearances", response={201: ClearanceOut}, summary="Record a clearance")
def create_clearance(
    request: ClinicRequest,
    document: File[UploadedFile],
    client_id: Form[int],
    outcome: Form[str],
    issued_on: Form[date],
    from_name: Form[str] = "",
    provider_id: Form[int | None] = None,
    referral_id: Form[int | None] = None,
    covers: Form[str] = "",
    valid_until: Form[date | None] = None,
    max_pressure: Form[str] = "",
    avoid_regions: Form[str] = "",
    exclude_techniques: Form[str] = "",
    notes: Form[str] = "",
) -> Any:
    """Multipart: the document (PDF, PNG or JPEG, checked by content) and the answer; list
    fields comma-separated (avoid_regions as region or region:side)."""
    client = client_for(request, client_id, "clearances.record")
    referral = queries.get_referral(request.clinic, referral_id) if referral_id else None
    fields: dict[str, Any] = {
        "outcome": outcome,
        "issued_on": issued_on,
        "from_name": from_name,
        "covers": _split(covers),
        "valid_until": valid_until,
        "max_pressure": max_pressure,
        "avoid_regions": [_region(item) for item in _split(avoid_regions)],
        "exclude_techniques": _split(exclude_techniques),
        "notes": notes,
    }
    if provider_id is not None:
        fields["provider"] = careteam.get_provider(request.clinic, provider_id)
    clearance = receive_clearance(
        client=client,
        by=request.actor,
        fields=fields,
        document=document,
        document_name=document.name or "",
        claimed_type=document.content_type or "",
        referral=referral,
    )
    return Status(201, clearance_out(clearance))


@router.get("/clearances/{clearance_id}", response=ClearanceOut)
def get_clearance(request: ClinicRequest, clearance_id: int) -> Any:
    policy.require(request.membership, "clearances.view")
    clearance = careteam.get_clearance(request.clinic, clearance_id)
    record_read("careteam.clearance.viewed", by=request.actor, subject=clearance)
    return clearance_out(clearance)


def _split(text: str) -> list[str]:
    return [part.strip() for part in text.split(",") if part.strip()]


def _region(item: str) -> dict[str, str]:
    region, _, side = item.partition(":")
    return {"region": region, "side": side or "both"}


def referral_out(referral: Referral) -> dict[str, Any]:
    used = None
    if referral.direction == Direction.IN:
        used = queries.authorisation(referral).used
    return {
        **{
            name: getattr(referral, name)
            for name in (
                "direction",
                "status",
                "intent",
                "urgency",
                "provider_id",
                "therapist_id",
                "reason_codes",
                "reason",
                "decision",
                "intake_id",
                "findings",
                "question",
                "done",
                "not_done",
                "client_told",
                "created_at",
                "signed_at",
                "sent_at",
                "sent_via",
                "expected_answer_by",
                "answered_at",
                "precautions",
                "visits_authorised",
                "frequency",
                "valid_from",
                "expires_on",
                "client_id",
            )
        },
        "id": referral.pk,
        "shown_status": queries.shown_status(referral),
        "answer_clearance_id": referral.answer_id,
        "letter_sha256": referral.document_sha256,
        "visits_used": used,
    }


def clearance_out(clearance: Clearance) -> dict[str, Any]:
    return {
        **{
            name: getattr(clearance, name)
            for name in (
                "client_id",
                "provider_id",
                "from_name",
                "outcome",
                "covers",
                "issued_on",
                "valid_until",
                "max_pressure",
                "avoid_regions",
                "exclude_techniques",
                "notes",
                "document_type",
                "document_size",
                "document_sha256",
                "recorded_at",
            )
        },
        "id": clearance.pk,
        "document_url": reverse("referrals:clearance-document", args=[clearance.pk]),
    }
