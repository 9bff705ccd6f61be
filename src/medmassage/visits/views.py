"""Visit pages: check in, the note pre-filled from the plan, feedback (HTMX), sign, addenda."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_POST

from medmassage.accounts import policy
from medmassage.accounts.access import ClinicRequest, require_clinic
from medmassage.audit.services import record_read
from medmassage.clients.access import client_for
from medmassage.clients.models import Client
from medmassage.drafts import pages as drafts
from medmassage.drafts.queries import get_draft
from medmassage.drafts.services import discard_draft
from medmassage.intake.prompts import PromptsUnanswered, prompt_rows
from medmassage.problems import DOMAIN_ERRORS, problem_message, problem_status
from medmassage.visits import queries, services
from medmassage.visits.forms import (
    check_in_from_post,
    late_entry_from_post,
    note_from_post,
    red_flag_questions,
)
from medmassage.visits.models import Visit
from medmassage.visits.note import read_note
from medmassage.visits.presenters import note_context
from medmassage.visits.sealing import check_note


def _visit(request: ClinicRequest, visit_id: int, action: str) -> Visit:
    policy.require(request.membership, action)
    return queries.get_visit(request.clinic, visit_id)


def _draft_form(visit: Visit) -> str:
    return f"visit-note:{visit.pk}"


def _refused(
    request: ClinicRequest, visit: Visit, error: Exception, *, keep: bool = True
) -> HttpResponse:
    """The note again with everything as typed (kept as the draft unless saved), and why."""
    draft, posted = None, None
    if keep:
        draft = drafts.keep_refused(request, form=_draft_form(visit), client_id=visit.client_id)
        posted = note_from_post(request.POST)
    else:  # the note was saved: show it as it now is
        visit = queries.get_visit(request.clinic, visit.pk)
    context = note_context(
        request, visit, problem=problem_message(error), posted=posted, **drafts.draft_context(draft)
    )
    return render(request, "visits/visit_detail.html", context, status=problem_status(error))


@require_GET
@require_clinic
def visit_list(request: ClinicRequest, client_id: int) -> HttpResponse:
    """The client's visits and today's check-in."""
    client = client_for(request, client_id, "visits.view")
    record_read("visits.visit_list.viewed", by=request.actor, subject=client)
    return render(request, "visits/visit_list.html", _list_context(request, client))


def _list_context(request: ClinicRequest, client: Client, **extra: Any) -> dict[str, Any]:
    posted = extra.get("posted")
    ticked = [
        (key, text, bool(posted and posted.get(f"flag_{key}")))
        for key, text in red_flag_questions()
    ]
    return {
        "client": client,
        "visits": queries.list_visits(request.clinic, client),
        "questions_ticked": ticked,
        "can_document": policy.allows(request.membership, "visits.document"),
        "posted": None,
        **extra,
    }


@require_POST
@require_clinic
def check_in(request: ClinicRequest, client_id: int) -> HttpResponse:
    """Re-screen with today's answers, then open the note; a refusal keeps every answer."""
    client = client_for(request, client_id, "visits.document")
    answers = check_in_from_post(request.POST)
    try:
        visited_at = late_entry_from_post(request.POST)
        visit = services.start_visit(
            client=client, by=request.actor, answers=answers, visited_at=visited_at
        )
    except PromptsUnanswered as waiting:
        context = _list_context(
            request,
            client,
            posted=request.POST,
            problem=str(waiting),
            prompt_rows=prompt_rows(waiting.prompts, request.POST),
        )
        return render(request, "visits/visit_list.html", context, status=409)
    except DOMAIN_ERRORS as error:
        context = _list_context(
            request, client, posted=request.POST, problem=problem_message(error)
        )
        return render(request, "visits/visit_list.html", context, status=409)
    return redirect("visits:detail", visit_id=visit.pk)


@require_GET
@require_clinic
def detail(request: ClinicRequest, visit_id: int) -> HttpResponse:
    """The note: a form while a draft; signed, the original with its addenda."""
    visit = _visit(request, visit_id, "visits.view")
    record_read(
        "visits.visit.viewed", by=request.actor, subject=visit, details={"status": visit.status}
    )
    draft = get_draft(request.membership, _draft_form(visit)) if visit.is_draft else None
    posted = note_from_post(draft.as_post()) if draft else None
    integrity = check_note(visit, by=request.actor)
    context = note_context(
        request, visit, integrity=integrity, posted=posted, **drafts.draft_context(draft)
    )
    return render(request, "visits/visit_detail.html", context)


@require_POST
@require_clinic
def autosave(request: ClinicRequest, visit_id: int) -> HttpResponse:
    """Keep the note form as typed (the therapist's draft) until it is saved or signed."""
    visit = _visit(request, visit_id, "visits.document")
    if not queries.is_open_to(visit, request.membership):
        return JsonResponse({"problem": "This note can no longer change."}, status=409)
    return drafts.autosave(request, form=_draft_form(visit), client_id=visit.client_id)


def _save_posted(request: ClinicRequest, visit: Visit) -> None:
    services.save_note(
        visit=visit, by=request.actor, changes=read_note(note_from_post(request.POST))
    )
    discard_draft(form=_draft_form(visit), by=request.actor)


@require_POST
@require_clinic
def save(request: ClinicRequest, visit_id: int) -> HttpResponse:
    """Save the draft; treatment against a finding or cap needs a reason."""
    visit = _visit(request, visit_id, "visits.document")
    try:
        _save_posted(request, visit)
    except DOMAIN_ERRORS as error:
        return _refused(request, visit, error)
    messages.success(request, "Note saved.")
    return redirect("visits:detail", visit_id=visit.pk)


@require_POST
@require_clinic
def feedback(request: ClinicRequest, visit_id: int) -> HttpResponse:
    """Add a feedback row; HTMX gets the list items back, a plain post the page."""
    visit = _visit(request, visit_id, "visits.document")
    problem = ""
    try:
        services.add_feedback(
            visit=visit,
            by=request.actor,
            feedback={k: request.POST.get(k, "") for k in ("kind", "region", "adjustment", "note")},
        )
    except DOMAIN_ERRORS as error:
        problem = problem_message(error)
    if request.htmx:
        # htmx swaps only 2xx answers: the problem is shown in the list itself.
        context = note_context(request, visit, feedback_problem=problem)
        return render(request, "visits/_feedback_items.html", context)
    if problem:
        messages.error(request, problem)
    return redirect("visits:detail", visit_id=visit.pk)


@require_POST
@require_clinic
def sign(request: ClinicRequest, visit_id: int) -> HttpResponse:
    """Sign what is on the screen: save the posted note, check it, then sign and lock it.

    The note is saved first (its own transaction), so a refused signature loses nothing: the
    page comes back with every field as typed and says what is missing.
    """
    visit = _visit(request, visit_id, "visits.sign")
    posted = "rows" in request.POST  # the note form itself, not only the button
    try:
        if posted:
            _save_posted(request, visit)
    except DOMAIN_ERRORS as error:
        return _refused(request, visit, error)
    try:
        services.sign_visit(visit=visit, by=request.actor)
    except DOMAIN_ERRORS as error:
        return _refused(request, visit, error, keep=False)
    messages.success(request, "Note signed and locked.")
    return redirect("visits:detail", visit_id=visit.pk)


@require_POST
@require_clinic
def addendum(request: ClinicRequest, visit_id: int) -> HttpResponse:
    """Add a correction or late entry to a signed note."""
    visit = _visit(request, visit_id, "visits.document")
    reason, text = request.POST.get("reason", ""), request.POST.get("text", "")
    services.add_addendum(visit=visit, by=request.actor, reason=reason, text=text)
    messages.success(request, "Addendum added.")
    return redirect("visits:detail", visit_id=visit.pk)


@require_POST
@require_clinic
def adverse_event(request: ClinicRequest, visit_id: int) -> HttpResponse:
    """Record an adverse event after this visit."""
    visit = _visit(request, visit_id, "visits.document")
    fields = ("kind", "severity", "description", "follow_up")
    event = {name: request.POST.get(name, "") for name in fields}
    services.record_adverse_event(visit=visit, by=request.actor, event=event)
    messages.success(request, "Adverse event recorded.")
    return redirect("visits:detail", visit_id=visit.pk)


@require_POST
@require_clinic
def review_adverse_event(request: ClinicRequest, adverse_event_id: int) -> HttpResponse:
    """Review an adverse event with a note (required): the plan's own cap applies again."""
    policy.require(request.membership, "visits.document")
    event = queries.get_adverse_event(request.clinic, adverse_event_id)
    note = request.POST.get("note", "")
    services.review_adverse_event(event=event, by=request.actor, note=note)
    messages.success(request, "Adverse event reviewed: later visits get the plan's own cap.")
    return redirect("visits:detail", visit_id=event.visit_id)
