"""The owner's wording of the clinic's messages: every kind listed, one kind edited with a
preview, saved or put back to the default. What is typed is kept as a draft until saved."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.http import Http404, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from medmassage.accounts import policy
from medmassage.accounts.access import ClinicRequest, require_clinic
from medmassage.drafts import pages as drafts
from medmassage.drafts.queries import get_draft
from medmassage.drafts.services import discard_draft
from medmassage.messaging import queries
from medmassage.messaging.models import Kind
from medmassage.messaging.services import reset_wording, set_wording
from medmassage.messaging.wording import (
    DEFAULTS,
    MEANINGS,
    REQUIRED,
    SAMPLES,
    fill,
    placeholders_of,
)
from medmassage.problems import DOMAIN_ERRORS, problem_errors, problem_message, problem_status

ACTION = "messaging.settings"


def _kind(value: str) -> Kind:
    if value not in Kind.values:
        raise Http404("No such kind of message")
    return Kind(value)


def _draft_form(kind: Kind) -> str:
    return f"wording:{kind.value}"


def _preview(request: ClinicRequest, subject: str, body: str) -> dict[str, str]:
    """The message as a client would read it, with made-up values and the clinic's own."""
    clinic = request.clinic
    values = {
        **SAMPLES,
        "clinic_name": clinic.name,
        "clinic_phone": clinic.phone,
        "link": settings.SITE_URL + reverse("portal:home"),
    }
    return {"subject": fill(subject, values), "body": fill(body, values)}


def _edit_context(
    request: ClinicRequest, kind: Kind, *, posted: QueryDict | None, error: Exception | None
) -> dict[str, Any]:
    wording = queries.get_wording(request.clinic, kind)
    subject = posted.get("subject", "") if posted is not None else wording.subject
    body = posted.get("body", "") if posted is not None else wording.body
    default_subject, default_body = DEFAULTS[kind]
    return {
        "default_subject": default_subject,
        "default_body": default_body,
        "kind": kind,
        "wording": wording,
        "subject": subject,
        "body": body,
        "placeholders": [
            (f"{{{name}}}", MEANINGS[name], name in REQUIRED.get(kind, ()))
            for name in placeholders_of(kind)
        ],
        "preview": _preview(request, subject, body),
        "errors": (problem_errors(error) or {}) if error is not None else {},
        "problem": problem_message(error) if error is not None else "",
    }


@require_GET
@require_clinic
def wording_list(request: ClinicRequest) -> HttpResponse:
    """Every kind of message the clinic sends: to whom, and in whose words."""
    policy.require(request.membership, ACTION)
    context = {"wordings": queries.list_wordings(request.clinic)}
    return render(request, "messaging/wording_list.html", context)


@require_http_methods(["GET", "POST"])
@require_clinic
def wording_edit(request: ClinicRequest, message_kind: str) -> HttpResponse:
    """One kind's subject and text, with the placeholders and a preview; saving keeps them."""
    policy.require(request.membership, ACTION)
    kind = _kind(message_kind)
    if request.method == "POST":
        post = request.POST
        try:
            set_wording(
                by=request.actor,
                kind=kind,
                subject=post.get("subject", ""),
                body=post.get("body", ""),
            )
        except DOMAIN_ERRORS as error:
            draft = drafts.keep_refused(request, form=_draft_form(kind), client_id=None)
            context = _edit_context(request, kind, posted=post, error=error)
            context |= drafts.draft_context(draft)
            return render(
                request, "messaging/wording_edit.html", context, status=problem_status(error)
            )
        discard_draft(form=_draft_form(kind), by=request.actor)
        messages.success(request, f"The wording of the {kind.label.lower()} is saved.")
        return redirect("messaging:edit", message_kind=kind.value)
    kept = get_draft(request.membership, _draft_form(kind))
    context = _edit_context(request, kind, posted=kept.as_post() if kept else None, error=None)
    context |= drafts.draft_context(kept)
    return render(request, "messaging/wording_edit.html", context)


@require_POST
@require_clinic
def preview(request: ClinicRequest, message_kind: str) -> HttpResponse:
    """The preview of the text as typed (HTMX refreshes it while the owner types)."""
    policy.require(request.membership, ACTION)
    _kind(message_kind)
    found = _preview(request, request.POST.get("subject", ""), request.POST.get("body", ""))
    return render(request, "messaging/_preview.html", {"preview": found})


@require_POST
@require_clinic
def autosave(request: ClinicRequest, message_kind: str) -> HttpResponse:
    """Keep the wording as typed (the owner's draft) until it is saved."""
    policy.require(request.membership, ACTION)
    kind = _kind(message_kind)
    return drafts.autosave(request, form=_draft_form(kind), client_id=None)


@require_POST
@require_clinic
def use_default(request: ClinicRequest, message_kind: str) -> HttpResponse:
    """Put the default wording back (the clinic's own, and any draft of it, go)."""
    policy.require(request.membership, ACTION)
    kind = _kind(message_kind)
    reset_wording(by=request.actor, kind=kind)
    discard_draft(form=_draft_form(kind), by=request.actor)
    messages.success(request, f"The {kind.label.lower()} uses the default wording again.")
    return redirect("messaging:edit", message_kind=kind.value)
