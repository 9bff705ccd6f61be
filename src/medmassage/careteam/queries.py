"""Clinic-scoped reads of the directory, care teams and clearances."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from django.db.models import Q, QuerySet
from django.shortcuts import get_object_or_404

from medmassage.careteam.models import (
    CareTeamMember,
    Clearance,
    ClearanceOutcome,
    Provider,
)

if TYPE_CHECKING:
    from medmassage.accounts.models import Clinic
    from medmassage.clients.models import Client


def list_providers(
    clinic: Clinic | int, *, query: str = "", active_only: bool = False
) -> QuerySet[Provider]:
    """The directory, by name; `query` matches name, organisation or NPI."""
    providers = Provider.objects.for_clinic(clinic)
    if query:
        providers = providers.filter(
            Q(name__icontains=query) | Q(organisation__icontains=query) | Q(npi=query)
        )
    if active_only:
        providers = providers.filter(is_active=True)
    return providers.order_by("name", "pk")


def get_provider(clinic: Clinic | int, provider_id: int) -> Provider:
    """One provider of the clinic's directory (404 for another clinic's)."""
    return get_object_or_404(Provider.objects.for_clinic(clinic), pk=provider_id)


def list_care_team(clinic: Clinic | int, client: Client) -> list[CareTeamMember]:
    """The client's current care team, by role."""
    return list(
        CareTeamMember.objects.for_clinic(clinic)
        .filter(client=client, ended_at__isnull=True)
        .select_related("provider")
        .order_by("role", "added_at")
    )


def get_care_team_member(clinic: Clinic | int, member_id: int) -> CareTeamMember:
    return get_object_or_404(
        CareTeamMember.objects.for_clinic(clinic).select_related("provider", "client"),
        pk=member_id,
    )


def list_clearances(clinic: Clinic | int, client: Client | None = None) -> QuerySet[Clearance]:
    """Clearances received, latest first (of one client when given)."""
    found = Clearance.objects.for_clinic(clinic).select_related("provider", "client")
    if client is not None:
        found = found.filter(client=client)
    return found.order_by("-issued_on", "-pk")


def get_clearance(clinic: Clinic | int, clearance_id: int) -> Clearance:
    """One clearance of the clinic (404 for another clinic's)."""
    return get_object_or_404(
        Clearance.objects.for_clinic(clinic).select_related("provider", "client", "recorded_by"),
        pk=clearance_id,
    )


def current_clearances(clinic: Clinic | int, client: Client, *, on: dt.date) -> list[Clearance]:
    """The clearances that speak for the client on `on`: issued by then and not superseded by
    a later answer covering at least as much (a later 'not cleared' withdraws an earlier one).
    Expired ones stay, so that screening can ask for them again."""
    issued = list(list_clearances(clinic, client).filter(issued_on__lte=on))
    kept = [
        clearance
        for position, clearance in enumerate(issued)  # latest first
        if not any(_covers_all_of(later, clearance) for later in issued[:position])
    ]
    return [c for c in kept if c.outcome != ClearanceOutcome.NOT_CLEARED]


def _covers_all_of(later: Clearance, earlier: Clearance) -> bool:
    return not later.covers or set(earlier.covers or ["all"]) <= set(later.covers)


def clearance_items(clinic: Clinic | int, client: Client, *, on: dt.date) -> list[dict[str, Any]]:
    """The intake document's `clearances` entries for the clearances on file on `on`."""
    return [intake_item(clearance) for clearance in current_clearances(clinic, client, on=on)]


def intake_item(clearance: Clearance) -> dict[str, Any]:
    """A clearance as the intake format states it: its limits hold for all work (standing)."""
    item: dict[str, Any] = {
        "from": clearance.from_name,
        "date": clearance.issued_on.isoformat(),
        "reference": clearance.reference,
        "standing": True,
    }
    if clearance.covers:
        item["covers"] = list(clearance.covers)
    if clearance.valid_until:
        item["until"] = clearance.valid_until.isoformat()
    if clearance.max_pressure:
        item["max_pressure"] = clearance.max_pressure
    if clearance.exclude_techniques:
        item["exclude"] = list(clearance.exclude_techniques)
    if clearance.avoid_regions:
        item["avoid_regions"] = list(clearance.avoid_regions)
    return item
