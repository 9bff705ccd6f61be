"""Intakes: each one a new version of what the client told the clinic, with its screening."""

from __future__ import annotations

from functools import cached_property
from typing import Any, ClassVar

from django.db import models
from django.utils import timezone

from medmassage.clinical.screening import Screening
from medmassage.clinical.vocabulary import Decision
from medmassage.tenancy import ClinicOwned


class Source(models.TextChoices):
    """Who wrote the intake down: the clinic's staff, or the client in the portal."""

    STAFF = "staff", "Clinic staff"
    PORTAL = "portal", "The client, in the portal"


class Intake(ClinicOwned):
    """One intake document exactly as the clinical core read it, and the screening it produced.

    Never changed once written: a new intake is a new version of the client's intake.
    """

    client = models.ForeignKey("clients.Client", on_delete=models.PROTECT, related_name="+")
    version = models.PositiveIntegerField(help_text="1, 2, … for each client.")
    document = models.JSONField(help_text="The intake document (medmassage.intake, version 1).")
    screening = models.JSONField(help_text="The clinical core's screening of the document.")
    # Indexed with the clinic below: "which clients were stopped" is a question clinics ask.
    decision = models.CharField(max_length=20, choices=[(d.value, d.value) for d in Decision])
    recorded_by = models.ForeignKey(
        "accounts.Membership",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text="The member who recorded it; none when the client filled it in the portal.",
    )
    source = models.CharField(max_length=10, choices=Source.choices, default=Source.STAFF)
    recorded_at = models.DateTimeField(default=timezone.now, editable=False)
    visit_date = models.DateField()

    class Meta(ClinicOwned.Meta):
        constraints: ClassVar[list[models.BaseConstraint]] = [
            # The clinic column leads so the constraint survives distribution by clinic (Citus);
            # a client belongs to one clinic, so this is uniqueness per client.
            models.UniqueConstraint(
                fields=("clinic", "client", "version"), name="intake_version_unique"
            ),
            models.CheckConstraint(condition=models.Q(version__gte=1), name="intake_version_gte_1"),
            models.CheckConstraint(
                condition=models.Q(decision__in=[d.value for d in Decision]),
                name="intake_decision_known",
            ),
            models.CheckConstraint(
                condition=models.Q(source=Source.STAFF, recorded_by__isnull=False)
                | models.Q(source=Source.PORTAL, recorded_by__isnull=True),
                name="intake_recorder_matches_source",
            ),
        ]
        indexes: ClassVar[list[models.Index]] = [
            models.Index(fields=("clinic", "decision"), name="intake_by_decision"),
            # The dashboard's online forms to review: only intakes clients sent are in it, so
            # its size follows the portal's use, not every intake the clinic recorded.
            models.Index(
                fields=("clinic", "recorded_at"),
                condition=models.Q(source=Source.PORTAL),
                name="intake_from_the_portal",
            ),
        ]
        ordering = ("-version",)

    @cached_property
    def screening_result(self) -> Screening:
        """The stored screening read through the clinical core's types."""
        return Screening.from_json(self.screening)

    def __str__(self) -> str:
        return f"Intake {self.version} of client {self.client_id}"

    @property
    def recorded_by_name(self) -> str:
        """Who recorded it, in words: the member's name, or the client in the portal."""
        if self.recorded_by is None:
            return "the client, in the portal"
        return self.recorded_by.user.full_name

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self._state.adding:
            raise TypeError("An intake is never changed: record a new version instead")
        super().save(*args, **kwargs)


class ReviewOutcome(models.TextChoices):
    CONFIRMED = "confirmed", "Confirmed as the client gave it"
    CORRECTED = "corrected", "Corrected by the therapist"


class IntakeReview(ClinicOwned):
    """A therapist's review of an intake the client filled in the portal: confirmed as it
    stands (after answering its free-text prompts) or corrected in a new version."""

    intake = models.OneToOneField(Intake, on_delete=models.PROTECT, related_name="+")
    result = models.ForeignKey(
        Intake,
        on_delete=models.PROTECT,
        related_name="+",
        help_text="The version the therapist confirmed or recorded as the correction.",
    )
    outcome = models.CharField(max_length=10, choices=ReviewOutcome.choices)
    reviewed_by = models.ForeignKey(
        "accounts.Membership", on_delete=models.PROTECT, related_name="+"
    )
    reviewed_at = models.DateTimeField(default=timezone.now)

    class Meta(ClinicOwned.Meta):
        constraints: ClassVar[list[models.BaseConstraint]] = [
            models.CheckConstraint(
                condition=models.Q(outcome__in=ReviewOutcome.values),
                name="intake_review_outcome_known",
            ),
        ]
        ordering = ("-reviewed_at",)

    def __str__(self) -> str:
        return f"Review of intake {self.intake_id}: {self.outcome}"
