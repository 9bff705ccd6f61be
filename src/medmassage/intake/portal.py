"""The intake a client fills in the portal before the first visit: the same intake format and
the same service (`record_intake`, the clinical core's screening), limited to what a client can
tell (no vitals, codes, clearances or answers to free-text prompts: those are the therapist's),
then waiting for the therapist's review. A red flag emails the clinic at once, through the
outbox, with a link and no clinical detail."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from medmassage.accounts.models import Membership, Role
from medmassage.clientaccounts.actors import ClientActor
from medmassage.intake.models import Intake, IntakeReview, Source
from medmassage.intake.services import record_intake
from medmassage.messaging.models import Kind
from medmassage.messaging.services import Outgoing, schedule_message

Json = dict[str, Any]
# What a client may tell in the portal; the rest of the format is the clinic's to record.
CLIENT_KEYS = (
    "format",
    "version",
    "visit_date",
    "pregnancy",
    "complaints",
    "history",
    "medications",
    "red_flags",
    "goals",
    "notes",
)
COMPLAINT_KEYS = ("region", "side", "description", "onset", "pain", "eases", "aggravates")
URGENT_DECISIONS = frozenset({"refer_urgent", "refer_emergency"})


def client_document(document: Mapping[str, Any]) -> Json:
    """The document with only what a client may fill in (no codes, vitals or prompt answers)."""
    kept: Json = {key: document[key] for key in CLIENT_KEYS if key in document}
    if isinstance(kept.get("complaints"), list):
        kept["complaints"] = [
            {key: item[key] for key in COMPLAINT_KEYS if key in item}
            for item in kept["complaints"]
            if isinstance(item, Mapping)
        ]
    return kept


def needs_urgent_review(intake: Intake) -> bool:
    """A red flag among the findings, or a decision to refer: the clinic is told at once."""
    findings = intake.screening.get("findings", [])
    return intake.decision in URGENT_DECISIONS or any(
        finding.get("kind") == "red_flag" for finding in findings
    )


def may_fill_in(client_id: int, clinic_id: int) -> bool:
    """Before the first visit only: no intake recorded by the clinic and none reviewed yet."""
    intakes = Intake.objects.for_clinic(clinic_id).filter(client_id=client_id)
    reviewed = IntakeReview.objects.for_clinic(clinic_id).filter(intake__client_id=client_id)
    return not intakes.filter(source=Source.STAFF).exists() and not reviewed.exists()


def submit_portal_intake(*, by: ClientActor, document: Mapping[str, Any]) -> Intake:
    """Screen and store the client's own intake; a red flag alerts the clinic by email now."""
    with transaction.atomic():
        intake = record_intake(client=by.client, by=by, document=client_document(document))
        if needs_urgent_review(intake):
            alert_clinic(intake)
    return intake


def clinic_addresses(clinic_id: int, email: str) -> list[str]:
    """Where alerts go: the clinic's email, else its owners' and therapists' own."""
    if email:
        return [email]
    members = Membership.objects.filter(
        clinic_id=clinic_id, is_active=True, role__in=(Role.OWNER, Role.THERAPIST)
    ).select_related("user")
    return sorted({m.user.email for m in members if m.user.email})


def alert_clinic(intake: Intake) -> None:
    """Email the clinic that a portal intake needs review today (inside the caller's
    transaction, once per intake): a link, never a finding."""
    clinic = intake.client.clinic
    link = settings.SITE_URL + reverse("intake:review", args=[intake.client_id])
    for address in clinic_addresses(clinic.pk, clinic.email):
        schedule_message(
            clinic=clinic,
            outgoing=Outgoing(
                kind=Kind.CLINIC_ALERT,
                key=f"intake-alert:{intake.pk}:{address}",
                to_email=address,
                send_after=timezone.now(),
                values={"link": link},
            ),
        )
