"""Client pages (the full record arrives with the first-visit issue)."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from medmassage.accounts import policy
from medmassage.accounts.access import require_clinic
from medmassage.clients import queries, services


@require_GET
@require_clinic
def client_list(request: HttpRequest) -> HttpResponse:
    """The clinic's clients."""
    policy.require(request.membership, "clients.identity.view")  # type: ignore[attr-defined]
    clients = queries.list_clients(request.clinic)[:200]  # type: ignore[attr-defined]
    return render(request, "clients/client_list.html", {"clients": clients})


@require_GET
@require_clinic
def client_detail(request: HttpRequest, client_id: int) -> HttpResponse:
    """One client's record; another clinic's client is a 404."""
    policy.require(request.membership, "clients.identity.view")  # type: ignore[attr-defined]
    client = queries.get_client(request.clinic, client_id)  # type: ignore[attr-defined]
    services.record_client_viewed(client=client, actor=request.user, request=request)
    return render(request, "clients/client_detail.html", {"client": client})
