"""Referrals both ways and progress reports: the loop with the care team.

A `Referral` is a FHIR ServiceRequest either way round: *out* (the therapist asks a provider to
assess the client, a letter signed and sent, answered by a clearance) or *in* (a provider asks
the clinic to treat, with a diagnosis and a number of visits authorised). A `ProgressReport` is
a signed document sent to the referring provider or an insurer. Signed letters and reports are
stored as PDF documents (FHIR DocumentReference) and never change afterwards.
"""

from __future__ import annotations

from typing import ClassVar

from django.db import models
from django.utils import timezone

from medmassage.tenancy import ClinicOwned


class Direction(models.TextChoices):
    OUT = "out", "Referral out"
    IN = "in", "Referral in"


class ReferralStatus(models.TextChoices):
    # Out: drafted -> signed -> sent -> answered (overdue is computed, not stored).
    DRAFTED = "drafted", "Drafted"
    SIGNED = "signed", "Signed"
    SENT = "sent", "Sent"
    ANSWERED = "answered", "Answered"
    # In: active until its visits are used, it expires, or it is closed.
    ACTIVE = "active", "Active"
    CLOSED = "closed", "Closed"
    CANCELLED = "cancelled", "Cancelled"


class Urgency(models.TextChoices):
    """FHIR ServiceRequest.priority: routine -> routine, urgent -> urgent, emergency -> stat."""

    ROUTINE = "routine", "Routine"
    URGENT = "urgent", "Urgent"
    EMERGENCY = "emergency", "Emergency"


class Intent(models.TextChoices):
    """FHIR ServiceRequest.intent: a therapist proposes; a physician's referral is an order."""

    PROPOSAL = "proposal", "Proposal"
    ORDER = "order", "Order"


class SentVia(models.TextChoices):
    FAX = "fax", "Fax"
    SECURE_EMAIL = "secure_email", "Secure email"
    POST = "post", "Post"
    BY_HAND = "by_hand", "Given to the client"


class Referral(ClinicOwned):
    """A referral out (letter) or in (authorisation), with what FHIR ServiceRequest needs."""

    client = models.ForeignKey("clients.Client", on_delete=models.PROTECT, related_name="+")
    direction = models.CharField(max_length=3, choices=Direction.choices)
    status = models.CharField(max_length=10, choices=ReferralStatus.choices)
    intent = models.CharField(max_length=10, choices=Intent.choices)
    urgency = models.CharField(max_length=10, choices=Urgency.choices, default=Urgency.ROUTINE)
    # The other side: performer of a referral out, requester of a referral in.
    provider = models.ForeignKey(
        "careteam.Provider", on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    # Our side: requester of a referral out (who signs), performer of a referral in.
    therapist = models.ForeignKey("accounts.Membership", on_delete=models.PROTECT, related_name="+")
    reason_codes = models.JSONField(
        default=list, blank=True, help_text="ICD-10-CM codes: [{code, display}]."
    )
    reason = models.TextField(max_length=4000, blank=True, help_text="Why, in words.")
    # Referral out: what screening found and what the letter says.
    decision = models.CharField(max_length=20, blank=True, help_text="Screening decision, if any.")
    intake = models.ForeignKey(
        "intake.Intake", on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    findings = models.JSONField(
        default=list, blank=True, help_text="[{code, kind, decision, urgency, action, regions}]"
    )
    question = models.TextField(max_length=2000, blank=True)
    done = models.TextField("what the therapist has done", max_length=2000, blank=True)
    not_done = models.TextField("what the therapist has not done", max_length=2000, blank=True)
    client_told = models.TextField(
        "what the client was told to do today", max_length=1000, blank=True
    )
    expected_answer_by = models.DateField(null=True, blank=True)
    signed_by = models.ForeignKey(
        "accounts.Membership", on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    signed_at = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    sent_via = models.CharField(max_length=20, choices=SentVia.choices, blank=True)
    answered_at = models.DateTimeField(null=True, blank=True)
    answer = models.ForeignKey(
        "careteam.Clearance", on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    # The signed letter (PDF), kept as signed.
    document_name = models.CharField(max_length=80, blank=True)
    document_sha256 = models.CharField(max_length=64, blank=True)
    document_size = models.PositiveIntegerField(null=True, blank=True)
    # Referral in: what the provider authorised.
    precautions = models.TextField(max_length=2000, blank=True)
    visits_authorised = models.PositiveIntegerField(null=True, blank=True)
    frequency = models.CharField(max_length=100, blank=True, help_text="e.g. 1-2 per week")
    valid_from = models.DateField(null=True, blank=True)
    expires_on = models.DateField(null=True, blank=True)
    created_by = models.ForeignKey(
        "accounts.Membership", on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta(ClinicOwned.Meta):
        constraints: ClassVar[list[models.BaseConstraint]] = [
            models.CheckConstraint(
                condition=models.Q(direction__in=Direction.values), name="referral_direction_known"
            ),
            models.CheckConstraint(
                condition=models.Q(status__in=ReferralStatus.values), name="referral_status_known"
            ),
            models.CheckConstraint(
                condition=models.Q(urgency__in=Urgency.values), name="referral_urgency_known"
            ),
        ]
        indexes: ClassVar[list[models.Index]] = [
            models.Index(fields=("clinic", "client", "direction"), name="referral_by_client"),
            models.Index(fields=("clinic", "status"), name="referral_by_status"),
        ]
        ordering = ("-created_at", "-pk")

    def __str__(self) -> str:
        return f"Referral {self.direction} {self.pk} of client {self.client_id}"

    @property
    def is_out(self) -> bool:
        return self.direction == Direction.OUT

    @property
    def is_draft(self) -> bool:
        return self.status == ReferralStatus.DRAFTED

    @property
    def stops_today(self) -> bool:
        """Urgent or emergency: the letter and the screen say what the client was told."""
        return self.urgency in {Urgency.URGENT, Urgency.EMERGENCY}


class Recommendation(models.TextChoices):
    CONTINUE = "continue", "Continue treatment"
    DISCHARGE = "discharge", "Discharge"
    REFER = "refer", "Refer on"


class ReportStatus(models.TextChoices):
    DRAFTED = "drafted", "Drafted"
    SIGNED = "signed", "Signed"
    SENT = "sent", "Sent"
    ANSWERED = "answered", "Acknowledged"


class ProgressReport(ClinicOwned):
    """A progress report for the referring provider or an insurer, drawn from the record."""

    client = models.ForeignKey("clients.Client", on_delete=models.PROTECT, related_name="+")
    provider = models.ForeignKey(
        "careteam.Provider", on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    recipient = models.CharField(max_length=200, help_text="Who it is for, as addressed.")
    referral = models.ForeignKey(
        Referral, on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    status = models.CharField(max_length=10, choices=ReportStatus.choices)
    period_start = models.DateField()
    period_end = models.DateField()
    facts = models.JSONField(
        help_text="What the record said when drafted: measures, attendance, adherence, "
        "treatments, adverse events, plan."
    )
    summary = models.TextField(max_length=4000, blank=True)
    recommendation = models.CharField(max_length=10, choices=Recommendation.choices)
    recommendation_note = models.TextField(max_length=2000, blank=True)
    expected_answer_by = models.DateField(null=True, blank=True)
    signed_by = models.ForeignKey(
        "accounts.Membership", on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    signed_at = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    sent_via = models.CharField(max_length=20, choices=SentVia.choices, blank=True)
    answered_at = models.DateTimeField(null=True, blank=True)
    document_name = models.CharField(max_length=80, blank=True)
    document_sha256 = models.CharField(max_length=64, blank=True)
    document_size = models.PositiveIntegerField(null=True, blank=True)
    created_by = models.ForeignKey(
        "accounts.Membership", on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta(ClinicOwned.Meta):
        constraints: ClassVar[list[models.BaseConstraint]] = [
            models.CheckConstraint(
                condition=models.Q(status__in=ReportStatus.values), name="report_status_known"
            ),
            models.CheckConstraint(
                condition=models.Q(recommendation__in=Recommendation.values),
                name="report_recommendation_known",
            ),
        ]
        ordering = ("-created_at", "-pk")

    def __str__(self) -> str:
        return f"Progress report {self.pk} of client {self.client_id}"

    @property
    def is_draft(self) -> bool:
        return self.status == ReportStatus.DRAFTED
