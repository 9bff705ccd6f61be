"""The front desk's pages: today's list with arrivals, check-in, no-show; the day and week
calendars per therapist and for the clinic. Times are the clinic's wall clock.

The front desk never sees a clinical note here: a client's row carries flags only (consent and
intake on file, a questionnaire due, the balance due). Opening the visit is the therapist's
(frontdesk.visits).
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST

from medmassage.accounts import policy
from medmassage.accounts.access import ClinicRequest, require_clinic
from medmassage.accounts.models import Membership
from medmassage.audit.services import record_read
from medmassage.frontdesk.queries import calendar_days, day_rows, week_days
from medmassage.problems import invalid
from medmassage.scheduling import queries as calendar
from medmassage.scheduling import services
from medmassage.scheduling.calendar import today


def read_day(request: ClinicRequest, name: str = "date") -> date:
    """The day asked for (the clinic's today by default)."""
    value = request.GET.get(name) or request.POST.get(name)
    if not value:
        return today(request.clinic, timezone.now())
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise invalid(name, "give a date as YYYY-MM-DD") from None


def read_therapist(request: ClinicRequest) -> Membership | None:
    value = request.GET.get("therapist", "")
    if not value.isdigit():
        return None
    return calendar.get_therapist(request.clinic, int(value))


def _day_context(request: ClinicRequest, day: date, therapist: Membership | None) -> dict[str, Any]:
    rows = day_rows(request.clinic, day, therapist=therapist)
    return {
        "day": day,
        "rows": rows,
        "therapist": therapist,
        "therapists": calendar.list_therapists(request.clinic),
        "is_today": day == today(request.clinic, timezone.now()),
        "me": request.membership,
        "can_book": policy.allows(request.membership, "appointments.book"),
        "can_open_visits": policy.allows(request.membership, "visits.document"),
        "can_bill": policy.allows(request.membership, "billing.view"),
        "can_feed": policy.allows(request.membership, "appointments.feed"),
        "can_set_booking": policy.allows(request.membership, "appointments.settings"),
        "can_word_messages": policy.allows(request.membership, "messaging.settings"),
        "now": timezone.now(),
    }


@require_GET
@require_clinic
def day_list(request: ClinicRequest) -> HttpResponse:
    """Today's appointments with arrivals, check-in and what each client has on file."""
    policy.require(request.membership, "frontdesk.view")
    day, therapist = read_day(request), read_therapist(request)
    context = _day_context(request, day, therapist)
    record_read(
        "frontdesk.day.viewed",
        by=request.actor,
        details={"day": day.isoformat(), "appointments": len(context["rows"])},
    )
    template = "frontdesk/_day_rows.html" if request.htmx else "frontdesk/day.html"
    return render(request, template, context)


def _back_to_day(request: ClinicRequest) -> HttpResponse:
    target = request.POST.get("next", "")
    if target.startswith("/frontdesk/") and "//" not in target:
        return redirect(target)
    return redirect(reverse("frontdesk:day"))


@require_POST
@require_clinic
def check_in(request: ClinicRequest, appointment_id: int) -> HttpResponse:
    """The client has arrived: the therapist sees them waiting and can open the visit."""
    policy.require(request.membership, "appointments.check_in")
    appointment = calendar.get_appointment(request.clinic, appointment_id)
    services.mark_arrived(appointment=appointment, by=request.actor)
    return _back_to_day(request)


@require_POST
@require_clinic
def no_show(request: ClinicRequest, appointment_id: int) -> HttpResponse:
    """The client did not come."""
    policy.require(request.membership, "appointments.book")
    appointment = calendar.get_appointment(request.clinic, appointment_id)
    services.mark_no_show(appointment=appointment, by=request.actor)
    return _back_to_day(request)


def _calendar(request: ClinicRequest, days: list[date], view: str) -> HttpResponse:
    policy.require(request.membership, "appointments.view")
    therapist = read_therapist(request)
    therapists = [therapist] if therapist else list(calendar.list_therapists(request.clinic))
    found = calendar_days(request.clinic, days, therapists)
    record_read(
        f"frontdesk.calendar_{view}.viewed",
        by=request.actor,
        details={"from": days[0].isoformat(), "therapist": therapist.pk if therapist else None},
    )
    step = len(days)
    context = {
        "view": view,
        "days": days,
        "day": days[0],
        "therapist": therapist,
        "therapists": calendar.list_therapists(request.clinic),
        "columns": found,
        "previous": days[0].fromordinal(days[0].toordinal() - step),
        "next": days[0].fromordinal(days[0].toordinal() + step),
        "can_book": policy.allows(request.membership, "appointments.book"),
        "zone": request.clinic.zone,
    }
    template = "frontdesk/_calendar.html" if request.htmx else "frontdesk/calendar.html"
    return render(request, template, context)


@require_GET
@require_clinic
def calendar_day(request: ClinicRequest) -> HttpResponse:
    """One day, per therapist: appointments and the free working time around them."""
    return _calendar(request, [read_day(request)], "day")


@require_GET
@require_clinic
def calendar_week(request: ClinicRequest) -> HttpResponse:
    """Monday to Sunday of the week holding the day, per therapist."""
    return _calendar(request, week_days(read_day(request)), "week")
