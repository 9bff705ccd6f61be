"""Client pages: find, register and edit a client (the chart is the charts app's page)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.forms import BaseForm
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.cache import patch_vary_headers
from django.views.decorators.http import require_http_methods

from medmassage.accounts import policy
from medmassage.accounts.access import ClinicRequest, require_clinic
from medmassage.clients import queries, services
from medmassage.clients.access import client_for, record_search, record_shown
from medmassage.clients.forms import ClientForm, ClientSearchForm
from medmassage.clients.models import Client
from medmassage.clients.search import build_terms


@require_http_methods(["GET", "POST"])
@require_clinic
def client_list(request: ClinicRequest) -> HttpResponse:
    """Find a client by name, date of birth or phone. The search is a POST, so that names,
    birth dates and phone numbers never reach a URL (and so no access log, history or Referer);
    a GET lists the clinic's clients and ignores any terms in its address. HTMX asks for the
    results alone."""
    policy.require(request.membership, "clients.identity.view")
    form = ClientSearchForm(request.POST if request.method == "POST" else None)
    clients = queries.list_clients(request.clinic)
    if form.is_bound and form.is_valid():
        terms = build_terms(q=form.cleaned_data["q"], dob=form.cleaned_data["dob"])
        clients = queries.search_clients(request.clinic, terms)
    elif form.is_bound:
        clients = clients.none()
    page_number = request.POST.get("page") if form.is_bound else request.GET.get("page")
    page = queries.get_client_page(clients, page_number, size=queries.PAGE_SIZE)
    record_search(request.actor, page.object_list, count=page.paginator.count)
    context = {
        "form": form,
        "page": page,
        "searched": form.is_bound,
        "can_create": policy.allows(request.membership, "clients.identity.edit"),
        "can_set_consent_text": policy.allows(request.membership, "consents.templates.manage"),
    }
    template = "clients/_results.html" if request.htmx else "clients/client_list.html"
    response = render(request, template, context)
    patch_vary_headers(response, ["HX-Request"])
    return response


@require_http_methods(["GET", "POST"])
@require_clinic
def client_create(request: ClinicRequest) -> HttpResponse:
    """Register a new client."""
    policy.require(request.membership, "clients.identity.edit")
    form = ClientForm(request.POST or None, clinic=request.clinic)
    if request.method == "POST" and form.is_valid():
        duplicates = _possible_duplicates(request, form.cleaned_data)
        if duplicates and not request.POST.get("register_anyway"):
            context = {"form": form, "client": None, "duplicates": duplicates}
            return render(request, "clients/client_form.html", context, status=409)
        try:
            client = services.create_client(by=request.actor, **form.cleaned_data)
        except ValidationError as error:
            form.add_service_errors(error)
        else:
            messages.success(request, f"{client.full_name} is registered.")
            return redirect("charts:client", client.pk)
    return render(
        request, "clients/client_form.html", {"form": form, "client": None}, status=_status(form)
    )


def _possible_duplicates(request: ClinicRequest, data: dict[str, Any]) -> list[Client]:
    return queries.list_possible_duplicates(
        request.clinic,
        given_name=data.get("given_name") or "",
        family_name=data.get("family_name") or "",
        date_of_birth=data.get("date_of_birth"),
        phone=data.get("phone") or "",
        email=data.get("email") or "",
    )


@require_http_methods(["GET", "POST"])
@require_clinic
def client_edit(request: ClinicRequest, client_id: int) -> HttpResponse:
    """Change a client's identity, contact, referral or primary therapist."""
    client = client_for(request, client_id, "clients.identity.edit")
    form = ClientForm(request.POST or None, instance=client, clinic=request.clinic)
    if request.method == "POST" and form.is_valid():
        try:
            services.update_client(client=client, by=request.actor, **form.cleaned_data)
        except ValidationError as error:
            form.add_service_errors(error)
        else:
            messages.success(request, "Saved.")
            return redirect("charts:client", client.pk)
    context = {"form": form, "client": queries.get_client(request.clinic, client_id)}
    record_shown(request, client, "edit form")
    return render(request, "clients/client_form.html", context, status=_status(form))


def _status(form: BaseForm) -> int:
    return 422 if form.is_bound and form.errors else 200
