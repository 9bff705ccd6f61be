"""The only writers of appointments: book, move, cancel, no-show, arrival and the visit.

Each runs in one transaction with its audit event. A booking holds the therapist's (and room's)
row while it checks for overlaps, so two bookings of one therapist take turns; PostgreSQL's
exclusion constraint refuses whatever slips past (raised here as DoubleBooked).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db import IntegrityError, transaction
from django.utils import timezone

from medmassage.accounts.actors import Actor
from medmassage.accounts.models import Membership, Role
from medmassage.audit.services import record_event
from medmassage.clientaccounts.actors import ClientActor, audit_actor
from medmassage.clients.models import Client
from medmassage.plans.models import TreatmentPlan
from medmassage.problems import FieldErrors, invalid
from medmassage.scheduling import reminders
from medmassage.scheduling.errors import DoubleBooked, NotBookable, TooLateToCancel, WrongStatus
from medmassage.scheduling.models import Appointment, AppointmentType, Room, Source, Status
from medmassage.scheduling.queries import clash, get_policy, within_hours
from medmassage.visits.models import Visit
from medmassage.visits.services import start_visit

MAX_REASON = 300


@dataclass(frozen=True)
class Booking:
    """What to book: who, with whom, what, when (an aware instant) and where."""

    client: Client
    therapist: Membership
    type: AppointmentType
    starts_at: datetime
    room: Room | None = None
    plan: TreatmentPlan | None = None


def _check_booking(booking: Booking, clinic_id: int) -> None:
    errors = FieldErrors()
    if booking.client.clinic_id != clinic_id:
        errors.add("client", "is not a client of this clinic")
    therapist = booking.therapist
    if therapist.clinic_id != clinic_id or therapist.role != Role.THERAPIST:
        errors.add("therapist", "is not a therapist of this clinic")
    elif not therapist.is_active:
        errors.add("therapist", "no longer works at the clinic")
    if booking.type.clinic_id != clinic_id or not booking.type.is_active:
        errors.add("type", "is not one of the clinic's appointment types")
    if booking.room is not None and booking.room.clinic_id != clinic_id:
        errors.add("room", "is not one of the clinic's rooms")
    if timezone.is_naive(booking.starts_at):
        errors.add("starts_at", "needs a time zone")
    errors.raise_any()


def _hold(therapist_id: int, room_id: int | None) -> None:
    # The rows stand for the therapist's and the room's calendars: one booking at a time each.
    list(
        Membership.objects.select_for_update(no_key=True).filter(pk=therapist_id).values_list("pk")
    )
    if room_id is not None:
        list(
            Room.unscoped_objects.select_for_update(no_key=True)
            .filter(pk=room_id)
            .values_list("pk")
        )


def _refuse_clash(appointment: Appointment, *, exclude: int | None = None) -> None:
    taken = clash(
        appointment.clinic_id,
        therapist_id=appointment.therapist_id,
        room_id=appointment.room_id,
        starts_at=appointment.starts_at,
        ends_at=appointment.ends_at,
        exclude=exclude,
    )
    if taken == "time off":
        raise NotBookable("The therapist is away at that time.")
    if taken is not None:
        raise DoubleBooked(f"The {taken} is booked at that time: choose another time.")


def _save(appointment: Appointment) -> None:
    try:
        with transaction.atomic():
            appointment.save()
    except IntegrityError as error:  # PostgreSQL's exclusion constraint
        if "no_overlap" in str(error):
            raise DoubleBooked("That time was just booked: choose another time.") from None
        raise


def book_appointment(*, booking: Booking, by: Actor | ClientActor) -> Appointment:
    """Book one appointment; a client books only themselves, online, in the hours offered."""
    with transaction.atomic():
        return _book(booking, by)


def _book(booking: Booking, by: Actor | ClientActor) -> Appointment:
    clinic = booking.client.clinic
    _check_booking(booking, by.clinic_id)
    online = isinstance(by, ClientActor)
    if isinstance(by, ClientActor):
        _check_online(booking, by)
    if booking.starts_at <= timezone.now() and online:
        raise NotBookable("That time has passed.")
    appointment = Appointment(
        clinic=clinic,
        client=booking.client,
        therapist=booking.therapist,
        room=booking.room,
        type=booking.type,
        starts_at=booking.starts_at,
        ends_at=booking.starts_at + timedelta(minutes=booking.type.minutes),
        source=Source.PORTAL if online else Source.STAFF,
        plan=booking.plan,
    )
    _hold(appointment.therapist_id, appointment.room_id)
    _refuse_clash(appointment)
    _save(appointment)
    reminders.schedule_reminder(appointment)
    record_event(
        action="scheduling.appointment.booked",
        subject=appointment,
        details={"source": appointment.source, "type": booking.type.pk},
        **audit_actor(by),
    )
    return appointment


def _check_online(booking: Booking, by: ClientActor) -> None:
    clinic = booking.client.clinic
    if not get_policy(clinic).online_booking:
        raise NotBookable("This clinic does not take bookings online: please call.")
    if booking.client.pk != by.account.client_id:
        raise NotBookable("You can book only for yourself.")
    if not booking.type.online:
        raise NotBookable("This kind of appointment is booked by the clinic: please call.")
    ends_at = booking.starts_at + timedelta(minutes=booking.type.minutes)
    if not within_hours(clinic, booking.therapist.pk, booking.starts_at, ends_at):
        raise NotBookable("The therapist does not work at that time.")


@transaction.atomic
def book_course(
    *, plan: TreatmentPlan, template: Booking, starts: list[datetime], by: Actor
) -> list[Appointment]:
    """Book a plan's next sessions at once: every one, or none if any clashes."""
    if plan.client_id != template.client.pk:
        raise invalid("plan", "is not this client's plan")
    booked = []
    for index, starts_at in enumerate(starts):
        booking = Booking(
            client=template.client,
            therapist=template.therapist,
            type=template.type,
            room=template.room,
            starts_at=starts_at,
            plan=plan,
        )
        try:
            booked.append(_book(booking, by))
        except (DoubleBooked, NotBookable) as error:
            raise invalid(f"starts[{index}]", f"{starts_at:%Y-%m-%d %H:%M}Z: {error}") from None
    return booked


def _locked(appointment: Appointment) -> Appointment:
    return (
        Appointment.objects.for_clinic(appointment.clinic_id)
        .select_for_update(no_key=True)
        .get(pk=appointment.pk)
    )


@transaction.atomic
def move_appointment(
    *,
    appointment: Appointment,
    by: Actor,
    starts_at: datetime,
    therapist: Membership | None = None,
    room: Room | None = None,
) -> Appointment:
    """Move a booked appointment to another time (and therapist or room)."""
    appointment = _locked(appointment)
    if appointment.status != Status.BOOKED:
        raise WrongStatus("Only a booked appointment can be moved.")
    if therapist is not None:
        _check_booking(
            Booking(appointment.client, therapist, appointment.type, starts_at, room),
            by.clinic_id,
        )
    reminders.cancel_reminder(appointment)
    before = appointment.starts_at
    appointment.starts_at = starts_at
    appointment.ends_at = starts_at + (appointment.ends_at - before)
    appointment.therapist = therapist or appointment.therapist
    appointment.room = room if room is not None else appointment.room
    appointment.updated_at = timezone.now()
    _hold(appointment.therapist_id, appointment.room_id)
    _refuse_clash(appointment, exclude=appointment.pk)
    _save(appointment)
    reminders.schedule_reminder(appointment)
    record_event(
        action="scheduling.appointment.moved",
        by=by,
        subject=appointment,
        details={"from": before.isoformat(), "to": starts_at.isoformat()},
    )
    return appointment


@transaction.atomic
def cancel_appointment(
    *, appointment: Appointment, by: Actor | ClientActor, reason: str
) -> Appointment:
    """Cancel with a reason; a client only their own, and only within the clinic's notice."""
    appointment = _locked(appointment)
    if appointment.status != Status.BOOKED:
        raise WrongStatus("Only a booked appointment can be cancelled.")
    reason = reason.strip()
    if not reason:
        raise invalid("reason", "Say why the appointment is cancelled.")
    if len(reason) > MAX_REASON:
        raise invalid("reason", f"Keep the reason under {MAX_REASON} characters.")
    if isinstance(by, ClientActor):
        if appointment.client_id != by.account.client_id:
            raise WrongStatus("You can cancel only your own appointments.")
        notice = timedelta(hours=get_policy(appointment.client.clinic).cancel_notice_hours)
        if appointment.starts_at - timezone.now() < notice:
            raise TooLateToCancel(
                f"Appointments can be cancelled online up to {notice.total_seconds() / 3600:g} "
                "hours before: please call the clinic."
            )
    appointment.status = Status.CANCELLED
    appointment.cancelled_at = timezone.now()
    appointment.cancel_reason = reason
    appointment.save(update_fields=["status", "cancelled_at", "cancel_reason"])
    reminders.cancel_reminder(appointment)
    record_event(
        action="scheduling.appointment.cancelled",
        subject=appointment,
        details={"by_client": isinstance(by, ClientActor)},
        **audit_actor(by),
    )
    return appointment


@transaction.atomic
def mark_no_show(*, appointment: Appointment, by: Actor) -> Appointment:
    """The client did not come (once the appointment's time has begun)."""
    appointment = _locked(appointment)
    if appointment.status != Status.BOOKED:
        raise WrongStatus("Only a booked appointment can be marked as a no-show.")
    if appointment.starts_at > timezone.now():
        raise WrongStatus("The appointment has not started yet.")
    appointment.status = Status.NO_SHOW
    appointment.save(update_fields=["status"])
    reminders.cancel_reminder(appointment)
    record_event(action="scheduling.appointment.no_show", by=by, subject=appointment)
    return appointment


@transaction.atomic
def mark_arrived(*, appointment: Appointment, by: Actor) -> Appointment:
    """Front desk checks the client in: the therapist sees them waiting."""
    appointment = _locked(appointment)
    if appointment.status != Status.BOOKED:
        raise WrongStatus("Only a booked appointment can be checked in.")
    appointment.status = Status.ARRIVED
    appointment.arrived_at = timezone.now()
    appointment.save(update_fields=["status", "arrived_at"])
    record_event(action="scheduling.appointment.arrived", by=by, subject=appointment)
    return appointment


@transaction.atomic
def start_appointment_visit(*, appointment: Appointment, by: Actor, answers: object) -> Visit:
    """The therapist opens the visit of an arrived client (visits.start_visit re-screens)."""
    appointment = _locked(appointment)
    if appointment.status not in (Status.BOOKED, Status.ARRIVED):
        raise WrongStatus("This appointment is over or was cancelled.")
    visit = start_visit(client=appointment.client, by=by, answers=answers)
    appointment.visit = visit
    appointment.status = Status.COMPLETED
    appointment.arrived_at = appointment.arrived_at or timezone.now()
    appointment.save(update_fields=["visit", "status", "arrived_at"])
    record_event(
        action="scheduling.appointment.visit_started",
        by=by,
        subject=appointment,
        details={"visit": visit.pk},
    )
    return visit
