"""Before the first visit, in the portal: the client's intake (the same format and screening as
the clinic's, in plain words, free-text prompts left for the therapist) and their consent
(typed or drawn signature). Both wait for the therapist's review; a red flag alerts the clinic."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from medmassage.clients import consents
from medmassage.clients import queries as client_queries
from medmassage.clients.signatures import is_minor
from medmassage.intake.document import document_from_form, is_saving
from medmassage.intake.form_state import Row, form_context, rows_of
from medmassage.intake.models import Intake
from medmassage.intake.portal import client_document, may_fill_in, submit_portal_intake
from medmassage.intake.queries import get_latest_intake
from medmassage.portal.forms import CHOICES, PortalConsentForm, with_medications
from medmassage.portal.intake_checks import intake_errors, visit_day
from medmassage.portal.reads import record_client_read
from medmassage.portal.session import PortalRequest, require_client

COMPLAINT_ROWS = 3  # rows offered for "where it hurts" (project policy: most clients name 1-2)


def _intake_form(
    request: PortalRequest,
    document: dict[str, Any],
    errors: dict[str, list[str]] | None = None,
    *,
    sent: Intake | None = None,
) -> HttpResponse:
    context = form_context(document, errors) | {"sent": sent}
    complaints = rows_of(document.get("complaints", []), "complaints", errors or {}, blank=False)
    rows = list(complaints.rows)
    while len(rows) < COMPLAINT_ROWS:
        rows.append(Row(f"complaints[{len(rows)}]", {}))
    medications = [
        item.get("name") or item.get("class", "")
        for item in document.get("medications", [])
        if isinstance(item, dict)
    ]
    context |= {
        "complaint_rows": rows,
        "medication_lines": "\n".join(medications),
        "portal_choices": CHOICES,
        "error_summary": [
            (label.replace("Red-flag question", "Question"), message, path)
            for label, message, path in context["error_summary"]
        ],
    }
    return render(request, "portal/intake.html", context, status=422 if errors else 200)


@require_client
@require_http_methods(["GET", "POST"])
def intake(request: PortalRequest) -> HttpResponse:
    """The intake before the first visit; Send screens it and puts it before the therapist."""
    actor = request.client_actor
    if not may_fill_in(actor.client.pk, actor.clinic_id):
        record_client_read(actor, "intake_done")
        return render(request, "portal/intake_done.html", {"reviewed": True})
    if request.method == "GET":
        latest = get_latest_intake(actor.clinic_id, actor.client)
        record_client_read(actor, "intake", latest)
        document = client_document(latest.document) if latest else {}
        document["visit_date"] = visit_day(actor)
        return _intake_form(request, document, sent=latest)
    document = client_document(document_from_form(with_medications(request.POST)))
    document["visit_date"] = visit_day(actor)
    if not is_saving(request.POST):
        return _intake_form(request, document)
    errors = intake_errors(actor, document)
    if not errors:
        try:
            submit_portal_intake(by=actor, document=document)
        except ValidationError as error:
            errors = error.message_dict
        else:
            messages.success(request, "Thank you: your therapist will go through it with you.")
            return redirect("portal:home")
    return _intake_form(request, document, errors)


@require_client
@require_http_methods(["GET", "POST"])
def consent(request: PortalRequest) -> HttpResponse:
    """The clinic's consent text; the client signs it (typed name or drawn)."""
    actor = request.client_actor
    client = actor.client
    current = client_queries.get_current_consent(actor.clinic_id, client)
    template = client_queries.get_current_template(actor.clinic_id)
    form = PortalConsentForm(request.POST or None, template=template)
    if current is None and request.method == "POST" and form.is_valid():
        try:
            consents.record_consent(client=client, by=actor, details=form.details())
        except ValidationError as error:
            form.add_service_errors(error)
        else:
            messages.success(request, "Thank you: your consent is signed.")
            return redirect("portal:home")
    record_client_read(actor, "consent", current)
    context = {
        "form": form,
        "template": template,
        "current": current,
        "client": client,
        "client_is_minor": is_minor(client.date_of_birth, timezone.localdate()),
    }
    status = 422 if form.is_bound and form.errors else 200
    return render(request, "portal/consent.html", context, status=status)
