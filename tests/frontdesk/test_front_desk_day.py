"""The front desk's day: today's list with arrivals and flags, check-in, the therapist opening
the visit, booking, moving, cancelling and no-shows from the pages, the calendars."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from medmassage.billing.services import invoice_visit
from medmassage.scheduling import services
from medmassage.scheduling.calendar import local, today
from medmassage.scheduling.models import Appointment, AppointmentType, Status
from medmassage.tenancy import unscoped
from medmassage.visits.models import Visit
from tests.builders import NOTE_TEXT, Ready, actor, approve, booked_visit, calendar_setup, events
from tests.cast import logged_in

DASH = "\N{EN DASH}"


@pytest.fixture
def follow_up(ready: Ready) -> AppointmentType:
    kind = calendar_setup(ready.cast.clinic, ready.cast.therapist)
    ready.client.clinic.refresh_from_db()
    return kind


def book_today(ready: Ready, kind: AppointmentType, hours_from_now: float = 1) -> Appointment:
    starts = timezone.now() + timedelta(hours=hours_from_now)
    return services.book_appointment(
        booking=services.Booking(ready.client, ready.therapist, kind, starts),
        by=actor(ready.cast.front_desk),
    )


def day_of(ready: Ready, appointment: Appointment) -> str:
    return local(ready.client.clinic, appointment.starts_at).date().isoformat()


def test_the_day_list_shows_arrivals_flags_and_balances_but_no_note(
    ready: Ready, follow_up: AppointmentType
) -> None:
    approve(ready)
    visit = booked_visit(ready, follow_up, swedish=30)
    invoice_visit(visit=visit, by=actor(ready.cast.front_desk))
    appointment = book_today(ready, follow_up, hours_from_now=1.5)

    page = logged_in(ready.cast.front_desk).get(
        reverse("frontdesk:day"), {"date": day_of(ready, appointment)}
    )

    text = page.content.decode()
    assert page.status_code == 200
    assert "Consent on file" in text
    assert "Intake on file" in text
    assert "95.00" in text  # the balance due of the invoiced visit
    assert NOTE_TEXT not in text
    assert f'id="check-in-{appointment.pk}"' in text
    assert events("frontdesk.day.viewed")


def test_a_client_without_consent_or_intake_is_flagged(
    cast: object, ready: Ready, follow_up: AppointmentType
) -> None:
    from medmassage.clients.services import create_client

    newcomer = create_client(
        by=actor(ready.cast.front_desk),
        given_name="Nell",
        family_name="Newcomer",
        date_of_birth=date(1990, 1, 1),
    )
    starts = timezone.now() + timedelta(hours=2)
    appointment = services.book_appointment(
        booking=services.Booking(newcomer, ready.therapist, follow_up, starts),
        by=actor(ready.cast.front_desk),
    )
    page = logged_in(ready.cast.front_desk).get(
        reverse("frontdesk:day"), {"date": day_of(ready, appointment)}
    )
    assert b"No consent" in page.content
    assert b"No intake" in page.content


def test_check_in_then_the_therapist_opens_the_visit(
    ready: Ready, follow_up: AppointmentType
) -> None:
    approve(ready)
    appointment = book_today(ready, follow_up, hours_from_now=0.25)
    desk = logged_in(ready.cast.front_desk)

    desk.post(reverse("frontdesk:check-in", args=[appointment.pk]))
    assert desk.get(reverse("frontdesk:open-visit", args=[appointment.pk])).status_code == 403

    therapist = logged_in(ready.cast.therapist)
    day = therapist.get(reverse("frontdesk:day"), {"date": day_of(ready, appointment)})
    assert f'id="open-visit-{appointment.pk}"'.encode() in day.content
    answer = therapist.post(
        reverse("frontdesk:open-visit", args=[appointment.pk]), {"temperature_c": "36.7"}
    )

    with unscoped():
        appointment.refresh_from_db()
        visit = Visit.objects.get()
    assert answer["Location"] == reverse("visits:detail", args=[visit.pk])
    assert appointment.status == Status.COMPLETED
    assert appointment.visit_id == visit.pk
    assert appointment.arrived_at is not None


def test_a_refused_check_in_keeps_every_answer(ready: Ready, follow_up: AppointmentType) -> None:
    # No plan approved: the visit cannot open; the answers stay on the form.
    appointment = book_today(ready, follow_up)
    therapist = logged_in(ready.cast.therapist)
    answer = therapist.post(
        reverse("frontdesk:open-visit", args=[appointment.pk]),
        {"temperature_c": "37.1", "new_symptoms": "tingling hands"},
    )
    assert answer.status_code == 409
    assert b'value="37.1"' in answer.content
    assert b"tingling hands" in answer.content


def test_booking_moving_cancelling_and_no_show_from_the_pages(
    ready: Ready, follow_up: AppointmentType
) -> None:
    desk = logged_in(ready.cast.front_desk)
    day = (today(ready.client.clinic, timezone.now()) + timedelta(days=2)).isoformat()
    found = desk.get(reverse("frontdesk:book"), {"q": "lovelace", "date": day})
    assert b"Ada Lovelace" in found.content
    form = {
        "client": ready.client.pk,
        "date": day,
        "time": "10:00",
        "therapist": ready.therapist.pk,
        "type": follow_up.pk,
    }

    booked = desk.post(reverse("frontdesk:book"), form)
    with unscoped():
        appointment = Appointment.objects.get()
    assert booked["Location"] == reverse("frontdesk:appointment", args=[appointment.pk])
    assert local(ready.client.clinic, appointment.starts_at).time() == time(10)

    clash = desk.post(reverse("frontdesk:book"), {**form, "time": "10:30"})
    assert clash.status_code == 409
    assert b"therapist is booked" in clash.content
    assert b'value="10:30"' in clash.content  # nothing typed is lost

    desk.post(reverse("frontdesk:move", args=[appointment.pk]), {**form, "time": "14:00"})
    appointment.refresh_from_db()
    assert local(ready.client.clinic, appointment.starts_at).time() == time(14)

    no_reason = desk.post(reverse("frontdesk:cancel", args=[appointment.pk]), {"reason": " "})
    assert no_reason.status_code == 409
    desk.post(reverse("frontdesk:cancel", args=[appointment.pk]), {"reason": "Client is ill"})
    appointment.refresh_from_db()
    assert (appointment.status, appointment.cancel_reason) == (Status.CANCELLED, "Client is ill")

    past = book_today(ready, follow_up, hours_from_now=-3)
    desk.post(reverse("frontdesk:no-show", args=[past.pk]))
    past.refresh_from_db()
    assert past.status == Status.NO_SHOW


@pytest.mark.parametrize("view", ["frontdesk:calendar-day", "frontdesk:calendar-week"])
def test_the_calendars_show_appointments_and_free_time_on_the_clinic_clock(
    ready: Ready, follow_up: AppointmentType, view: str
) -> None:
    day = today(ready.client.clinic, timezone.now()) + timedelta(days=1)
    starts = datetime.combine(day, time(11), tzinfo=ready.client.clinic.zone)
    services.book_appointment(
        booking=services.Booking(ready.client, ready.therapist, follow_up, starts),
        by=actor(ready.cast.front_desk),
    )

    page = logged_in(ready.cast.front_desk).get(reverse(view), {"date": day.isoformat()})

    text = page.content.decode()
    assert f"11:00{DASH}12:00 Ada Lovelace" in text
    assert f"09:00{DASH}11:00 free (120 min)" in text
    assert f"12:00{DASH}17:00 free (300 min)" in text


def test_the_day_calendar_keeps_the_wall_clock_across_a_daylight_saving_change(
    ready: Ready, follow_up: AppointmentType
) -> None:
    # Toronto springs forward on Sunday 8 March 2026 (02:00 EST -> 03:00 EDT).
    desk = logged_in(ready.cast.front_desk)
    for day in ("2026-03-07", "2026-03-08", "2026-03-09"):
        page = desk.get(reverse("frontdesk:calendar-day"), {"date": day})
        assert f"09:00{DASH}17:00 free (480 min)" in page.content.decode(), day
