"""The treating-team rule, applied to every request that names a client's record: by middleware for
the pages, by the API's authentication for the API (a bearer token's member is known there)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.urls import reverse

from medmassage.accounts.actors import Actor
from medmassage.accounts.models import Role
from medmassage.clients.models import Client
from medmassage.recordaccess.access import on_care_team, open_glass, record_glass_use
from medmassage.recordaccess.records import client_of

# The pages that let someone off the team ask for access (they name the client themselves).
EXEMPT = frozenset({"recordaccess:break-glass"})


def enforce(request: HttpRequest) -> None:
    """Refuse (403) a therapist off the client's treating team without break-glass in force; each
    use of break-glass is audited at high severity."""
    actor = getattr(request, "actor", None)
    match = request.resolver_match
    if actor is None or match is None or match.view_name in EXEMPT:
        return
    if not restricted(actor):
        return
    client_id = client_of(actor.membership.clinic_id, match.kwargs)
    if client_id is not None:
        enforce_client(actor, client_id, view=match.view_name)


def restricted(actor: Actor) -> bool:
    """Whether the treating-team rule applies to this member (a therapist of a clinic that
    restricts records to the treating team)."""
    membership = actor.membership
    return bool(membership.clinic.care_team_only) and membership.role == Role.THERAPIST


def enforce_client(actor: Actor, client_id: int, *, view: str) -> None:
    """The rule for one client's record, for views that learn the client only from the record
    they read (FHIR resources, whose ids are not the apps' URL parameters)."""
    if not restricted(actor):
        return
    membership = actor.membership
    client = Client.objects.for_clinic(membership.clinic_id).filter(pk=client_id).first()
    if client is None or on_care_team(membership, client):
        return
    grant = open_glass(membership, client)
    if grant is not None:
        record_glass_use(client_id=client_id, by=actor, grant=grant, view=view)
        return
    link = reverse("recordaccess:break-glass", args=[client_id])
    raise PermissionDenied(
        "This client's record is for their treating team. If you must see it, break the glass "
        f"with a written reason: {link}"
    )


class TreatingTeamMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(
        self, request: HttpRequest, view: Callable[..., Any], args: Any, kwargs: Any
    ) -> None:
        if not request.path.startswith("/api/"):
            enforce(request)
