"""Directory and care team pages: list, add and change providers; a client's care team."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from medmassage.accounts import policy
from medmassage.accounts.access import ClinicRequest, require_clinic
from medmassage.audit.services import record_read
from medmassage.careteam import queries, services
from medmassage.careteam.models import CareRole, Profession
from medmassage.clients.access import client_for
from medmassage.problems import problem_message


@require_GET
@require_clinic
def directory(request: ClinicRequest) -> HttpResponse:
    """The clinic's outside providers, searchable."""
    policy.require(request.membership, "careteam.directory.view")
    query = request.GET.get("q", "").strip()
    context = {
        "providers": queries.list_providers(request.clinic, query=query),
        "query": query,
        "can_edit": policy.allows(request.membership, "careteam.directory.edit"),
    }
    return render(request, "careteam/directory.html", context)


@require_http_methods(["GET", "POST"])
@require_clinic
def provider_form(request: ClinicRequest, provider_id: int | None = None) -> HttpResponse:
    """Add a provider, or change one; a refusal keeps what was typed."""
    policy.require(request.membership, "careteam.directory.edit")
    provider = queries.get_provider(request.clinic, provider_id) if provider_id else None
    values: dict[str, Any] = (
        {name: getattr(provider, name) for name in services.PROVIDER_FIELDS} if provider else {}
    )
    errors: dict[str, list[str]] = {}
    if request.method == "POST":
        values = {name: request.POST.get(name, "") for name in services.PROVIDER_FIELDS}
        values["is_active"] = request.POST.get("is_active") == "on"
        try:
            if provider is None:
                provider = services.add_provider(by=request.actor, fields=values)
            else:
                services.change_provider(provider=provider, by=request.actor, fields=values)
        except ValidationError as error:
            errors = error.message_dict
        else:
            messages.success(request, f"{provider.name} is in the directory.")
            return redirect("careteam:directory")
    context = {
        "provider": provider,
        "values": values,
        "errors": errors,
        "form_error": " ".join(errors.get("__all__", [])),
        "professions": Profession.choices,
    }
    return render(request, "careteam/provider_form.html", context, status=422 if errors else 200)


@require_http_methods(["GET", "POST"])
@require_clinic
def care_team(request: ClinicRequest, client_id: int) -> HttpResponse:
    """The client's care team: who is on it, and add a provider from the directory."""
    client = client_for(request, client_id, "careteam.view")
    problem = ""
    if request.method == "POST":
        policy.require(request.membership, "careteam.edit")
        try:
            provider = queries.get_provider(request.clinic, int(request.POST.get("provider") or 0))
            services.add_to_care_team(
                client=client,
                provider=provider,
                role=request.POST.get("role", ""),
                note=request.POST.get("note", ""),
                by=request.actor,
            )
        except ValidationError as error:
            problem = problem_message(error)
        else:
            messages.success(request, f"{provider.name} joined the care team.")
            return redirect("careteam:team", client_id=client.pk)
    record_read("careteam.team.viewed", by=request.actor, subject=client, client=client)
    context = {
        "client": client,
        "team": queries.list_care_team(request.clinic, client),
        "providers": queries.list_providers(request.clinic, active_only=True),
        "roles": CareRole.choices,
        "problem": problem,
        "can_edit": policy.allows(request.membership, "careteam.edit"),
    }
    return render(request, "careteam/care_team.html", context, status=422 if problem else 200)


@require_POST
@require_clinic
def remove_member(request: ClinicRequest, member_id: int) -> HttpResponse:
    """Take a provider off the client's care team."""
    policy.require(request.membership, "careteam.edit")
    member = queries.get_care_team_member(request.clinic, member_id)
    services.remove_from_care_team(member=member, by=request.actor)
    messages.success(request, f"{member.provider.name} left the care team.")
    return redirect("careteam:team", client_id=member.client_id)
