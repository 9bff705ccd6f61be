"""Client pages: find, register, view (the chart) and edit a client."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.cache import patch_vary_headers
from django.views.decorators.http import require_GET, require_http_methods

from medmassage.accounts import policy
from medmassage.accounts.access import require_clinic
from medmassage.clients import chart, queries, services
from medmassage.clients.forms import ClientForm, ClientSearchForm
from medmassage.clients.models import Client
from medmassage.clients.search import build_terms


def client_for(request: HttpRequest, client_id: int, action: str) -> Client:
    """The clinic's client named in the path, once the role may perform the action (else 403)."""
    policy.require(request.membership, action)  # type: ignore[attr-defined]
    return queries.get_client(request.clinic, client_id)  # type: ignore[attr-defined]


@require_GET
@require_clinic
def client_list(request: HttpRequest) -> HttpResponse:
    """Find a client by name, date of birth or phone; HTMX asks for the results only."""
    policy.require(request.membership, "clients.identity.view")  # type: ignore[attr-defined]
    form = ClientSearchForm(request.GET)
    clients = queries.list_clients(request.clinic)  # type: ignore[attr-defined]
    if form.is_valid():
        terms = build_terms(q=form.cleaned_data["q"], dob=form.cleaned_data["dob"])
        clients = queries.search_clients(request.clinic, terms)  # type: ignore[attr-defined]
    else:
        clients = clients.none()
    page = queries.get_client_page(clients, request.GET.get("page"), size=queries.PAGE_SIZE)
    context = {
        "form": form,
        "page": page,
        "query": _query_without_page(request),
        "can_create": policy.allows(request.membership, "clients.identity.edit"),  # type: ignore[attr-defined]
        "can_set_consent_text": policy.allows(request.membership, "consents.templates.manage"),  # type: ignore[attr-defined]
    }
    template = "clients/_results.html" if request.htmx else "clients/client_list.html"  # type: ignore[attr-defined]
    response = render(request, template, context)
    patch_vary_headers(response, ["HX-Request"])
    return response


def _query_without_page(request: HttpRequest) -> str:
    query = request.GET.copy()
    query.pop("page", None)
    return query.urlencode()


@require_http_methods(["GET", "POST"])
@require_clinic
def client_create(request: HttpRequest) -> HttpResponse:
    """Register a new client."""
    policy.require(request.membership, "clients.identity.edit")  # type: ignore[attr-defined]
    form = ClientForm(request.POST or None, clinic=request.clinic)  # type: ignore[attr-defined]
    if request.method == "POST" and form.is_valid():
        try:
            client = services.create_client(
                clinic=request.clinic,  # type: ignore[attr-defined]
                actor=request.user,
                request=request,
                **form.cleaned_data,
            )
        except ValidationError as error:
            form.add_service_errors(error)
        else:
            messages.success(request, f"{client.full_name} is registered.")
            return redirect("clients:detail", client.pk)
    return render(
        request, "clients/client_form.html", {"form": form, "client": None}, status=_status(form)
    )


@require_http_methods(["GET", "POST"])
@require_clinic
def client_edit(request: HttpRequest, client_id: int) -> HttpResponse:
    """Change a client's identity, contact, referral or primary therapist."""
    client = client_for(request, client_id, "clients.identity.edit")
    form = ClientForm(request.POST or None, instance=client, clinic=request.clinic)  # type: ignore[attr-defined]
    if request.method == "POST" and form.is_valid():
        try:
            services.update_client(
                client=client, actor=request.user, request=request, **form.cleaned_data
            )
        except ValidationError as error:
            form.add_service_errors(error)
        else:
            messages.success(request, "Saved.")
            return redirect("clients:detail", client.pk)
    context = {"form": form, "client": queries.get_client(request.clinic, client_id)}  # type: ignore[attr-defined]
    return render(request, "clients/client_form.html", context, status=_status(form))


def _status(form: Any) -> int:
    return 422 if form.is_bound and form.errors else 200


@require_GET
@require_clinic
def client_detail(request: HttpRequest, client_id: int) -> HttpResponse:
    """The client's chart: identity for every role, clinical panels for clinical roles only."""
    client = client_for(request, client_id, "clients.identity.view")
    clinical = policy.allows(request.membership, "clients.clinical.view")  # type: ignore[attr-defined]
    services.record_client_viewed(
        client=client,
        actor=request.user,
        request=request,
        section="chart" if clinical else "identity",
    )
    context = {
        "client": client,
        "chart": chart.get_chart(request.clinic, client) if clinical else None,  # type: ignore[attr-defined]
        "can_edit": policy.allows(request.membership, "clients.identity.edit"),  # type: ignore[attr-defined]
        "can_record_consent": policy.allows(request.membership, "consents.record"),  # type: ignore[attr-defined]
    }
    return render(request, "clients/client_detail.html", context)
