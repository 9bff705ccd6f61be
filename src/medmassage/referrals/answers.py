"""A provider's clearance received: recorded with its document, the referral it answers marked
answered, and the client's latest intake screened again today with the clearance on file, so
that the next plan and check-in follow its limits."""

from __future__ import annotations

from typing import IO, Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from medmassage.accounts.actors import Actor
from medmassage.audit.services import record_event
from medmassage.careteam.models import Clearance
from medmassage.careteam.services import record_clearance
from medmassage.clients.models import Client
from medmassage.intake.models import Intake
from medmassage.intake.services import record_intake
from medmassage.referrals.errors import WrongStep
from medmassage.referrals.models import Referral, ReferralStatus


def receive_clearance(
    *,
    client: Client,
    by: Actor,
    fields: dict[str, Any],
    document: IO[bytes],
    document_name: str,
    claimed_type: str = "",
    referral: Referral | None = None,
) -> Clearance:
    """Record the clearance; answer the referral it answers; screen the latest intake again."""
    if referral is not None and (
        referral.client_id != client.pk
        or referral.status not in {ReferralStatus.SENT, ReferralStatus.SIGNED}
    ):
        raise WrongStep("Only a signed or sent referral of this client can be answered.")
    if referral is not None and "provider" not in fields:
        fields = {**fields, "provider": referral.provider}
    with transaction.atomic():
        clearance = record_clearance(
            client=client,
            by=by,
            fields=fields,
            document=document,
            document_name=document_name,
            claimed_type=claimed_type,
        )
        if referral is not None:
            _answer(referral, clearance, by)
        _screen_again(client, by, clearance)
    return clearance


def _answer(referral: Referral, clearance: Clearance, by: Actor) -> None:
    referral = (
        Referral.objects.for_clinic(referral.clinic_id)
        .select_for_update(no_key=True)
        .get(pk=referral.pk)
    )
    referral.status = ReferralStatus.ANSWERED
    referral.answered_at = timezone.now()
    referral.answer = clearance
    referral.save(update_fields=["status", "answered_at", "answer"])
    record_event(
        action="referrals.referral.answered",
        by=by,
        subject=referral,
        details={"clearance": clearance.pk, "outcome": clearance.outcome},
    )


def _screen_again(client: Client, by: Actor, clearance: Clearance) -> None:
    latest = (
        Intake.objects.for_clinic(client.clinic_id)
        .filter(client=client)
        .order_by("-version")
        .first()
    )
    if latest is None:
        return  # the first intake will take the clearance from the record
    document = {**latest.document, "visit_date": timezone.localdate().isoformat()}
    try:
        with transaction.atomic():
            screened = record_intake(client=client, by=by, document=document)
    except ValidationError:
        return  # the old document no longer reads; the next intake takes the clearance
    record_event(
        action="intake.intake.rescreened",
        by=by,
        subject=screened,
        details={"from_version": latest.version, "clearance": clearance.pk},
    )
