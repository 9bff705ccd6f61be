"""The outbox: every email MedMassage sends, written before it is sent, sent once.

A message is scheduled in the transaction of what causes it (a booking schedules its reminder),
under a key unique in its clinic, so the same reminder can never be scheduled twice. A worker
claims a due message by moving it from `scheduled` to `sending` (one UPDATE, which only one
worker wins), sends it, then marks it `sent`. Bodies carry no clinical detail.
"""

from __future__ import annotations

from typing import ClassVar

from django.db import models
from django.utils import timezone

from medmassage.tenancy import ClinicOwned


class Kind(models.TextChoices):
    APPOINTMENT_REMINDER = "appointment_reminder", "Appointment reminder"
    QUESTIONNAIRE_DUE = "questionnaire_due", "Questionnaire due"
    INTAKE_INCOMPLETE = "intake_incomplete", "Intake not completed"
    HOME_PROGRAM_NUDGE = "home_program_nudge", "Home program nudge"
    PORTAL_INVITATION = "portal_invitation", "Portal invitation"
    SIGN_IN_CODE = "sign_in_code", "Sign-in code"
    CLINIC_ALERT = "clinic_alert", "Alert to the clinic"


# Kinds a client may turn off (consent to be contacted); the others answer what they asked for
# (an invitation they were offered, a code they requested) or go to the clinic itself.
CONSENT_KINDS = frozenset(
    {
        Kind.APPOINTMENT_REMINDER,
        Kind.QUESTIONNAIRE_DUE,
        Kind.INTAKE_INCOMPLETE,
        Kind.HOME_PROGRAM_NUDGE,
    }
)


# Kinds that go to the clinic itself, not to a client.
TO_CLINIC = frozenset({Kind.CLINIC_ALERT})


class Status(models.TextChoices):
    SCHEDULED = "scheduled", "Scheduled"
    SENDING = "sending", "Being sent"
    SENT = "sent", "Sent"
    CANCELLED = "cancelled", "Cancelled"
    FAILED = "failed", "Failed"


class Message(ClinicOwned):
    client = models.ForeignKey(
        "clients.Client", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    kind = models.CharField(max_length=30, choices=Kind.choices)
    key = models.CharField(max_length=200, help_text="Unique in the clinic: one message per key.")
    to_email = models.EmailField()
    subject = models.CharField(max_length=200)
    body = models.TextField(blank=True)
    # A secret (a sign-in code, an invitation link) is wiped from the body once sent.
    secret = models.BooleanField(default=False)
    send_after = models.DateTimeField()
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.SCHEDULED)
    attempts = models.PositiveSmallIntegerField(default=0)
    claimed_at = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    error = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta(ClinicOwned.Meta):
        constraints: ClassVar[list[models.BaseConstraint]] = [
            models.UniqueConstraint(fields=("clinic", "key"), name="message_key_unique"),
            models.CheckConstraint(
                condition=models.Q(status__in=Status.values), name="message_status_known"
            ),
        ]
        indexes: ClassVar[list[models.Index]] = [
            models.Index(fields=("status", "send_after"), name="message_due"),
            models.Index(fields=("clinic", "client", "created_at"), name="message_by_client"),
        ]
        ordering = ("-send_after", "-id")

    def __str__(self) -> str:
        return f"{self.kind} to {self.to_email} ({self.status})"


class Wording(ClinicOwned):
    """The clinic's own subject and text for one kind of message (defaults in wording.py)."""

    kind = models.CharField(max_length=30, choices=Kind.choices)
    subject = models.CharField(max_length=200)
    body = models.TextField(max_length=4000)

    class Meta(ClinicOwned.Meta):
        constraints: ClassVar[list[models.BaseConstraint]] = [
            models.UniqueConstraint(fields=("clinic", "kind"), name="wording_kind_unique"),
        ]
        ordering = ("kind",)

    def __str__(self) -> str:
        return f"{self.kind}: {self.subject}"


class ContactConsent(ClinicOwned):
    """Whether a client agreed to reminders and nudges by email (none on file means no)."""

    client = models.OneToOneField("clients.Client", on_delete=models.PROTECT, related_name="+")
    email_reminders = models.BooleanField(default=False)
    updated_at = models.DateTimeField(default=timezone.now)
    updated_by = models.CharField(max_length=254, help_text="Who recorded it (staff or client).")

    class Meta(ClinicOwned.Meta):
        ordering = ("client_id",)

    def __str__(self) -> str:
        return f"Contact consent of client {self.client_id}: {self.email_reminders}"
