"""Visit pages: check in, the note pre-filled from the plan, feedback (HTMX), sign, addenda."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_POST

from medmassage.accounts import policy
from medmassage.accounts.access import require_clinic
from medmassage.clients.queries import get_client
from medmassage.problems import DOMAIN_ERRORS, problem_message
from medmassage.visits import queries, services
from medmassage.visits.forms import check_in_from_post, note_from_post, red_flag_questions
from medmassage.visits.note import read_note
from medmassage.visits.presenters import note_context


def _visit(request: HttpRequest, visit_id: int, action: str) -> Any:
    policy.require(request.membership, action)  # type: ignore[attr-defined]
    return queries.get_visit(request.clinic, visit_id)  # type: ignore[attr-defined]


@require_GET
@require_clinic
def visit_list(request: HttpRequest, client_id: int) -> HttpResponse:
    """The client's visits and today's check-in."""
    policy.require(request.membership, "visits.view")  # type: ignore[attr-defined]
    client = get_client(request.clinic, client_id)  # type: ignore[attr-defined]
    context = {
        "client": client,
        "visits": queries.list_visits(request.clinic, client),  # type: ignore[attr-defined]
        "questions": red_flag_questions(),
        "can_document": policy.allows(request.membership, "visits.document"),  # type: ignore[attr-defined]
    }
    return render(request, "visits/visit_list.html", context)


@require_POST
@require_clinic
def check_in(request: HttpRequest, client_id: int) -> HttpResponse:
    """Re-screen with today's answers, then open the note (or show why not)."""
    policy.require(request.membership, "visits.document")  # type: ignore[attr-defined]
    client = get_client(request.clinic, client_id)  # type: ignore[attr-defined]
    answers = check_in_from_post(request.POST)
    try:
        visit = services.start_visit(
            client=client,
            membership=request.membership,  # type: ignore[attr-defined]
            answers=answers,
            request=request,
        )
    except DOMAIN_ERRORS as error:
        messages.error(request, problem_message(error))
        return redirect("visits:list", client_id=client.pk)
    return redirect("visits:detail", visit_id=visit.pk)


@require_GET
@require_clinic
def detail(request: HttpRequest, visit_id: int) -> HttpResponse:
    """The note: a form while a draft; signed, the original with its addenda."""
    visit = _visit(request, visit_id, "visits.view")
    services.record_visit_viewed(visit=visit, membership=request.membership, request=request)  # type: ignore[attr-defined]
    return render(request, "visits/visit_detail.html", note_context(request, visit))


@require_POST
@require_clinic
def save(request: HttpRequest, visit_id: int) -> HttpResponse:
    """Save the draft; treatment against a finding or cap needs a reason."""
    visit = _visit(request, visit_id, "visits.document")
    data = note_from_post(request.POST)
    try:
        services.save_note(
            visit=visit,
            membership=request.membership,  # type: ignore[attr-defined]
            changes=read_note(data),
            request=request,
        )
    except DOMAIN_ERRORS as error:
        context = note_context(request, visit, problem=problem_message(error), posted=data)
        return render(request, "visits/visit_detail.html", context, status=422)
    messages.success(request, "Note saved.")
    return redirect("visits:detail", visit_id=visit.pk)


@require_POST
@require_clinic
def feedback(request: HttpRequest, visit_id: int) -> HttpResponse:
    """Add a feedback row; HTMX gets the list items back, a plain post the page."""
    visit = _visit(request, visit_id, "visits.document")
    problem = ""
    try:
        services.add_feedback(
            visit=visit,
            membership=request.membership,  # type: ignore[attr-defined]
            feedback={k: request.POST.get(k, "") for k in ("kind", "region", "adjustment", "note")},
            request=request,
        )
    except DOMAIN_ERRORS as error:
        problem = problem_message(error)
    if request.htmx:  # type: ignore[attr-defined]
        # htmx swaps only 2xx answers: the problem is shown in the list itself.
        context = note_context(request, visit, feedback_problem=problem)
        return render(request, "visits/_feedback_items.html", context)
    if problem:
        messages.error(request, problem)
    return redirect("visits:detail", visit_id=visit.pk)


def _act(request: HttpRequest, visit: Any, action: Any, success: str, **kwargs: Any) -> Any:
    try:
        action(visit=visit, membership=request.membership, request=request, **kwargs)  # type: ignore[attr-defined]
    except DOMAIN_ERRORS as error:
        messages.error(request, problem_message(error))
    else:
        messages.success(request, success)
    return redirect("visits:detail", visit_id=visit.pk)


@require_POST
@require_clinic
def sign(request: HttpRequest, visit_id: int) -> HttpResponse:
    """Sign the note; it is locked from now on."""
    visit = _visit(request, visit_id, "visits.sign")
    return _act(request, visit, services.sign_visit, "Note signed and locked.")


@require_POST
@require_clinic
def addendum(request: HttpRequest, visit_id: int) -> HttpResponse:
    """Add a correction or late entry to a signed note."""
    visit = _visit(request, visit_id, "visits.document")
    reason, text = request.POST.get("reason", ""), request.POST.get("text", "")
    return _act(request, visit, services.add_addendum, "Addendum added.", reason=reason, text=text)


@require_POST
@require_clinic
def adverse_event(request: HttpRequest, visit_id: int) -> HttpResponse:
    """Record an adverse event after this visit."""
    visit = _visit(request, visit_id, "visits.document")
    fields = ("kind", "severity", "description", "follow_up")
    event = {name: request.POST.get(name, "") for name in fields}
    return _act(
        request, visit, services.record_adverse_event, "Adverse event recorded.", event=event
    )


@require_POST
@require_clinic
def review_adverse_event(request: HttpRequest, adverse_event_id: int) -> HttpResponse:
    """Mark an adverse event reviewed: the plan's own cap applies again."""
    policy.require(request.membership, "visits.document")  # type: ignore[attr-defined]
    event = queries.get_adverse_event(request.clinic, adverse_event_id)  # type: ignore[attr-defined]
    services.review_adverse_event(event=event, membership=request.membership, request=request)  # type: ignore[attr-defined]
    messages.success(request, "Adverse event reviewed.")
    return redirect("visits:detail", visit_id=event.visit_id)
