"""The demo clinic's day: appointment types with prices and CPT codes, rooms, working hours,
online booking, the clinic's tax id and the therapists' NPIs, a week of appointments, and a
portal login for a demo client. Bookings, identifiers, contact consent and the invitation go
through the services; the calendar's settings (types, rooms, hours) have no service and are
made directly, as a clinic's administrator would set them."""

from __future__ import annotations

import secrets
from datetime import datetime, time, timedelta
from decimal import Decimal

from django.contrib.auth.hashers import make_password
from django.utils import timezone

from medmassage.accounts.actors import Actor
from medmassage.accounts.models import Clinic, Membership, Practitioner, Role
from medmassage.billing.identifiers import set_billing_identifiers
from medmassage.clientaccounts.services import invite_client
from medmassage.clients import queries as clients
from medmassage.clients.models import Client
from medmassage.clients.services import update_client
from medmassage.messaging.services import set_contact_consent
from medmassage.scheduling.calendar import today
from medmassage.scheduling.models import AppointmentType, BookingPolicy, Room, WorkingHours
from medmassage.scheduling.services import Booking, book_appointment

TAX_ID = "12-3456789"
# Valid test NPIs (the check digit holds; 1234567893 is the usual test number).
NPIS = {"maya@harbour.demo": "1234567893", "sam@harbour.demo": "1987654302"}
TYPES = (
    ("Initial assessment", 90, "140.00", ["97124", "97140"], True),
    ("Follow-up", 60, "95.00", ["97124"], False),
    ("Follow-up, short", 30, "55.00", ["97124"], False),
)
PORTAL_CLIENT = ("Fischer", "lena.fischer@client.demo")
# (days from today, local hour, family name, therapist email, type name, room) for a week.
WEEK = (
    (0, 9, "Brooks", "maya@harbour.demo", "Follow-up", "Room 1"),
    (0, 11, "Nakamura", "sam@harbour.demo", "Initial assessment", "Room 2"),
    (0, 14, "Haddad", "maya@harbour.demo", "Follow-up, short", "Room 1"),
    (1, 10, "Rivera", "maya@harbour.demo", "Initial assessment", "Room 1"),
    (1, 15, "O'Neill", "sam@harbour.demo", "Follow-up", "Room 2"),
    (2, 9, "Brooks", "sam@harbour.demo", "Follow-up, short", "Room 2"),
    (2, 13, "Nakamura", "maya@harbour.demo", "Follow-up", "Room 1"),
    (3, 11, "Haddad", "maya@harbour.demo", "Follow-up", "Room 1"),
    (4, 16, "Rivera", "sam@harbour.demo", "Follow-up", "Room 2"),
    (5, 10, "Brooks", "maya@harbour.demo", "Follow-up", "Room 1"),
    (6, 12, "Nakamura", "sam@harbour.demo", "Follow-up, short", "Room 2"),
)


def seed_demo_day(clinic: Clinic) -> tuple[str, str]:
    """Set up the clinic's calendar and billing identifiers, book a week, and make a portal
    account for the demo client; returns the portal login (email, password)."""
    members = {
        m.user.email: m
        for m in Membership.objects.filter(clinic=clinic, is_active=True).select_related("user")
    }
    owner = Actor(next(m for m in members.values() if m.role == Role.OWNER))
    desk = Actor(next(m for m in members.values() if m.role == Role.FRONT_DESK))
    _calendar(clinic, [m for m in members.values() if m.role == Role.THERAPIST])
    _identifiers(owner, members)
    _week(clinic, members, desk)
    return _portal_login(clinic, desk)


def _calendar(clinic: Clinic, therapists: list[Membership]) -> None:
    clinic.time_zone, clinic.email = "America/Toronto", "hello@harbour.demo"
    clinic.phone = clinic.phone or "555-0100"
    clinic.save(update_fields=["time_zone", "email", "phone"])
    BookingPolicy.objects.for_clinic(clinic).create(clinic=clinic, online_booking=True)
    for name, minutes, price, codes, initial in TYPES:
        AppointmentType.objects.for_clinic(clinic).create(
            clinic=clinic,
            name=name,
            minutes=minutes,
            price=Decimal(price),
            cpt_codes=codes,
            is_initial=initial,
        )
    for name in ("Room 1", "Room 2"):
        Room.objects.for_clinic(clinic).create(clinic=clinic, name=name)
    for therapist in therapists:
        for weekday in range(7):  # every day, so the demo always has free times to book
            WorkingHours.objects.for_clinic(clinic).create(
                clinic=clinic, therapist=therapist, weekday=weekday, starts=time(8), ends=time(20)
            )


def _identifiers(owner: Actor, members: dict[str, Membership]) -> None:
    practitioners = {
        p.membership.user.email: p.pk
        for p in Practitioner.objects.for_clinic(owner.clinic_id).select_related("membership__user")
    }
    npis = {practitioners[email]: npi for email, npi in NPIS.items() if email in practitioners}
    set_billing_identifiers(by=owner, tax_id=TAX_ID, npis=npis)


def _week(clinic: Clinic, members: dict[str, Membership], desk: Actor) -> None:
    by_name = {c.family_name: c for c in clients.list_clients(clinic)}
    types = {t.name: t for t in AppointmentType.objects.for_clinic(clinic)}
    rooms = {r.name: r for r in Room.objects.for_clinic(clinic)}
    first_day = today(clinic, timezone.now())
    for offset, hour, family, therapist, kind, room in WEEK:
        day = first_day + timedelta(days=offset)
        client = by_name[family]
        if not client.email:
            _reachable(client, desk)
        book_appointment(
            booking=Booking(
                client,
                members[therapist],
                types[kind],
                datetime.combine(day, time(hour), tzinfo=clinic.zone),
                room=rooms[room],
            ),
            by=desk,
        )


def _reachable(client: Client, desk: Actor) -> None:
    """An email address and consent to reminders, as recorded at the desk."""
    address = f"{client.given_name.lower()}.{client.family_name.lower()}@client.demo"
    update_client(client=client, by=desk, email="".join(c for c in address if c.isascii()))
    set_contact_consent(client=client, agreed=True, by=desk)


def _portal_login(clinic: Clinic, desk: Actor) -> tuple[str, str]:
    family, email = PORTAL_CLIENT
    client = next(c for c in clients.list_clients(clinic) if c.family_name == family)
    update_client(client=client, by=desk, email=email)
    set_contact_consent(client=client, agreed=True, by=desk)
    account = invite_client(client=client, by=desk)
    # The password the client would choose from the invitation link, set here for the demo.
    password = secrets.token_urlsafe(18)
    account.password = make_password(password)
    account.activated_at = timezone.now()
    account.save(update_fields=["password", "activated_at"])
    return account.email, password
