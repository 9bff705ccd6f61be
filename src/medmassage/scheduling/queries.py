"""Clinic-scoped reads of the calendar: days, weeks, a client's appointments, free slots."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.db.models import QuerySet
from django.http import Http404
from django.utils import timezone

from medmassage.accounts.models import Clinic, Membership, Role
from medmassage.clients.models import Client
from medmassage.scheduling.calendar import day_bounds, local_instant
from medmassage.scheduling.models import (
    HOLDING,
    Appointment,
    AppointmentType,
    BookingPolicy,
    Room,
    TimeOff,
    WorkingHours,
)


def get_policy(clinic: Clinic) -> BookingPolicy:
    """The clinic's booking policy (the defaults until one is saved)."""
    found = BookingPolicy.objects.for_clinic(clinic).first()
    return found or BookingPolicy(clinic=clinic)


def get_appointment(clinic: Clinic | int, appointment_id: int) -> Appointment:
    """One of the clinic's appointments, or 404."""
    found = (
        Appointment.objects.for_clinic(clinic)
        .select_related("client", "therapist__user", "type", "room")
        .filter(pk=appointment_id)
        .first()
    )
    if found is None:
        raise Http404("No such appointment")
    return found


def list_therapists(clinic: Clinic | int) -> QuerySet[Membership]:
    """The clinic's active therapists, by name."""
    clinic_id = clinic if isinstance(clinic, int) else clinic.pk
    return (
        Membership.objects.filter(clinic_id=clinic_id, role=Role.THERAPIST, is_active=True)
        .select_related("user")
        .order_by("user__full_name")
    )


def get_therapist(clinic: Clinic | int, membership_id: int) -> Membership:
    """One of the clinic's active therapists, or 404."""
    found = list_therapists(clinic).filter(pk=membership_id).first()
    if found is None:
        raise Http404("No such therapist")
    return found


def list_types(clinic: Clinic | int, *, online_only: bool = False) -> QuerySet[AppointmentType]:
    """The clinic's active appointment types."""
    found = AppointmentType.objects.for_clinic(clinic).filter(is_active=True)
    return found.filter(online=True) if online_only else found


def list_rooms(clinic: Clinic | int) -> QuerySet[Room]:
    return Room.objects.for_clinic(clinic).filter(is_active=True)


def list_between(
    clinic: Clinic, starts: datetime, ends: datetime, *, therapist: Membership | None = None
) -> QuerySet[Appointment]:
    """Appointments starting in [starts, ends), with who and what."""
    found = (
        Appointment.objects.for_clinic(clinic)
        .filter(starts_at__gte=starts, starts_at__lt=ends)
        .select_related("client", "therapist__user", "type", "room")
        .order_by("starts_at", "therapist__user__full_name", "id")
    )
    return found.filter(therapist=therapist) if therapist is not None else found


def list_day(
    clinic: Clinic, day: date, *, therapist: Membership | None = None
) -> QuerySet[Appointment]:
    """The clinic's (or one therapist's) appointments on a local day."""
    starts, ends = day_bounds(clinic, day)
    return list_between(clinic, starts, ends, therapist=therapist)


def list_for_client(clinic: Clinic | int, client: Client) -> QuerySet[Appointment]:
    return (
        Appointment.objects.for_clinic(clinic)
        .filter(client=client)
        .select_related("therapist__user", "type", "room")
        .order_by("-starts_at")
    )


def clash(
    clinic: Clinic | int,
    *,
    therapist_id: int,
    room_id: int | None,
    starts_at: datetime,
    ends_at: datetime,
    exclude: int | None = None,
) -> str | None:
    """What is taken at that time ("therapist", "room", "time off"), or None."""
    overlapping = Appointment.objects.for_clinic(clinic).filter(
        status__in=HOLDING, starts_at__lt=ends_at, ends_at__gt=starts_at
    )
    if exclude is not None:
        overlapping = overlapping.exclude(pk=exclude)
    if overlapping.filter(therapist_id=therapist_id).exists():
        return "therapist"
    if room_id is not None and overlapping.filter(room_id=room_id).exists():
        return "room"
    away = TimeOff.objects.for_clinic(clinic).filter(
        therapist_id=therapist_id, starts_at__lt=ends_at, ends_at__gt=starts_at
    )
    return "time off" if away.exists() else None


def within_hours(clinic: Clinic, therapist_id: int, starts_at: datetime, ends_at: datetime) -> bool:
    """Whether the time lies inside one of the therapist's working periods that local day."""
    local_start = starts_at.astimezone(clinic.zone)
    for hours in WorkingHours.objects.for_clinic(clinic).filter(
        therapist_id=therapist_id, weekday=local_start.weekday()
    ):
        opens = local_instant(clinic, local_start.date(), hours.starts)
        closes = local_instant(clinic, local_start.date(), hours.ends)
        if opens <= starts_at and ends_at <= closes:
            return True
    return False


@dataclass(frozen=True)
class Slot:
    therapist: Membership
    starts_at: datetime
    ends_at: datetime


def available_slots(
    clinic: Clinic,
    *,
    day: date,
    type: AppointmentType,
    therapist: Membership | None = None,
    now: datetime | None = None,
) -> list[Slot]:
    """Free starts on a local day for this type, in the therapists' hours, from now on."""
    now = now or timezone.now()
    step = timedelta(minutes=get_policy(clinic).slot_minutes or 15)
    length = timedelta(minutes=type.minutes)
    therapists = [therapist] if therapist is not None else list(list_therapists(clinic))
    starts, ends = day_bounds(clinic, day)
    taken = list(
        Appointment.objects.for_clinic(clinic).filter(
            status__in=HOLDING, starts_at__lt=ends, ends_at__gt=starts
        )
    )
    away = list(TimeOff.objects.for_clinic(clinic).filter(starts_at__lt=ends, ends_at__gt=starts))
    hours = WorkingHours.objects.for_clinic(clinic).filter(weekday=day.weekday())
    slots = []
    for who in therapists:
        busy = [(a.starts_at, a.ends_at) for a in taken if a.therapist_id == who.pk]
        busy += [(t.starts_at, t.ends_at) for t in away if t.therapist_id == who.pk]
        for period in (h for h in hours if h.therapist_id == who.pk):
            at = local_instant(clinic, day, period.starts)
            closes = local_instant(clinic, day, period.ends)
            while at + length <= closes:
                free = all(not (s < at + length and e > at) for s, e in busy)
                if at > now and free:
                    slots.append(Slot(who, at, at + length))
                at += step
    return sorted(slots, key=lambda s: (s.starts_at, s.therapist.user.full_name))
