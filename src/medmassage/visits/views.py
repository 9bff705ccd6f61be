"""Visit pages: check in, the note pre-filled from the plan, feedback (HTMX), sign, addenda."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_POST

from medmassage.accounts import policy
from medmassage.accounts.access import ClinicRequest, require_clinic
from medmassage.audit.services import record_read
from medmassage.clients.access import client_for
from medmassage.clients.models import Client
from medmassage.intake.prompts import PromptsUnanswered, prompt_rows
from medmassage.problems import DOMAIN_ERRORS, problem_message
from medmassage.visits import queries, services
from medmassage.visits.forms import check_in_from_post, note_from_post, red_flag_questions
from medmassage.visits.models import Visit
from medmassage.visits.note import read_note
from medmassage.visits.presenters import note_context
from medmassage.visits.sealing import check_note


def _visit(request: ClinicRequest, visit_id: int, action: str) -> Visit:
    policy.require(request.membership, action)
    return queries.get_visit(request.clinic, visit_id)


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
        visit = services.start_visit(client=client, by=request.actor, answers=answers)
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
    integrity = check_note(visit, by=request.actor)
    context = note_context(request, visit, integrity=integrity)
    return render(request, "visits/visit_detail.html", context)


@require_POST
@require_clinic
def save(request: ClinicRequest, visit_id: int) -> HttpResponse:
    """Save the draft; treatment against a finding or cap needs a reason."""
    visit = _visit(request, visit_id, "visits.document")
    data = note_from_post(request.POST)
    try:
        services.save_note(visit=visit, by=request.actor, changes=read_note(data))
    except DOMAIN_ERRORS as error:
        context = note_context(request, visit, problem=problem_message(error), posted=data)
        return render(request, "visits/visit_detail.html", context, status=422)
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
    """Sign the note; it is locked from now on."""
    visit = _visit(request, visit_id, "visits.sign")
    services.sign_visit(visit=visit, by=request.actor)
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
    """Mark an adverse event reviewed: the plan's own cap applies again."""
    policy.require(request.membership, "visits.document")
    event = queries.get_adverse_event(request.clinic, adverse_event_id)
    services.review_adverse_event(event=event, by=request.actor)
    messages.success(request, "Adverse event reviewed.")
    return redirect("visits:detail", visit_id=event.visit_id)
