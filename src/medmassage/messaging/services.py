"""The only writers of the outbox, contact consent and the clinic's wording."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from medmassage.accounts.actors import Actor
from medmassage.accounts.models import Clinic
from medmassage.audit.services import record_event
from medmassage.clients.models import Client
from medmassage.jobs.running import stop_requested
from medmassage.messaging.models import (
    CONSENT_KINDS,
    ContactConsent,
    Kind,
    Message,
    Status,
    Wording,
)
from medmassage.messaging.wording import (
    DEFAULTS,
    fill,
    missing_placeholders,
    unknown_placeholders,
)
from medmassage.problems import FieldErrors

MAX_ATTEMPTS = 5


@dataclass(frozen=True)
class Outgoing:
    """A message to schedule: what kind, to whom, when, under which key."""

    kind: Kind
    key: str
    to_email: str
    send_after: datetime
    values: Mapping[str, str]
    client: Client | None = None
    secret: bool = False


def may_contact(client: Client, kind: str) -> bool:
    """Whether the client has an email and (for reminders and nudges) agreed to them."""
    if not client.email:
        return False
    if kind not in CONSENT_KINDS:
        return True
    consent = ContactConsent.objects.for_clinic(client.clinic_id).filter(client=client).first()
    return consent is not None and consent.email_reminders


def schedule_message(*, clinic: Clinic, outgoing: Outgoing) -> Message | None:
    """Put a message in the outbox (inside the caller's transaction); None if not allowed or
    already scheduled under its key."""
    if outgoing.client is not None and not may_contact(outgoing.client, outgoing.kind):
        return None
    subject, body = _wording(clinic, outgoing.kind)
    values = {"clinic_name": clinic.name, "clinic_phone": clinic.phone, **outgoing.values}
    try:
        with transaction.atomic():
            message = Message.objects.for_clinic(clinic).create(
                clinic=clinic,
                client=outgoing.client,
                kind=outgoing.kind,
                key=outgoing.key[:200],
                to_email=outgoing.to_email,
                subject=fill(subject, values)[:200],
                body=fill(body, values),
                secret=outgoing.secret,
                send_after=outgoing.send_after,
            )
    except IntegrityError:
        return None  # scheduled already under this key: never twice
    if outgoing.send_after <= timezone.now():
        transaction.on_commit(_dispatch_soon)
    return message


def _dispatch_soon() -> None:
    from medmassage.messaging.tasks import dispatch_messages

    dispatch_messages.enqueue()


def cancel_messages(*, clinic: Clinic | int, key: str) -> int:
    """Cancel the scheduled message of a key (a moved or cancelled appointment)."""
    return (
        Message.objects.for_clinic(clinic)
        .filter(key=key, status=Status.SCHEDULED)
        .update(status=Status.CANCELLED)
    )


def _wording(clinic: Clinic, kind: str) -> tuple[str, str]:
    own = Wording.objects.for_clinic(clinic).filter(kind=kind).first()
    if own is not None:
        return own.subject, own.body
    return DEFAULTS[kind]


@transaction.atomic
def set_wording(*, by: Actor, kind: str, subject: str, body: str) -> Wording:
    """The clinic's own wording for one kind of message."""
    errors = FieldErrors()
    errors.check_choice("kind", kind, Kind.values)
    errors.check_text("subject", subject, 200)
    errors.check_text("body", body, 4000)
    for field, text in (("subject", subject), ("body", body)):
        if unknown := unknown_placeholders(text, kind):
            names = ", ".join(f"{{{name}}}" for name in unknown)
            errors.add(field, f"{names}: not a placeholder this message fills in.")
        if not text.strip():
            errors.add(field, "is required")
    if missing := missing_placeholders(subject, body, kind):
        names = ", ".join(f"{{{name}}}" for name in missing)
        errors.add("body", f"must include {names}: this message is sent to carry it.")
    if "\n" in subject or "\r" in subject:  # an email header is one line
        errors.add("subject", "must be one line")
    errors.raise_any()
    wording, _ = Wording.objects.for_clinic(by.clinic).update_or_create(
        clinic=by.clinic, kind=kind, defaults={"subject": subject.strip(), "body": body.strip()}
    )
    record_event(action="messaging.wording.changed", by=by, subject=wording, details={"kind": kind})
    return wording


@transaction.atomic
def reset_wording(*, by: Actor, kind: str) -> None:
    """Back to the default wording of one kind of message (nothing to do without one's own)."""
    own = Wording.objects.for_clinic(by.clinic).filter(kind=kind).first()
    if own is None:
        return
    record_event(action="messaging.wording.reset", by=by, subject=own, details={"kind": kind})
    own.delete()


def set_contact_consent(
    *, client: Client, agreed: bool, by: Actor | None = None, label: str = ""
) -> ContactConsent:
    """Record whether the client agrees to reminders by email (staff `by`, or the client)."""
    with transaction.atomic():
        consent, _ = ContactConsent.objects.for_clinic(client.clinic_id).update_or_create(
            clinic_id=client.clinic_id,
            client=client,
            defaults={
                "email_reminders": agreed,
                "updated_at": timezone.now(),
                "updated_by": by.label if by is not None else label,
            },
        )
        record_event(
            action="messaging.contact_consent.recorded",
            by=by,
            clinic=client.clinic_id,
            subject=consent,
            client=client,
            details={"email_reminders": agreed, "by_client": by is None},
        )
    return consent


def dispatch_due(now: datetime | None = None, *, limit: int = 200) -> int:
    """Send the messages that are due, each claimed by one sender only; returns how many."""
    now = now or timezone.now()
    due = list(
        Message.unscoped_objects.filter(status=Status.SCHEDULED, send_after__lte=now)
        .order_by("send_after", "id")
        .values_list("pk", flat=True)[:limit]
    )
    sent = 0
    for pk in due:
        if stop_requested():
            break  # the worker is stopping: the rest stay scheduled for the next run
        sent += _send_one(pk)
    return sent


def _send_one(pk: int) -> bool:
    with transaction.atomic():
        claimed = Message.unscoped_objects.filter(pk=pk, status=Status.SCHEDULED).update(
            status=Status.SENDING, claimed_at=timezone.now(), attempts=F("attempts") + 1
        )
    if not claimed:
        return False  # another worker has it
    message = Message.unscoped_objects.get(pk=pk)
    try:
        EmailMessage(
            subject=message.subject,
            body=message.body,
            from_email=settings.DEFAULT_FROM_EMAIL,
            to=[message.to_email],
        ).send()
    except Exception as error:  # the server refused or was unreachable: not sent, try again
        _not_sent(message, error)
        return False
    with transaction.atomic():
        message.status, message.sent_at = Status.SENT, timezone.now()
        fields = ["status", "sent_at"]
        if message.secret:
            message.body = ""
            fields.append("body")
        message.save(update_fields=fields)
        record_event(
            action="messaging.message.sent",
            by=None,
            clinic=message.clinic_id,
            subject=message,
            client=message.client_id,
            details={"kind": message.kind},
        )
    return True


def _not_sent(message: Message, error: Exception) -> None:
    gave_up = message.attempts >= MAX_ATTEMPTS
    Message.unscoped_objects.filter(pk=message.pk).update(
        status=Status.FAILED if gave_up else Status.SCHEDULED,
        error=f"{type(error).__name__}: {error}"[:300],
        send_after=timezone.now() + timedelta(minutes=2**message.attempts),
    )
