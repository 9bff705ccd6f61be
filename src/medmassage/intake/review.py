"""The therapist's review of what a client filled in the portal: the intake (confirmed as it
stands once its free-text prompts are answered, or corrected in a new version) and the consent
they signed online (gone through with them)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db import transaction

from medmassage.accounts.actors import Actor
from medmassage.accounts.models import Clinic
from medmassage.audit.services import record_event
from medmassage.clients.consents import mark_consents_reviewed
from medmassage.clients.models import Client, Consent, ConsentSource
from medmassage.intake.models import Intake, IntakeReview, ReviewOutcome, Source
from medmassage.intake.portal import needs_urgent_review
from medmassage.intake.prompts import PromptsUnanswered, unanswered
from medmassage.intake.services import record_intake
from medmassage.problems import DomainError


class NothingToReview(DomainError):
    """The client has no portal intake or consent waiting for review."""


@dataclass(frozen=True)
class PendingReview:
    """A client's online forms that wait for the therapist."""

    client: Client
    intakes: tuple[Intake, ...]  # portal versions not yet reviewed, newest first
    consents: tuple[Consent, ...]
    urgent: bool

    @property
    def latest(self) -> Intake | None:
        return self.intakes[0] if self.intakes else None


def pending_intakes(clinic: Clinic | int) -> Any:
    """Intakes clients sent from the portal that no one has reviewed (partial index)."""
    reviewed = IntakeReview.objects.for_clinic(clinic).values("intake_id")
    return (
        Intake.objects.for_clinic(clinic)
        .filter(source=Source.PORTAL)
        .exclude(pk__in=reviewed)
        .select_related("client")
        .order_by("-recorded_at", "-version")
    )


def pending_consents(clinic: Clinic | int) -> Any:
    """Consents clients signed in the portal, not yet reviewed nor revoked (partial index)."""
    return Consent.objects.for_clinic(clinic).filter(
        source=ConsentSource.PORTAL, reviewed_at__isnull=True, revoked_at__isnull=True
    )


def list_pending_reviews(clinic: Clinic | int) -> list[PendingReview]:
    """Every client with online forms to review, those needing review today first."""
    intakes: dict[int, list[Intake]] = {}
    clients: dict[int, Client] = {}
    for intake in pending_intakes(clinic):
        intakes.setdefault(intake.client_id, []).append(intake)
        clients[intake.client_id] = intake.client
    consents: dict[int, list[Consent]] = {}
    for consent in pending_consents(clinic).select_related("client"):
        consents.setdefault(consent.client_id, []).append(consent)
        clients.setdefault(consent.client_id, consent.client)
    found = [
        PendingReview(
            client=client,
            intakes=tuple(intakes.get(pk, ())),
            consents=tuple(consents.get(pk, ())),
            urgent=any(needs_urgent_review(i) for i in intakes.get(pk, ())),
        )
        for pk, client in clients.items()
    ]
    return sorted(found, key=lambda p: (not p.urgent, p.client.family_name, p.client.pk))


def get_pending_review(clinic: Clinic | int, client: Client) -> PendingReview | None:
    """The client's online forms waiting for review, or None."""
    intakes = tuple(pending_intakes(clinic).filter(client=client))
    consents = tuple(pending_consents(clinic).filter(client=client))
    if not intakes and not consents:
        return None
    return PendingReview(client, intakes, consents, any(needs_urgent_review(i) for i in intakes))


def pending_client_ids(clinic: Clinic | int, client_ids: list[int]) -> dict[int, bool]:
    """Of these clients, those with online forms to review: client id to "urgent"."""
    found: dict[int, bool] = {}
    for intake in pending_intakes(clinic).filter(client_id__in=client_ids):
        found[intake.client_id] = found.get(intake.client_id, False) or needs_urgent_review(intake)
    for client_id in (
        pending_consents(clinic)
        .filter(client_id__in=client_ids)
        .values_list("client_id", flat=True)
    ):
        found.setdefault(client_id, False)
    return found


def _latest(client: Client) -> Intake | None:
    return Intake.objects.for_clinic(client.clinic_id).filter(client=client).first()


def _review(pending: PendingReview, *, result: Intake, outcome: str, by: Actor) -> None:
    for intake in pending.intakes:
        review = IntakeReview.objects.for_clinic(by.clinic).create(
            clinic=by.clinic,
            intake=intake,
            result=result,
            outcome=outcome,
            reviewed_by=by.membership,
        )
        record_event(
            action="intake.portal_intake.reviewed",
            by=by,
            subject=review,
            client=intake.client_id,
            details={"version": intake.version, "result": result.version, "outcome": outcome},
        )
    mark_consents_reviewed(client=pending.client, by=by)


@transaction.atomic
def confirm_portal_forms(*, client: Client, by: Actor) -> PendingReview:
    """The therapist confirms the client's online intake as it now stands (its free-text
    prompts answered first) and the consent they signed online."""
    pending = get_pending_review(by.clinic, client)
    if pending is None:
        raise NothingToReview("Nothing from the portal waits for review.")
    latest = _latest(client)
    if pending.intakes and latest is not None:
        waiting = unanswered(latest.screening)
        if waiting:
            raise PromptsUnanswered(waiting, before="confirming the online intake")
        _review(pending, result=latest, outcome=ReviewOutcome.CONFIRMED, by=by)
    else:
        mark_consents_reviewed(client=client, by=by)
    return pending


@transaction.atomic
def correct_portal_intake(*, client: Client, by: Actor, document: object) -> Intake:
    """The therapist records the corrected intake: a new version, and the review of the
    client's online version(s) as corrected."""
    pending = get_pending_review(by.clinic, client)
    corrected = record_intake(client=client, by=by, document=document)
    if pending is not None:
        _review(pending, result=corrected, outcome=ReviewOutcome.CORRECTED, by=by)
    return corrected
