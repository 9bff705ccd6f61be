"""Client pages: find, register and edit a client (the chart is the charts app's page)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.forms import BaseForm
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.cache import patch_vary_headers
from django.views.decorators.http import require_GET, require_http_methods

from medmassage.accounts import policy
from medmassage.accounts.access import ClinicRequest, require_clinic
from medmassage.clients import queries, services
from medmassage.clients.access import client_for
from medmassage.clients.forms import ClientForm, ClientSearchForm
from medmassage.clients.search import build_terms
from medmassage.replicas import lag_tolerant


@require_GET
@require_clinic
def client_list(request: ClinicRequest) -> HttpResponse:
    """Find a client by name, date of birth or phone; HTMX asks for the results only."""
    policy.require(request.membership, "clients.identity.view")
    form = ClientSearchForm(request.GET)
    clients = queries.list_clients(request.clinic)
    if form.is_valid():
        terms = build_terms(q=form.cleaned_data["q"], dob=form.cleaned_data["dob"])
        clients = queries.search_clients(request.clinic, terms)
    else:
        clients = clients.none()
    template = "clients/_results.html" if request.htmx else "clients/client_list.html"
    # Search may be a moment behind the primary: its reads go to a replica when there is one.
    with lag_tolerant():
        page = queries.get_client_page(
            clients,
            request.GET.get("page"),
            size=queries.PAGE_SIZE,
            count_up_to=queries.COUNT_CAP,
        )
        context = {
            "form": form,
            "page": page,
            "query": _query_without_page(request),
            "can_create": policy.allows(request.membership, "clients.identity.edit"),
            "can_set_consent_text": policy.allows(request.membership, "consents.templates.manage"),
        }
        response = render(request, template, context)
    patch_vary_headers(response, ["HX-Request"])
    return response


def _query_without_page(request: ClinicRequest) -> str:
    query = request.GET.copy()
    query.pop("page", None)
    return query.urlencode()


@require_http_methods(["GET", "POST"])
@require_clinic
def client_create(request: ClinicRequest) -> HttpResponse:
    """Register a new client."""
    policy.require(request.membership, "clients.identity.edit")
    form = ClientForm(request.POST or None, clinic=request.clinic)
    if request.method == "POST" and form.is_valid():
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
    return render(request, "clients/client_form.html", context, status=_status(form))


def _status(form: BaseForm) -> int:
    return 422 if form.is_bound and form.errors else 200
