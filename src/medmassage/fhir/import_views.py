"""Pages of the FHIR import: upload a Bundle, review what it would become and every mapping
problem, confirm the client, then save the drafted intake through the intake form."""

from __future__ import annotations

import json
from typing import Any

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from medmassage.accounts import policy
from medmassage.accounts.access import ClinicRequest, require_clinic
from medmassage.audit.services import record_read
from medmassage.fhir import imports
from medmassage.fhir.models import ImportStatus, StagedImport
from medmassage.intake.body_map import SHAPES
from medmassage.intake.form_state import form_context
from medmassage.problems import DomainError, problem_message

MAX_BUNDLE_BYTES = 5 * 1024 * 1024
ANSWER_CHOICES = (("yes", "Yes"), ("no", "No"), ("unknown", "Unknown"))


def _staged(request: ClinicRequest, staged_import_id: int) -> StagedImport:
    policy.require(request.membership, "fhir.import")
    return get_object_or_404(
        StagedImport.objects.for_clinic(request.clinic).select_related("client"),
        pk=staged_import_id,
    )


def _read_upload(request: ClinicRequest) -> tuple[object, str]:
    """The Bundle from the file or the text box, or what is wrong with it."""
    upload = request.FILES.get("bundle_file")
    if upload is not None:
        if upload.size is not None and upload.size > MAX_BUNDLE_BYTES:
            return None, "The file is larger than 5 MB."
        text = upload.read().decode("utf-8", errors="replace")
    else:
        text = request.POST.get("bundle", "")
    if not text.strip():
        return None, "Paste a FHIR Bundle (JSON) or choose a file."
    try:
        return json.loads(text), ""
    except json.JSONDecodeError as error:
        return None, f"This is not JSON: {error.msg} at line {error.lineno}, column {error.colno}."


@require_http_methods(["GET", "POST"])
@require_clinic
def import_list(request: ClinicRequest) -> HttpResponse:
    """Imports waiting for review, and the form to read a new Bundle."""
    policy.require(request.membership, "fhir.import")
    error, text = "", ""
    if request.method == "POST":
        bundle, error = _read_upload(request)
        text = request.POST.get("bundle", "")
        if not error:
            try:
                staged = imports.stage_import(by=request.actor, bundle=bundle)
            except DomainError as refused:
                error = problem_message(refused)
            else:
                return redirect("fhir-imports:detail", staged.pk)
    staged_list = list(
        StagedImport.objects.for_clinic(request.clinic).order_by("-received_at")[:50]
    )
    if staged_list:  # the names read from each Bundle are shown: a read like any list's
        record_read("fhir.import.listed", by=request.actor, details={"count": len(staged_list)})
    context = {"imports": staged_list, "error": error, "text": text}
    return render(request, "fhir/import_list.html", context, status=422 if error else 200)


@require_GET
@require_clinic
def import_detail(request: ClinicRequest, staged_import_id: int) -> HttpResponse:
    """What the Bundle would become: the client, the matches, the draft intake, the problems."""
    staged = _staged(request, staged_import_id)
    record_read("fhir.import.viewed", by=request.actor, subject=staged, client=staged.client_id)
    return render(request, "fhir/import_detail.html", _detail_context(staged))


def _detail_context(staged: StagedImport) -> dict[str, Any]:
    intake = staged.draft_intake
    return {
        "staged": staged,
        "client": staged.proposed_client,
        "referral": staged.proposed_referral,
        "complaints": intake.get("complaints", []),
        "medications": intake.get("medications", []),
        "history_other": intake.get("history", {}).get("other", []),
        "notes": intake.get("notes", ""),
        "blocked": any(problem["blocking"] for problem in staged.problems),
        "pending": staged.status == ImportStatus.PENDING,
    }


@require_POST
@require_clinic
def confirm(request: ClinicRequest, staged_import_id: int) -> HttpResponse:
    """The therapist confirms who the client is; the intake form comes next."""
    staged = _staged(request, staged_import_id)
    choice = request.POST.get("client", "new")
    client_id = int(choice) if choice.isdigit() else None
    client = imports.confirm_import(by=request.actor, staged=staged, client_id=client_id)
    messages.success(
        request, f"{client.full_name} confirmed. Check the drafted intake and save it."
    )
    return redirect("fhir-imports:intake", staged.pk)


@require_POST
@require_clinic
def discard(request: ClinicRequest, staged_import_id: int) -> HttpResponse:
    staged = _staged(request, staged_import_id)
    imports.discard_import(by=request.actor, staged=staged)
    messages.success(request, "Import discarded: nothing from it was kept on a client.")
    return redirect("fhir-imports:list")


@require_GET
@require_clinic
def intake(request: ClinicRequest, staged_import_id: int) -> HttpResponse:
    """The intake form filled from the Bundle: saving it is what accepts its clinical content."""
    staged = _staged(request, staged_import_id)
    policy.require(request.membership, "intake.record")
    if staged.status != ImportStatus.CONFIRMED or staged.client is None:
        messages.error(request, "Confirm who the client is first.")
        return redirect("fhir-imports:detail", staged.pk)
    record_read("fhir.import.viewed", by=request.actor, subject=staged, client=staged.client_id)
    document = {**staged.draft_intake, "visit_date": timezone.localdate().isoformat()}
    context = {
        "client": staged.client,
        "carried_from": None,
        "body_shapes": SHAPES,
        "answer_choices": ANSWER_CHOICES,
        **form_context(document),
    }
    return render(request, "intake/intake_form.html", context)
