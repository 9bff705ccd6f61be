"""Referral pages: the client's referrals, clearances and reports; a letter edited, signed,
sent and downloaded; a clearance uploaded and its document downloaded (audited)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from medmassage.accounts import policy
from medmassage.accounts.access import ClinicRequest, require_clinic
from medmassage.audit.services import record_read
from medmassage.careteam import documents as stored
from medmassage.careteam import queries as careteam
from medmassage.careteam.models import ClearanceOutcome, Provider
from medmassage.clients.access import client_for, record_shown
from medmassage.clinical.vocabulary import REGIONS, Pressure
from medmassage.problems import problem_message
from medmassage.referrals import documents, queries, sealing, services
from medmassage.referrals.answers import receive_clearance
from medmassage.referrals.models import ProgressReport, Referral, SentVia, Urgency
from medmassage.words.vocabulary import label


def _provider(request: ClinicRequest, field: str = "provider") -> Provider | None:
    value = request.POST.get(field, "")
    return careteam.get_provider(request.clinic, int(value)) if value.isdigit() else None


@require_GET
@require_clinic
def client_referrals(request: ClinicRequest, client_id: int) -> HttpResponse:
    """The client's referrals out and in, clearances and progress reports."""
    client = client_for(request, client_id, "referrals.view")
    record_read("referrals.referral.viewed", by=request.actor, subject=client, client=client)
    referrals = list(queries.list_referrals(request.clinic, client))
    context = {
        "client": client,
        "out": [(r, queries.shown_status(r)) for r in referrals if r.is_out],
        "authorisations": queries.list_authorisations(request.clinic, client),
        "clearances": careteam.list_clearances(request.clinic, client),
        "reports": [
            (r, queries.shown_status(r)) for r in queries.list_reports(request.clinic, client)
        ],
        "providers": careteam.list_providers(request.clinic, active_only=True),
        "can_write": policy.allows(request.membership, "referrals.write"),
        "can_record": policy.allows(request.membership, "clearances.record"),
    }
    return render(request, "referrals/client_referrals.html", context)


@require_POST
@require_clinic
def draft(request: ClinicRequest, client_id: int) -> HttpResponse:
    """Draft a referral letter from the record."""
    client = client_for(request, client_id, "referrals.write")
    referral = services.draft_referral(client=client, by=request.actor, provider=_provider(request))
    return redirect("referrals:detail", referral_id=referral.pk)


@require_POST
@require_clinic
def record_in(request: ClinicRequest, client_id: int) -> HttpResponse:
    """Record a provider's referral of the client (the form is kept on a refusal)."""
    client = client_for(request, client_id, "referrals.write")
    post = request.POST
    fields: dict[str, Any] = {
        "diagnoses": [c for c in post.get("diagnoses", "").replace(",", " ").split() if c],
        "reason": post.get("reason", ""),
        "precautions": post.get("precautions", ""),
        "frequency": post.get("frequency", ""),
        "visits_authorised": int(post["visits_authorised"])
        if post.get("visits_authorised", "").isdigit()
        else None,
        "expires_on": _date(post.get("expires_on", "")),
    }
    try:
        services.record_referral_in(
            client=client, by=request.actor, provider=_provider(request), fields=fields
        )
    except ValidationError as error:
        messages.error(request, problem_message(error))
    else:
        messages.success(request, "The referral was recorded.")
    return redirect("referrals:client", client_id=client.pk)


def _date(text: str) -> dt.date | None:
    try:
        return dt.date.fromisoformat(text) if text else None
    except ValueError:
        return None


@require_http_methods(["GET", "POST"])
@require_clinic
def detail(request: ClinicRequest, referral_id: int) -> HttpResponse:
    """A referral: the letter as it reads, editable while drafted."""
    policy.require(request.membership, "referrals.view")
    referral = queries.get_referral(request.clinic, referral_id)
    errors: dict[str, list[str]] = {}
    if request.method == "POST":
        policy.require(request.membership, "referrals.write")
        fields: dict[str, Any] = {
            name: request.POST.get(name, "")
            for name in ("urgency", "reason", "question", "done", "not_done", "client_told")
        }
        fields["provider"] = _provider(request)
        try:
            services.update_referral(referral=referral, by=request.actor, fields=fields)
        except ValidationError as error:
            errors = error.message_dict
            for name, value in fields.items():
                setattr(referral, name, value)
        else:
            messages.success(request, "The letter was saved.")
            return redirect("referrals:detail", referral_id=referral.pk)
    else:
        record_read("referrals.referral.viewed", by=request.actor, subject=referral)
    context = {
        **documents.letter_context(referral),
        "integrity": sealing.check_signed(referral, by=request.actor),
        "shown_status": queries.shown_status(referral),
        "status_label": label("referral_status", queries.shown_status(referral)),
        "errors": errors,
        "form_error": " ".join(errors.get("__all__", [])),
        "providers": careteam.list_providers(request.clinic, active_only=True),
        "urgencies": Urgency.choices,
        "via": SentVia.choices,
        "authorisation": None if referral.is_out else queries.authorisation(referral),
        "can_write": policy.allows(request.membership, "referrals.write"),
        "can_sign": policy.allows(request.membership, "referrals.sign"),
        "can_track": policy.allows(request.membership, "referrals.track"),
    }
    return render(request, "referrals/detail.html", context, status=422 if errors else 200)


@require_POST
@require_clinic
def sign(request: ClinicRequest, referral_id: int) -> HttpResponse:
    """Sign the letter (refusals shown on the page they came from)."""
    policy.require(request.membership, "referrals.sign")
    referral = queries.get_referral(request.clinic, referral_id)
    services.sign_referral(referral=referral, by=request.actor)
    messages.success(request, "The letter is signed: download it and send it.")
    return redirect("referrals:detail", referral_id=referral.pk)


@require_POST
@require_clinic
def send(request: ClinicRequest, referral_id: int) -> HttpResponse:
    """Record that the signed letter was sent."""
    policy.require(request.membership, "referrals.track")
    referral = queries.get_referral(request.clinic, referral_id)
    services.send_referral(referral=referral, by=request.actor, via=request.POST.get("via", ""))
    messages.success(request, "Recorded as sent.")
    return redirect("referrals:detail", referral_id=referral.pk)


def _download(
    request: ClinicRequest,
    record: Referral | ProgressReport | Any,
    *,
    content_type: str,
    filename: str,
    action: str,
) -> HttpResponse:
    """A stored document as an attachment, never sniffed, the download audited; a signed letter
    or report that fails its seal, or whose file is not the one signed, is withheld."""
    if not record.document_name:
        messages.error(request, "There is no signed document yet: sign it first.")
        return redirect("dashboard:home")
    record_read(
        action, by=request.actor, subject=record, details={"sha256": record.document_sha256}
    )
    content = stored.path_of(record.clinic_id, record.document_name).read_bytes()
    if isinstance(record, Referral | ProgressReport):
        integrity = sealing.check_signed_document(record, content, by=request.actor)
        if not integrity.ok:
            context = {"integrity": integrity, "client": record.client}
            return render(request, "referrals/document_refused.html", context, status=409)
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["X-Content-Type-Options"] = "nosniff"
    return response


@require_GET
@require_clinic
def letter(request: ClinicRequest, referral_id: int) -> HttpResponse:
    """The signed letter as a PDF attachment."""
    policy.require(request.membership, "referrals.view")
    referral = queries.get_referral(request.clinic, referral_id)
    return _download(
        request,
        referral,
        content_type=stored.PDF,
        filename=f"referral-{referral.pk}.pdf",
        action="referrals.letter.viewed",
    )


@require_http_methods(["GET", "POST"])
@require_clinic
def new_clearance(request: ClinicRequest, client_id: int) -> HttpResponse:
    """Record a provider's clearance with its document (answering a referral when chosen)."""
    client = client_for(request, client_id, "clearances.record")
    record_shown(request, client, "clearance form")
    open_referrals = [
        r
        for r in queries.list_referrals(request.clinic, client, direction="out")
        if r.status in {"signed", "sent"}
    ]
    values: dict[str, Any] = {"referral": request.GET.get("referral", "")}
    errors: dict[str, list[str]] = {}
    if request.method == "POST":
        values = {key: request.POST.get(key, "") for key in request.POST}
        values["covers"] = request.POST.getlist("covers")
        values["exclude_techniques"] = request.POST.getlist("exclude_techniques")
        values["avoid_regions"] = request.POST.getlist("avoid_regions")
        referral = next((r for r in open_referrals if str(r.pk) == values.get("referral")), None)
        upload = request.FILES.get("document")
        fields = {
            "outcome": values.get("outcome", ""),
            "from_name": values.get("from_name", ""),
            "issued_on": _date(values.get("issued_on", "")),
            "valid_until": _date(values.get("valid_until", "")),
            "max_pressure": values.get("max_pressure", ""),
            "exclude_techniques": values["exclude_techniques"],
            "avoid_regions": [{"region": r, "side": "both"} for r in values["avoid_regions"]],
            "covers": values["covers"],
            "notes": values.get("notes", ""),
        }
        provider = _provider(request) or (referral.provider if referral else None)
        if provider is not None:
            fields["provider"] = provider
        try:
            if upload is None:
                raise ValidationError({"document": ["attach the clearance (PDF or image)"]})
            receive_clearance(
                client=client,
                by=request.actor,
                fields=fields,
                document=upload,
                document_name=upload.name or "",
                claimed_type=upload.content_type or "",
                referral=referral,
            )
        except ValidationError as error:
            errors = error.message_dict
        else:
            messages.success(request, "The clearance is on file; the intake was screened again.")
            return redirect("referrals:client", client_id=client.pk)
    context = {
        "client": client,
        "values": values,
        "errors": errors,
        "form_error": " ".join(errors.get("__all__", [])),
        "open_referrals": open_referrals,
        "providers": careteam.list_providers(request.clinic, active_only=True),
        "outcomes": ClearanceOutcome.choices,
        "pressures": [(p.value, label("pressure", p.value)) for p in Pressure],
        "regions": [(r, label("region", r)) for r in REGIONS],
        "techniques": _techniques(),
    }
    return render(request, "referrals/clearance_form.html", context, status=422 if errors else 200)


def _techniques() -> list[tuple[str, str]]:
    from medmassage.clinical.knowledge import knowledge

    return [(key, technique.name) for key, technique in knowledge().techniques.items()]


@require_GET
@require_clinic
def clearance_document(request: ClinicRequest, clearance_id: int) -> HttpResponse:
    """The clearance's document, to clinical roles only, as an attachment (audited)."""
    policy.require(request.membership, "clearances.view")
    clearance = careteam.get_clearance(request.clinic, clearance_id)
    extension = stored.EXTENSIONS[clearance.document_type]
    return _download(
        request,
        clearance,
        content_type=clearance.document_type,
        filename=f"clearance-{clearance.pk}{extension}",
        action="careteam.clearance_document.viewed",
    )
