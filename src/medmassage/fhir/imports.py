"""Importing a FHIR Bundle: staged first, then the therapist confirms who the client is, then
saves the intake drafted from it through the intake form (which screens it). Nothing clinical
reaches the record before that save."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.utils import timezone

from medmassage.accounts.actors import Actor
from medmassage.audit.services import record_event
from medmassage.clients.models import Client
from medmassage.clients.search import name_key
from medmassage.clients.services import create_client, update_client
from medmassage.fhir.import_reading import read_bundle
from medmassage.fhir.models import ImportStatus, StagedImport
from medmassage.problems import DomainError, invalid


class ImportClosed(DomainError):
    """The import was confirmed or discarded already."""


class ImportBlocked(DomainError):
    """A blocking mapping problem stops the import."""

    status_code = 422


def _matches(by: Actor, client: dict[str, Any]) -> list[dict[str, Any]]:
    """Clients it may be: same names and birth date, or same family name and birth date."""
    if not client.get("date_of_birth") or not client.get("family_name"):
        return []
    born = dt.date.fromisoformat(client["date_of_birth"])
    family, given = name_key(client["family_name"]), name_key(client["given_name"])
    candidates = Client.objects.for_clinic(by.clinic).filter(date_of_birth=born, family_key=family)
    return [
        {
            "id": found.pk,
            "name": found.full_name,
            "date_of_birth": found.date_of_birth.isoformat(),
            "same_name": found.given_key == given,
        }
        for found in candidates.order_by("pk")[:10]
    ]


@transaction.atomic
def stage_import(*, by: Actor, bundle: object) -> StagedImport:
    """Read a Bundle and keep it, with its problems and the clients it may be, for review."""
    if not isinstance(bundle, dict):
        raise invalid("bundle", "Send a FHIR Bundle as a JSON object")
    reading = read_bundle(bundle)
    matches = _matches(by, reading.client)
    if len([m for m in matches if m["same_name"]]) > 1:
        reading.problem("entry", "More than one client has this name and birth date: choose one.")
    staged = StagedImport.objects.for_clinic(by.clinic).create(
        clinic=by.clinic,
        bundle=bundle,
        proposed_client=reading.client,
        proposed_referral=reading.referral,
        draft_intake=reading.intake,
        problems=reading.problems,
        matches=matches,
        received_by=by.membership,
    )
    record_event(
        action="fhir.import.staged",
        by=by,
        subject=staged,
        details={"problems": len(reading.problems), "matches": len(matches)},
    )
    return staged


@transaction.atomic
def confirm_import(*, by: Actor, staged: StagedImport, client_id: int | None) -> Client:
    """The therapist says who the client is: an existing client, or a new one registered from
    the Patient. The referrer fills the client's empty referral fields. The intake is still a
    draft, saved through the intake form."""
    staged = (
        StagedImport.objects.for_clinic(by.clinic).select_for_update(no_key=True).get(pk=staged.pk)
    )
    if staged.status != ImportStatus.PENDING:
        raise ImportClosed(f"This import was {staged.get_status_display().lower()} already.")
    if any(problem["blocking"] for problem in staged.problems):
        raise ImportBlocked("A problem marked blocking stops this import: fix it at the source.")
    if client_id is None:
        client = create_client(by=by, **staged.proposed_client)
    else:
        found = Client.objects.for_clinic(by.clinic).filter(pk=client_id).first()
        if found is None:
            raise invalid("client_id", f"No client {client_id} in this clinic")
        client = found
    referral = {k: v for k, v in staged.proposed_referral.items() if v and not getattr(client, k)}
    if referral:
        client = update_client(client=client, by=by, **referral)
    StagedImport.objects.for_clinic(by.clinic).filter(pk=staged.pk).update(
        status=ImportStatus.CONFIRMED,
        client=client,
        confirmed_by=by.membership,
        confirmed_at=timezone.now(),
    )
    record_event(
        action="fhir.import.confirmed",
        by=by,
        subject=staged,
        client=client,
        details={"new_client": client_id is None, "referrer": bool(referral)},
    )
    return client


@transaction.atomic
def discard_import(*, by: Actor, staged: StagedImport) -> None:
    """Drop an import nobody will confirm (its Bundle is kept for the record)."""
    updated = (
        StagedImport.objects.for_clinic(by.clinic)
        .filter(pk=staged.pk, status=ImportStatus.PENDING)
        .update(status=ImportStatus.DISCARDED)
    )
    if not updated:
        raise ImportClosed("Only an import waiting for review can be discarded.")
    record_event(action="fhir.import.discarded", by=by, subject=staged)
