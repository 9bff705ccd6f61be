"""An appointment's reminder in the outbox: scheduled with the booking, moved or cancelled
with it, under a key naming the appointment and its start, so it is sent once."""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from medmassage.messaging.models import Kind
from medmassage.messaging.services import Outgoing, cancel_messages, schedule_message
from medmassage.scheduling.calendar import local
from medmassage.scheduling.models import Appointment
from medmassage.scheduling.queries import get_policy


def reminder_key(appointment: Appointment) -> str:
    return f"reminder:{appointment.pk}:{appointment.starts_at.isoformat()}"


def when_text(appointment: Appointment) -> str:
    """The appointment's time as the client reads it (clinic time, with its zone)."""
    at = local(appointment.client.clinic, appointment.starts_at)
    return f"{at:%A %d %B %Y at %H:%M} ({at.tzname()})"


def schedule_reminder(appointment: Appointment) -> None:
    """The reminder of a booked appointment, N hours before (none inside that window)."""
    clinic = appointment.client.clinic
    send_after = appointment.starts_at - timedelta(hours=get_policy(clinic).reminder_hours)
    if send_after <= timezone.now():
        return
    client = appointment.client
    schedule_message(
        clinic=clinic,
        outgoing=Outgoing(
            kind=Kind.APPOINTMENT_REMINDER,
            key=reminder_key(appointment),
            to_email=client.email,
            send_after=send_after,
            client=client,
            values={
                "first_name": client.preferred_name or client.given_name,
                "when": when_text(appointment),
                "therapist": appointment.therapist.user.full_name,
                "link": settings.SITE_URL + reverse("portal:home"),
            },
        ),
    )


def cancel_reminder(appointment: Appointment) -> None:
    cancel_messages(clinic=appointment.clinic_id, key=reminder_key(appointment))
