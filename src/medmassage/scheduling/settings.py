"""The clinic's booking settings: whether clients may book in the portal, how late they may
cancel there, and how long before an appointment its reminder goes.

Project policy for the limits: a cancellation notice of up to two weeks and a reminder between
1 hour and 7 days before (a reminder further ahead is forgotten by the day)."""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction

from medmassage.accounts.actors import Actor
from medmassage.audit.services import record_event
from medmassage.problems import FieldErrors
from medmassage.scheduling.models import BookingPolicy

LIMITS = {"cancel_notice_hours": (0, 336), "reminder_hours": (1, 168)}


@dataclass(frozen=True)
class BookingSettings:
    """What the owner sets, as typed (hours are checked by the service)."""

    online_booking: bool
    cancel_notice_hours: object
    reminder_hours: object


def _hours(errors: FieldErrors, field: str, raw: object) -> int:
    low, high = LIMITS[field]
    try:
        value = int(str(raw).strip())
    except ValueError:
        errors.add(field, "give a whole number of hours")
        return low
    if not low <= value <= high:
        errors.add(field, f"give between {low} and {high} hours")
    return value


@transaction.atomic
def set_booking_policy(*, by: Actor, settings: BookingSettings) -> BookingPolicy:
    """Save the clinic's booking settings (one row per clinic); later bookings follow them."""
    errors = FieldErrors()
    notice = _hours(errors, "cancel_notice_hours", settings.cancel_notice_hours)
    reminder = _hours(errors, "reminder_hours", settings.reminder_hours)
    errors.raise_any()
    policy, _ = (
        BookingPolicy.objects.for_clinic(by.clinic_id)
        .select_for_update(no_key=True)
        .get_or_create(clinic_id=by.clinic_id)
    )
    policy.online_booking = settings.online_booking
    policy.cancel_notice_hours, policy.reminder_hours = notice, reminder
    policy.save(update_fields=["online_booking", "cancel_notice_hours", "reminder_hours"])
    record_event(
        action="scheduling.booking_policy.changed",
        by=by,
        subject=policy,
        details={
            "online_booking": policy.online_booking,
            "cancel_notice_hours": notice,
            "reminder_hours": reminder,
        },
    )
    return policy
