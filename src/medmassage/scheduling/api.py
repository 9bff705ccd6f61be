"""JSON API of the calendar: `appointments`, `appointments/{id}`, `availability`."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.http import Http404
from django.utils import timezone
from ninja import Query, Router, Status

from medmassage.accounts import policy
from medmassage.accounts.access import ClinicRequest
from medmassage.accounts.models import Clinic
from medmassage.audit.services import record_read
from medmassage.clients.queries import get_client
from medmassage.inputs import IsoDateTime
from medmassage.problems import invalid
from medmassage.scheduling import queries, services
from medmassage.scheduling.calendar import local
from medmassage.scheduling.models import Appointment, AppointmentType, Room
from medmassage.scheduling.queries import Slot
from medmassage.scheduling.schemas import (
    AppointmentIn,
    AppointmentOut,
    AppointmentPatch,
    AvailabilityQuery,
    SlotOut,
)

router = Router(tags=["appointments"])


def appointment_out(appointment: Appointment) -> dict[str, Any]:
    return {
        "id": appointment.pk,
        "client_id": appointment.client_id,
        "client_name": appointment.client.full_name,
        "therapist_id": appointment.therapist_id,
        "therapist_name": appointment.therapist.user.full_name,
        "type_id": appointment.type_id,
        "type_name": appointment.type.name,
        "room_id": appointment.room_id,
        "starts_at": appointment.starts_at,
        "ends_at": appointment.ends_at,
        "local_start": local(appointment.client.clinic, appointment.starts_at).isoformat(),
        "status": appointment.status,
        "source": appointment.source,
        "visit_id": appointment.visit_id,
        "cancel_reason": appointment.cancel_reason,
    }


def _type(request: ClinicRequest, type_id: int) -> AppointmentType:
    found = queries.list_types(request.clinic).filter(pk=type_id).first()
    if found is None:
        raise invalid("type_id", "is not one of the clinic's appointment types")
    return found


def _room(request: ClinicRequest, room_id: int | None) -> Room | None:
    if room_id is None:
        return None
    found = queries.list_rooms(request.clinic).filter(pk=room_id).first()
    if found is None:
        raise invalid("room_id", "is not one of the clinic's rooms")
    return found


def _therapist(request: ClinicRequest, therapist_id: int) -> Any:
    try:
        return queries.get_therapist(request.clinic, therapist_id)
    except Http404:
        raise invalid("therapist_id", "is not a therapist of this clinic") from None


@router.get("/appointments", response=list[AppointmentOut], summary="Appointments in a period")
def list_appointments(
    request: ClinicRequest, starts: IsoDateTime | None = None, ends: IsoDateTime | None = None
) -> list[dict[str, Any]]:
    """Appointments starting in [starts, ends) (default: the next 7 days)."""
    policy.require(request.membership, "appointments.view")
    starts = starts or timezone.now()
    ends = ends or starts + timedelta(days=7)
    if ends - starts > timedelta(days=62):
        raise invalid("ends", "ask for at most 62 days at a time")
    return [appointment_out(a) for a in queries.list_between(request.clinic, starts, ends)]


@router.post("/appointments", response={201: AppointmentOut}, summary="Book an appointment")
def book(request: ClinicRequest, payload: AppointmentIn) -> Status[dict[str, Any]]:
    """Book; 409 when the therapist or room is taken at that time."""
    policy.require(request.membership, "appointments.book")
    client = get_client(request.clinic, payload.client_id)
    booking = services.Booking(
        client=client,
        therapist=_therapist(request, payload.therapist_id),
        type=_type(request, payload.type_id),
        starts_at=payload.starts_at,
        room=_room(request, payload.room_id),
    )
    appointment = services.book_appointment(booking=booking, by=request.actor)
    return Status(201, appointment_out(appointment))


@router.get("/appointments/{appointment_id}", response=AppointmentOut)
def get_appointment(request: ClinicRequest, appointment_id: int) -> dict[str, Any]:
    """One appointment."""
    policy.require(request.membership, "appointments.view")
    appointment = queries.get_appointment(request.clinic, appointment_id)
    record_read("scheduling.appointment.viewed", by=request.actor, subject=appointment)
    return appointment_out(appointment)


@router.patch("/appointments/{appointment_id}", response=AppointmentOut)
def change_appointment(
    request: ClinicRequest, appointment_id: int, payload: AppointmentPatch
) -> dict[str, Any]:
    """Move it, or cancel (with a reason), mark a no-show, or check the client in."""
    policy.require(request.membership, "appointments.book")
    appointment = queries.get_appointment(request.clinic, appointment_id)
    by = request.actor
    if payload.status == "cancelled":
        appointment = services.cancel_appointment(
            appointment=appointment, by=by, reason=payload.reason
        )
    elif payload.status == "no_show":
        appointment = services.mark_no_show(appointment=appointment, by=by)
    elif payload.status == "arrived":
        appointment = services.mark_arrived(appointment=appointment, by=by)
    elif payload.status is not None:
        raise invalid("status", "must be cancelled, no_show or arrived")
    elif payload.starts_at is not None:
        therapist = None
        if payload.therapist_id is not None:
            therapist = _therapist(request, payload.therapist_id)
        appointment = services.move_appointment(
            appointment=appointment,
            by=by,
            starts_at=payload.starts_at,
            therapist=therapist,
            room=_room(request, payload.room_id),
        )
    else:
        raise invalid("starts_at", "give a new time, or a status")
    return appointment_out(queries.get_appointment(request.clinic, appointment.pk))


@router.get("/availability", response=list[SlotOut], summary="Free times on a day")
def availability(request: ClinicRequest, filters: Query[AvailabilityQuery]) -> list[dict[str, Any]]:
    """Free starts for an appointment type on a clinic-local day, per therapist."""
    policy.require(request.membership, "appointments.view")
    therapist = None
    if filters.therapist_id is not None:
        therapist = _therapist(request, filters.therapist_id)
    slots = queries.available_slots(
        request.clinic, day=filters.date, type=_type(request, filters.type_id), therapist=therapist
    )
    return [slot_out(request.clinic, slot) for slot in slots]


def slot_out(clinic: Clinic, slot: Slot) -> dict[str, Any]:
    """The API shape of a free time (the staff's and the portal's)."""
    return {
        "therapist_id": slot.therapist.pk,
        "therapist_name": slot.therapist.user.full_name,
        "starts_at": slot.starts_at,
        "ends_at": slot.ends_at,
        "local_start": local(clinic, slot.starts_at).isoformat(),
    }
