"""Consent pages: the client's consent history, recording consent on a tablet, revoking it."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from medmassage.accounts import policy
from medmassage.accounts.access import ClinicRequest, require_clinic
from medmassage.audit.services import record_read
from medmassage.clients import consents, queries
from medmassage.clients.access import client_for, record_shown
from medmassage.clients.forms import ConsentForm, ConsentTextForm, RevokeConsentForm
from medmassage.clients.models import Client
from medmassage.clients.signatures import AGE_OF_MAJORITY, is_minor


def _history(
    request: ClinicRequest, client: Client, *, revoke_form: RevokeConsentForm | None = None
) -> HttpResponse:
    clinic = request.clinic
    context = {
        "client": client,
        "consents": queries.list_consents(clinic, client),
        "current": queries.get_current_consent(clinic, client),
        "revoke_form": revoke_form or RevokeConsentForm(),
        "can_record": policy.allows(request.membership, "consents.record"),
        "client_is_minor": is_minor(client.date_of_birth, timezone.localdate()),
    }
    status = 422 if revoke_form is not None and revoke_form.errors else 200
    return render(request, "clients/consent_list.html", context, status=status)


@require_GET
@require_clinic
def consent_list(request: ClinicRequest, client_id: int) -> HttpResponse:
    """The client's consents, current first; revoked ones stay on record."""
    client = client_for(request, client_id, "consents.view")
    record_read(
        "clients.client.viewed",
        by=request.actor,
        subject=client,
        client=client,
        details={"section": "consents"},
    )
    return _history(request, client)


@require_http_methods(["GET", "POST"])
@require_clinic
def consent_create(request: ClinicRequest, client_id: int) -> HttpResponse:
    """Go through the clinic's consent text with the client, then sign (typed or drawn)."""
    client = client_for(request, client_id, "consents.record")
    template = queries.get_current_template(request.clinic)
    form = ConsentForm(request.POST or None, template=template)
    if request.method == "POST" and form.is_valid():
        try:
            consents.record_consent(client=client, by=request.actor, details=form.details())
        except ValidationError as error:
            form.add_service_errors(error)
        else:
            messages.success(request, f"Consent of {client.full_name} recorded.")
            return redirect("clients:consents", client.pk)
    status = 422 if form.is_bound and form.errors else 200
    record_shown(request, client, "consent form")
    context = {
        "client": client,
        "form": form,
        "template": template,
        "client_is_minor": is_minor(client.date_of_birth, timezone.localdate()),
        "age_of_majority": AGE_OF_MAJORITY,
    }
    return render(request, "clients/consent_form.html", context, status=status)


@require_POST
@require_clinic
def consent_revoke(request: ClinicRequest, client_id: int, consent_id: int) -> HttpResponse:
    """Revoke a consent, with the reason the client gave."""
    client = client_for(request, client_id, "consents.record")
    consent = queries.get_consent(request.clinic, client, consent_id)
    form = RevokeConsentForm(request.POST)
    if form.is_valid():
        try:
            consents.revoke_consent(
                consent=consent, by=request.actor, reason=form.cleaned_data["reason"]
            )
        except ValidationError as error:
            form.add_service_errors(error)
        else:
            messages.success(request, "Consent revoked.")
            return redirect("clients:consents", client.pk)
    return _history(request, client, revoke_form=form)


@require_http_methods(["GET", "POST"])
@require_clinic
def consent_texts(request: ClinicRequest) -> HttpResponse:
    """The clinic's consent text, version by version; the owner publishes a new version."""
    policy.require(request.membership, "consents.templates.manage")
    clinic = request.clinic
    form = ConsentTextForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            consents.publish_consent_template(by=request.actor, text=form.text())
        except ValidationError as error:
            form.add_service_errors(error)
        else:
            messages.success(request, "The new version of the consent text is published.")
            return redirect("clients:consent-texts")
    context = {
        "form": form,
        "current": queries.get_current_template(clinic),
        "templates": queries.list_consent_templates(clinic),
    }
    status = 422 if form.is_bound and form.errors else 200
    return render(request, "clients/consent_texts.html", context, status=status)
