"""A therapist's private calendar feed (iCalendar, RFC 5545): a secret address shown once,
only its hash kept, revocable. Events carry the client's initials, the time and the room:
never a name, a reason for the visit or anything clinical."""

from __future__ import annotations

import secrets
from datetime import UTC, datetime, timedelta

from django.db import transaction
from django.utils import timezone

from medmassage.accounts.actors import Actor
from medmassage.accounts.models import Role
from medmassage.accounts.tokens import hash_token
from medmassage.audit.services import record_event
from medmassage.problems import invalid
from medmassage.scheduling.models import HOLDING, Appointment, CalendarFeed
from medmassage.tenancy import unscoped

PAST, AHEAD = timedelta(days=30), timedelta(days=365)


@transaction.atomic
def create_feed(*, by: Actor) -> tuple[CalendarFeed, str]:
    """A new secret feed address of the acting therapist's own appointments (shown once)."""
    if by.membership.role != Role.THERAPIST:
        raise invalid("therapist", "only a therapist has a calendar of appointments")
    secret = secrets.token_urlsafe(32)
    feed = CalendarFeed.unscoped_objects.create(
        clinic_id=by.clinic_id, therapist=by.membership, token_hash=hash_token(secret)
    )
    record_event(action="scheduling.feed.created", by=by, subject=feed)
    return feed, secret


@transaction.atomic
def revoke_feed(*, feed: CalendarFeed, by: Actor) -> CalendarFeed:
    """Stop a feed address: calendar apps that follow it get nothing more."""
    if feed.therapist_id != by.membership.pk:
        raise invalid("feed", "is not your calendar feed")
    if feed.revoked_at is None:
        feed.revoked_at = timezone.now()
        feed.save(update_fields=["revoked_at"])
        record_event(action="scheduling.feed.revoked", by=by, subject=feed)
    return feed


def feed_for_secret(secret: str) -> CalendarFeed | None:
    """The live feed of that secret, whichever clinic it belongs to, or None."""
    with unscoped():
        return (
            CalendarFeed.objects.select_related("therapist__user", "therapist__clinic")
            .filter(token_hash=hash_token(secret), revoked_at__isnull=True)
            .filter(therapist__is_active=True, therapist__user__is_active=True)
            .first()
        )


def initials(given: str, family: str) -> str:
    """ "A.L." for Ada Lovelace: all a feed ever says about a client."""
    return "".join(f"{part[0].upper()}." for part in (given, family) if part.strip())


def _text(value: str) -> str:
    # RFC 5545 §3.3.11: backslash, semicolon, comma and newline are escaped in TEXT.
    for raw, escaped in (("\\", "\\\\"), (";", "\\;"), (",", "\\,"), ("\n", "\\n")):
        value = value.replace(raw, escaped)
    return value


def _stamp(instant: datetime) -> str:
    return instant.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")


def _fold(line: str) -> str:
    # RFC 5545 §3.1: lines longer than 75 octets continue on the next line after a space.
    encoded, parts = line.encode(), list[str]()
    while len(encoded) > 75:
        cut = 75 if not parts else 74
        while cut and (encoded[cut] & 0xC0) == 0x80:  # never split a UTF-8 character
            cut -= 1
        parts.append(encoded[:cut].decode())
        encoded = encoded[cut:]
    parts.append(encoded.decode())
    return "\r\n ".join(parts)


def calendar_text(feed: CalendarFeed, *, now: datetime | None = None) -> str:
    """The therapist's appointments from 30 days ago to a year ahead, as iCalendar."""
    now = now or timezone.now()
    clinic = feed.therapist.clinic
    appointments = (
        Appointment.objects.for_clinic(feed.clinic_id)
        .filter(therapist=feed.therapist, status__in=HOLDING)
        .filter(starts_at__gte=now - PAST, starts_at__lt=now + AHEAD)
        .select_related("client", "room")
        .order_by("starts_at")
    )
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//MedMassage//Therapist calendar//EN",
        "CALSCALE:GREGORIAN",
        f"X-WR-CALNAME:{_text(clinic.name)}",
    ]
    for appointment in appointments:
        client = appointment.client
        lines += [
            "BEGIN:VEVENT",
            f"UID:appointment-{appointment.pk}@{clinic.slug}.medmassage",
            f"DTSTAMP:{_stamp(now)}",
            f"DTSTART:{_stamp(appointment.starts_at)}",
            f"DTEND:{_stamp(appointment.ends_at)}",
            f"SUMMARY:{_text(initials(client.given_name, client.family_name))}",
        ]
        if appointment.room is not None:
            lines.append(f"LOCATION:{_text(appointment.room.name)}")
        lines.append("END:VEVENT")
    lines.append("END:VCALENDAR")
    return "\r\n".join(_fold(line) for line in lines) + "\r\n"
