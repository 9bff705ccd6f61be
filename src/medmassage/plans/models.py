"""Treatment plans: the core's draft, the therapist's approved version, and every override."""

from __future__ import annotations

from functools import cached_property
from typing import ClassVar

from django.db import models
from django.utils import timezone

from medmassage.clinical.planning import Plan
from medmassage.tenancy import ClinicOwned


class PlanStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    APPROVED = "approved", "Approved"
    SUPERSEDED = "superseded", "Superseded by a revision"
    CLOSED = "closed", "Closed"


class TreatmentPlan(ClinicOwned):
    """One version of a client's plan. Once approved its content never changes (a DB trigger
    refuses it); a revision is a new version pointing at the one it replaces."""

    client = models.ForeignKey("clients.Client", on_delete=models.PROTECT, related_name="plans")
    version = models.PositiveIntegerField()
    previous = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="revisions"
    )
    status = models.CharField(max_length=12, choices=PlanStatus.choices, default=PlanStatus.DRAFT)
    intake = models.ForeignKey("intake.Intake", on_delete=models.PROTECT, related_name="+")
    practitioner = models.ForeignKey(
        "accounts.Practitioner", on_delete=models.PROTECT, related_name="+"
    )
    # What the core was given and what it suggested: kept so the draft can always be explained.
    practitioner_document = models.JSONField()
    draft = models.JSONField(help_text="The clinical core's suggestion, never edited.")
    content = models.JSONField(help_text="The plan as the therapist edits and approves it.")
    decision = models.CharField(max_length=20, db_index=True)
    created_by = models.ForeignKey(
        "accounts.Membership", on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    approved_by = models.ForeignKey(
        "accounts.Membership", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    approved_at = models.DateTimeField(null=True, blank=True)

    class Meta(ClinicOwned.Meta):
        constraints: ClassVar[list[models.BaseConstraint]] = [
            models.UniqueConstraint(fields=("client", "version"), name="plan_version_per_client"),
            models.CheckConstraint(
                condition=models.Q(status__in=[status.value for status in PlanStatus]),
                name="plan_status_known",
            ),
        ]
        indexes: ClassVar[list[models.Index]] = [
            models.Index(fields=("clinic", "client", "status"), name="plan_client_status"),
        ]
        ordering = ("client_id", "-version")

    def __str__(self) -> str:
        return f"Plan v{self.version} for client {self.client_id} ({self.status})"

    @property
    def is_draft(self) -> bool:
        return self.status == PlanStatus.DRAFT

    @cached_property
    def document(self) -> Plan:
        """The plan as the therapist edited it, read through the clinical core's types."""
        return Plan.from_json(self.content)

    @cached_property
    def drafted(self) -> Plan:
        """The core's own suggestion, read through its types."""
        return Plan.from_json(self.draft)


class PlanOverride(ClinicOwned):
    """A change against the draft, with the therapist's written reason (append-only)."""

    plan = models.ForeignKey(TreatmentPlan, on_delete=models.PROTECT, related_name="overrides")
    kind = models.CharField(max_length=30)
    technique = models.CharField(max_length=40)
    finding = models.CharField(max_length=80)
    departure = models.JSONField(help_text="What the core said the change goes against.")
    reason = models.TextField()
    created_by = models.ForeignKey(
        "accounts.Membership", on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta(ClinicOwned.Meta):
        ordering = ("plan_id", "created_at", "id")

    def __str__(self) -> str:
        return f"Override of {self.finding} for {self.technique} on plan {self.plan_id}"
