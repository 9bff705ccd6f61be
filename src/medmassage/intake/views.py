"""Intake pages: take an intake with the client (body map), see its screening, list versions."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from medmassage.accounts import policy
from medmassage.accounts.access import ClinicRequest, require_clinic
from medmassage.audit.services import record_read
from medmassage.clients.access import client_for
from medmassage.clients.models import Client
from medmassage.drafts import pages as drafts
from medmassage.drafts.models import FormDraft
from medmassage.drafts.queries import get_draft
from medmassage.drafts.services import discard_draft
from medmassage.intake import queries, services
from medmassage.intake.body_map import SHAPES
from medmassage.intake.catalogue import search_medications
from medmassage.intake.document import document_from_form, is_saving, pending_medication
from medmassage.intake.form_state import carried_over, form_context, question_groups, unanswered
from medmassage.intake.models import Intake
from medmassage.intake.presentation import DECISIONS, intake_context
from medmassage.intake.prompts import answers_from_form, prompt_rows, prompts_of
from medmassage.intake.validation import check_intake

ANSWER_CHOICES = (("yes", "Yes"), ("no", "No"), ("unknown", "Unknown"))
# The form's sections in order, one at a time with JavaScript (the body map first).
STEPS = (
    "Where it hurts",
    "Red flags",
    "History",
    "Medications",
    "Today",
    "Goals and notes",
    "Clearances",
)


def _form(
    request: ClinicRequest,
    client: Client,
    document: dict[str, Any],
    *,
    errors: dict[str, list[str]] | None = None,
    carried_from: Intake | None = None,
    draft: FormDraft | None = None,
) -> HttpResponse:
    # A word still in the medication search stays there: from this post, or from the draft.
    posted = request.POST if request.method == "POST" else draft.as_post() if draft else None
    typed = pending_medication(posted) if posted is not None else None
    if carried_from is None and request.POST.get("carried_from"):
        carried_from = queries.get_latest_intake(request.clinic, client)
    context = {
        "client": client,
        "carried_from": carried_from,
        "confirmed": bool(request.POST.get("confirm_carried")),
        "body_shapes": SHAPES,
        "answer_choices": ANSWER_CHOICES,
        "steps": STEPS,
        "medication_search": typed or "",
        **_suggestions(typed or ""),
        **form_context(document, errors),
        **drafts.draft_context(draft),
    }
    return render(request, "intake/intake_form.html", context, status=422 if errors else 200)


def _form_errors(
    request: ClinicRequest, client: Client, document: dict[str, Any]
) -> dict[str, Any]:
    """Every red-flag question left unanswered, the first error the core finds, and a
    medication typed but not yet seen in the list (a typo would go unscreened)."""
    errors: dict[str, Any] = dict(unanswered(document))
    if request.POST.get("carried_from") and not request.POST.get("confirm_carried"):
        errors["confirm_carried"] = [
            "tick the box once you have gone through the answers filled in from the last "
            "intake with the client"
        ]
    if typed := pending_medication(request.POST):
        errors["medications"] = [
            f"“{typed}” is still in the medication search and was not added: choose the "
            "medication from the suggestions (or add it as written), or clear the box."
        ]
    try:
        check_intake(document, clinic=request.clinic, client=client)
    except ValidationError as error:
        errors |= error.message_dict
    return errors


@require_http_methods(["GET", "POST"])
@require_clinic
def intake_new(request: ClinicRequest, client_id: int) -> HttpResponse:
    """The intake form; Save validates, screens and stores a new version, then shows it."""
    client = client_for(request, client_id, "intake.record")
    if request.method == "GET":
        return _new_form(request, client)
    document = document_from_form(request.POST)
    if not is_saving(request.POST):
        draft = drafts.keep_refused(request, form=_draft_form(client), client_id=client.pk)
        return _form(request, client, document, draft=draft)
    errors = _form_errors(request, client, document)
    if not errors:
        try:
            intake = services.record_intake(
                client=client,
                by=request.actor,
                document=document,
            )
        except ValidationError as error:
            errors = error.message_dict
        else:
            discard_draft(form=_draft_form(client), by=request.actor)
            messages.success(request, f"Intake version {intake.version} recorded and screened.")
            return redirect("intake:detail", intake.pk)
    # Refused: every answer stays on the form, and is kept as the draft too.
    draft = drafts.keep_refused(request, form=_draft_form(client), client_id=client.pk)
    return _form(request, client, document, errors=errors, draft=draft)


def _draft_form(client: Client) -> str:
    return f"intake:client-{client.pk}"


@require_POST
@require_clinic
def autosave(request: ClinicRequest, client_id: int) -> HttpResponse:
    """Keep the intake form as typed (the member's draft) until it is saved."""
    client = client_for(request, client_id, "intake.record")
    return drafts.autosave(request, form=_draft_form(client), client_id=client.pk)


def _new_form(request: ClinicRequest, client: Client) -> HttpResponse:
    draft = get_draft(request.membership, _draft_form(client))
    if draft is not None:
        return _form(request, client, document_from_form(draft.as_post()), draft=draft)
    latest = queries.get_latest_intake(request.clinic, client)
    document = carried_over(latest.document) if latest else {}
    if latest is not None:
        record_read(
            "intake.intake.viewed",
            by=request.actor,
            subject=latest,
            details={"version": latest.version, "section": "new_intake"},
        )
    document["visit_date"] = timezone.localdate().isoformat()
    return _form(request, client, document, carried_from=latest)


@require_GET
@require_clinic
def intake_detail(request: ClinicRequest, intake_id: int) -> HttpResponse:
    """One intake version: its screening first (red flags at the top), then what was said."""
    policy.require(request.membership, "intake.view")
    intake = queries.get_intake(request.clinic, intake_id)
    record_read(
        "intake.intake.viewed",
        by=request.actor,
        subject=intake,
        details={"version": intake.version, "section": "intake"},
    )
    return render(request, "intake/intake_detail.html", _detail_context(request, intake))


def _detail_context(request: ClinicRequest, intake: Intake) -> dict[str, Any]:
    latest = queries.get_latest_intake(request.clinic, intake.client)
    is_latest = latest is None or latest.pk == intake.pk
    steps: list[dict[str, object]] = []
    if is_latest and intake.decision in ("proceed", "modify"):
        client = intake.client_id
        if policy.allows(request.membership, "assessments.record"):
            url = reverse("assessments:create", args=[client])
            steps.append({"label": "Record the assessment", "url": url, "id": "next-assess"})
        if policy.allows(request.membership, "plans.draft"):
            url = reverse("plans:draft", args=[client])
            steps.append(
                {"label": "Draft the treatment plan", "url": url, "id": "next-plan", "post": True}
            )
    return {
        **intake_context(intake),
        "is_latest": is_latest,
        "can_record": policy.allows(request.membership, "intake.record"),
        "next_steps": steps,
    }


@require_POST
@require_clinic
def answer_prompts(request: ClinicRequest, intake_id: int) -> HttpResponse:
    """Record what the client said to each free-text prompt: a new version, screened again."""
    policy.require(request.membership, "intake.record")
    intake = queries.get_intake(request.clinic, intake_id)
    answers = answers_from_form(request.POST, prompts_of(intake.screening))
    try:
        answered = services.answer_prompts(intake=intake, by=request.actor, answers=answers)
    except ValidationError as error:
        context = {
            **_detail_context(request, intake),
            "prompt_problem": " ".join(error.messages),
            "prompt_rows": prompt_rows(prompts_of(intake.screening), request.POST),
        }
        return render(request, "intake/intake_detail.html", context, status=422)
    messages.success(request, f"Answers recorded in intake version {answered.version}.")
    return redirect("intake:detail", answered.pk)


@require_GET
@require_clinic
def intake_list(request: ClinicRequest, client_id: int) -> HttpResponse:
    """The client's intake versions, newest first, each with its decision."""
    client = client_for(request, client_id, "intake.view")
    record_read("intake.intake_list.viewed", by=request.actor, subject=client)
    intakes = queries.list_intakes(request.clinic, client)
    context = {
        "client": client,
        "intakes": [{"intake": item, "decision": DECISIONS[item.decision]} for item in intakes],
        "can_record": policy.allows(request.membership, "intake.record"),
    }
    return render(request, "intake/intake_list.html", context)


@require_GET
@require_clinic
def red_flag_questions(request: ClinicRequest) -> HttpResponse:
    """The questions for the complaints' regions (`region=…` or the form's complaint fields)."""
    policy.require(request.membership, "intake.record")
    document = document_from_form(request.GET)
    extra = [{"region": region} for region in request.GET.getlist("region")]
    document["complaints"] = document.get("complaints", []) + extra
    context = {"question_groups": question_groups(document, {}), "answer_choices": ANSWER_CHOICES}
    return render(request, "intake/_red_flags.html", context)


@require_GET
@require_clinic
def medication_search(request: ClinicRequest) -> HttpResponse:
    """Drug names and classes of the knowledge base matching what was typed."""
    policy.require(request.membership, "intake.record")
    query = request.GET.get("medication_search") or request.GET.get("q", "")
    return render(request, "intake/_medication_suggestions.html", _suggestions(query))


def _suggestions(text: str) -> dict[str, Any]:
    query = " ".join(text.split())
    options = search_medications(query)
    exact = any(option.token.casefold() == query.casefold() for option in options)
    return {"query": query, "options": options, "exact": exact}
