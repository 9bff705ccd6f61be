"""Booking, moving and cancelling from the pages (the scheduling services decide), and the
therapist opening the visit of an arrived client. A refusal keeps what was typed."""

from __future__ import annotations

from datetime import date, datetime, time
from typing import Any

from django.http import HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from medmassage.accounts import policy
from medmassage.accounts.access import ClinicRequest, require_clinic
from medmassage.audit.services import record_read
from medmassage.clients.queries import get_client, search_clients
from medmassage.clients.search import build_terms
from medmassage.intake.prompts import PromptsUnanswered, prompt_rows
from medmassage.problems import DOMAIN_ERRORS, FieldErrors, InvalidInput, problem_message
from medmassage.scheduling import queries as calendar
from medmassage.scheduling import services
from medmassage.scheduling.calendar import local, local_instant, today
from medmassage.scheduling.models import Appointment, Status
from medmassage.visits.forms import check_in_from_post, red_flag_questions

MAX_MATCHES = 20


def _when(post: QueryDict, errors: FieldErrors, request: ClinicRequest) -> datetime | None:
    try:
        day = date.fromisoformat(post.get("date", ""))
    except ValueError:
        errors.add("date", "give the date as YYYY-MM-DD")
        return None
    try:
        at = time.fromisoformat(post.get("time", ""))
    except ValueError:
        errors.add("time", "give the time as HH:MM, on the clinic's clock")
        return None
    return local_instant(request.clinic, day, at)


def _pick(errors: FieldErrors, field: str, found: Any) -> Any:
    if found is None:
        errors.add(field, "choose one from the list")
    return found


def _choices(request: ClinicRequest) -> dict[str, Any]:
    return {
        "therapists": calendar.list_therapists(request.clinic),
        "types": calendar.list_types(request.clinic),
        "rooms": calendar.list_rooms(request.clinic),
    }


def _number(post: QueryDict, name: str) -> int:
    value = post.get(name, "")
    return int(value) if value.isdigit() else 0


def _booking(request: ClinicRequest, client: Any) -> services.Booking:
    post, clinic = request.POST, request.clinic
    errors = FieldErrors()
    starts_at = _when(post, errors, request)
    therapist = calendar.list_therapists(clinic).filter(pk=_number(post, "therapist")).first()
    kind = calendar.list_types(clinic).filter(pk=_number(post, "type")).first()
    room = calendar.list_rooms(clinic).filter(pk=_number(post, "room")).first()
    _pick(errors, "therapist", therapist)
    _pick(errors, "type", kind)
    if therapist is None or kind is None or starts_at is None:
        raise InvalidInput(errors.as_dict())
    errors.raise_any()
    return services.Booking(client, therapist, kind, starts_at, room)


@require_http_methods(["GET", "POST"])
@require_clinic
def book(request: ClinicRequest) -> HttpResponse:
    """Find the client, then book: therapist, kind, day and time (clinic clock), room."""
    policy.require(request.membership, "appointments.book")
    source = request.POST if request.method == "POST" else request.GET
    client = None
    if source.get("client", "").isdigit():
        client = get_client(request.clinic, int(source["client"]))
    q = request.GET.get("q", "").strip()
    matches = list(search_clients(request.clinic, build_terms(q=q))[:MAX_MATCHES]) if q else []
    context: dict[str, Any] = {
        "client": client,
        "q": q,
        "matches": matches,
        "posted": source,
        "errors": {},
        "day": source.get("date") or today(request.clinic, timezone.now()).isoformat(),
        **_choices(request),
    }
    if request.method == "POST" and client is not None:
        try:
            appointment = services.book_appointment(
                booking=_booking(request, client), by=request.actor
            )
        except DOMAIN_ERRORS as error:
            errors = error.message_dict if isinstance(error, InvalidInput) else {}
            context.update(problem=problem_message(error), errors=errors)
            return render(request, "frontdesk/book.html", context, status=409)
        return redirect("frontdesk:appointment", appointment_id=appointment.pk)
    if client is not None or matches:
        record_read("frontdesk.booking.viewed", by=request.actor, client=client)
    return render(request, "frontdesk/book.html", context)


def _detail_context(request: ClinicRequest, appointment: Appointment) -> dict[str, Any]:
    starts = local(request.clinic, appointment.starts_at)
    return {
        "appointment": appointment,
        "local_start": starts,
        "posted": {"date": starts.date().isoformat(), "time": starts.strftime("%H:%M")},
        "day": starts.date().isoformat(),
        "is_booked": appointment.status == Status.BOOKED,
        "has_started": appointment.starts_at <= timezone.now(),
        "can_book": policy.allows(request.membership, "appointments.book"),
        "errors": {},
        **_choices(request),
    }


@require_GET
@require_clinic
def appointment_detail(request: ClinicRequest, appointment_id: int) -> HttpResponse:
    """One appointment: move it, cancel it with a reason, or mark a no-show."""
    policy.require(request.membership, "appointments.view")
    appointment = calendar.get_appointment(request.clinic, appointment_id)
    record_read("frontdesk.appointment.viewed", by=request.actor, subject=appointment)
    return render(request, "frontdesk/appointment.html", _detail_context(request, appointment))


def _detail_refusal(
    request: ClinicRequest, appointment: Appointment, error: Exception, form: str
) -> HttpResponse:
    context = _detail_context(request, appointment)
    errors = error.message_dict if isinstance(error, InvalidInput) else {}
    context.update(posted=request.POST, problem=problem_message(error), form=form, errors=errors)
    return render(request, "frontdesk/appointment.html", context, status=409)


@require_POST
@require_clinic
def move(request: ClinicRequest, appointment_id: int) -> HttpResponse:
    """Move the appointment to another time (and therapist or room)."""
    policy.require(request.membership, "appointments.book")
    appointment = calendar.get_appointment(request.clinic, appointment_id)
    try:
        booking = _booking(request, appointment.client)
        services.move_appointment(
            appointment=appointment,
            by=request.actor,
            starts_at=booking.starts_at,
            therapist=booking.therapist,
            room=booking.room,
        )
    except DOMAIN_ERRORS as error:
        return _detail_refusal(request, appointment, error, "move")
    return redirect("frontdesk:appointment", appointment_id=appointment.pk)


@require_POST
@require_clinic
def cancel(request: ClinicRequest, appointment_id: int) -> HttpResponse:
    """Cancel with a reason."""
    policy.require(request.membership, "appointments.book")
    appointment = calendar.get_appointment(request.clinic, appointment_id)
    try:
        services.cancel_appointment(
            appointment=appointment, by=request.actor, reason=request.POST.get("reason", "")
        )
    except DOMAIN_ERRORS as error:
        return _detail_refusal(request, appointment, error, "cancel")
    return redirect("frontdesk:appointment", appointment_id=appointment.pk)


def _visit_context(
    request: ClinicRequest, appointment: Appointment, **extra: Any
) -> dict[str, Any]:
    posted = extra.get("posted")
    ticked = [
        (key, text, bool(posted and posted.get(f"flag_{key}")))
        for key, text in red_flag_questions()
    ]
    return {"appointment": appointment, "questions_ticked": ticked, "posted": None, **extra}


@require_http_methods(["GET", "POST"])
@require_clinic
def open_visit(request: ClinicRequest, appointment_id: int) -> HttpResponse:
    """The therapist's check-in questions for an arrived client, then the visit note opens
    (visits.start_visit re-screens; a refusal keeps every answer)."""
    policy.require(request.membership, "visits.document")
    appointment = calendar.get_appointment(request.clinic, appointment_id)
    if request.method == "GET":
        record_read("frontdesk.visit_check_in.viewed", by=request.actor, subject=appointment)
        return render(request, "frontdesk/open_visit.html", _visit_context(request, appointment))
    answers = check_in_from_post(request.POST)
    try:
        visit = services.start_appointment_visit(
            appointment=appointment, by=request.actor, answers=answers
        )
    except PromptsUnanswered as waiting:
        context = _visit_context(
            request,
            appointment,
            posted=request.POST,
            problem=str(waiting),
            prompt_rows=prompt_rows(waiting.prompts, request.POST),
        )
        return render(request, "frontdesk/open_visit.html", context, status=409)
    except DOMAIN_ERRORS as error:
        context = _visit_context(
            request, appointment, posted=request.POST, problem=problem_message(error)
        )
        return render(request, "frontdesk/open_visit.html", context, status=409)
    return redirect("visits:detail", visit_id=visit.pk)
