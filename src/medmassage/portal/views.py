"""The client portal: sign-in by password or emailed code, the client's own appointments
(book within the therapists' hours, cancel within the clinic's notice), their home program
with a log of each session, and their receipts. Every page reads only the signed-in client's
record (another client's anything is a 404) and every read is audited."""

from __future__ import annotations

from datetime import date, datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from medmassage.accounts.actors import request_address
from medmassage.clientaccounts import services as accounts
from medmassage.homecare.adherence import (
    LOG_STATUSES,
    get_program_for_client,
    list_logs,
    log_home_session,
)
from medmassage.portal.reads import record_client_read
from medmassage.portal.session import PortalRequest, begin, end, require_client
from medmassage.portal.tasks_list import tasks_of
from medmassage.problems import DOMAIN_ERRORS, problem_message
from medmassage.scheduling import queries as calendar
from medmassage.scheduling import services as booking
from medmassage.scheduling.calendar import local, today


def _next(request: HttpRequest) -> str:
    target = request.POST.get("next") or request.GET.get("next") or "/portal/"
    allowed = url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()})
    if allowed and target.startswith("/portal/"):
        return target
    return "/portal/"


@login_not_required
@require_http_methods(["GET", "POST"])
def sign_in(request: HttpRequest) -> HttpResponse:
    """Email and password, or ask for a code by email."""
    problem, email = "", request.POST.get("email") or request.GET.get("email", "")
    if request.method == "POST":
        address = request_address(request)
        try:
            if "send_code" in request.POST:
                accounts.request_code(email=email, address=address)
                return redirect(f"/portal/sign-in/code/?email={email}")
            actor = accounts.sign_in_with_password(
                email=email, password=request.POST.get("password", ""), address=address
            )
        except DOMAIN_ERRORS as error:
            problem = problem_message(error)
        else:
            begin(request, actor)
            return redirect(_next(request))
    context = {"problem": problem, "email": email, "next": _next(request)}
    return render(request, "portal/sign_in.html", context, status=400 if problem else 200)


@login_not_required
@require_http_methods(["GET", "POST"])
def sign_in_with_code(request: HttpRequest) -> HttpResponse:
    """The code emailed a moment ago."""
    problem = ""
    email = request.POST.get("email") or request.GET.get("email", "")
    if request.method == "POST":
        try:
            actor = accounts.sign_in_with_code(
                email=email, code=request.POST.get("code", ""), address=request_address(request)
            )
        except DOMAIN_ERRORS as error:
            problem = problem_message(error)
        else:
            begin(request, actor)
            return redirect("portal:home")
    context = {"problem": problem, "email": email}
    return render(request, "portal/sign_in_code.html", context, status=400 if problem else 200)


@login_not_required
@require_http_methods(["GET", "POST"])
def accept(request: HttpRequest, token: str) -> HttpResponse:
    """Set a password from the invitation link (single use, expiring)."""
    try:
        invitation = accounts.find_invitation(token)
    except DOMAIN_ERRORS as error:
        return render(
            request,
            "portal/invitation_invalid.html",
            {"problem": problem_message(error)},
            status=400,
        )
    problem = ""
    if request.method == "POST":
        try:
            account = accounts.accept_invitation(
                token=token,
                password=request.POST.get("password", ""),
                email_reminders=request.POST.get("email_reminders") == "1",
                address=request_address(request),
            )
        except DOMAIN_ERRORS as error:
            problem = problem_message(error)
        else:
            messages.success(request, "Your account is ready: sign in.")
            return redirect(f"/portal/sign-in/?email={account.email}")
    context = {"problem": problem, "first_name": invitation.account.client.given_name}
    return render(request, "portal/accept.html", context, status=422 if problem else 200)


@require_POST
@login_not_required
def sign_out(request: HttpRequest) -> HttpResponse:
    end(request)
    return redirect("portal:sign-in")


@require_client
@require_GET
def home(request: PortalRequest) -> HttpResponse:
    """The client's appointments, what to do next and links to the rest."""
    actor = request.client_actor
    record_client_read(actor, "home")
    clinic = actor.account.clinic
    appointments = calendar.list_for_client(actor.clinic_id, actor.client)
    now = timezone.now()
    context = {
        "actor": actor,
        "clinic": clinic,
        "tasks": tasks_of(actor),
        "upcoming": [a for a in appointments if a.starts_at >= now][::-1],
        "past": [a for a in appointments if a.starts_at < now][:10],
        "online_booking": calendar.get_policy(clinic).online_booking,
        "zone": clinic.zone,
    }
    return render(request, "portal/home.html", context)


def _day(raw: str | None, fallback: date) -> date:
    try:
        return date.fromisoformat(raw) if raw else fallback
    except ValueError:
        return fallback


@require_client
@require_http_methods(["GET", "POST"])
def book(request: PortalRequest) -> HttpResponse:
    """Free times for a type on a day; POST books one of them."""
    actor = request.client_actor
    clinic = actor.account.clinic
    types = list(calendar.list_types(clinic, online_only=True))
    source = request.POST if request.method == "POST" else request.GET
    chosen = next(
        (t for t in types if str(t.pk) == source.get("type")), types[0] if types else None
    )
    day = _day(source.get("date"), today(clinic, timezone.now()))
    problem = ""
    if request.method == "POST" and chosen is not None:
        try:
            therapist = calendar.get_therapist(clinic, int(request.POST.get("therapist", "0")))
            starts_at = datetime.fromisoformat(request.POST.get("starts_at", ""))
            booking.book_appointment(
                booking=booking.Booking(actor.client, therapist, chosen, starts_at), by=actor
            )
        except (ValueError, Http404):
            problem = "Choose one of the times shown."
        except DOMAIN_ERRORS as error:
            problem = problem_message(error)
        else:
            messages.success(request, "Booked. A reminder comes by email if you asked for them.")
            return redirect("portal:home")
    record_client_read(actor, "booking")
    slots = calendar.available_slots(clinic, day=day, type=chosen) if chosen else []
    context = {
        "clinic": clinic,
        "types": types,
        "chosen": chosen,
        "day": day,
        "slots": [(s, local(clinic, s.starts_at)) for s in slots],
        "online_booking": calendar.get_policy(clinic).online_booking,
        "problem": problem,
    }
    return render(request, "portal/book.html", context, status=409 if problem else 200)


@require_client
@require_POST
def cancel(request: PortalRequest, appointment_id: int) -> HttpResponse:
    """Cancel one of the client's own appointments within the clinic's notice."""
    actor = request.client_actor
    appointment = (
        calendar.list_for_client(actor.clinic_id, actor.client).filter(pk=appointment_id).first()
    )
    if appointment is None:
        raise Http404("No such appointment")
    try:
        booking.cancel_appointment(
            appointment=appointment,
            by=actor,
            reason=request.POST.get("reason") or "Cancelled online",
        )
    except DOMAIN_ERRORS as error:
        messages.error(request, problem_message(error))
    else:
        messages.success(request, "Appointment cancelled.")
    return redirect("portal:home")


@require_client
@require_http_methods(["GET", "POST"])
def home_program(request: PortalRequest) -> HttpResponse:
    """The client's home program and their log of each session (done, partly, not done)."""
    actor = request.client_actor
    program = get_program_for_client(actor.clinic_id, actor.client)
    problem = ""
    if request.method == "POST":
        if program is None:
            raise Http404("No home program")
        try:
            log_home_session(
                program=program,
                by=actor,
                status=request.POST.get("status", ""),
                pain_after=request.POST.get("pain_after", ""),
                done_on=_day(request.POST.get("done_on"), today(program.clinic, timezone.now())),
            )
        except DOMAIN_ERRORS as error:
            problem = problem_message(error)
        else:
            messages.success(request, "Noted. Thank you.")
            return redirect("portal:home-program")
    record_client_read(actor, "home_program", program)
    context = {
        "program": program,
        "logs": list_logs(actor.clinic_id, actor.client)[:20],
        "statuses": LOG_STATUSES,
        "problem": problem,
        "today": today(actor.account.clinic, timezone.now()),
    }
    return render(request, "portal/home_program.html", context, status=422 if problem else 200)
