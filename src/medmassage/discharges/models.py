"""Discharge summaries: written when a plan is closed, never changed afterwards."""

from __future__ import annotations

from typing import ClassVar

from django.db import models
from django.utils import timezone

from medmassage.tenancy import ClinicOwned


class DischargeReason(models.TextChoices):
    GOALS_MET = "goals_met", "Goals met"
    PLATEAU = "plateau", "Plateau"
    REFERRAL = "referral", "Referred on"
    CLIENT_CHOICE = "client_choice", "Client's choice"


class DischargeSummary(ClinicOwned):
    """Written when a plan is closed: why, and each measure's first and last score."""

    client = models.ForeignKey("clients.Client", on_delete=models.PROTECT, related_name="+")
    plan = models.OneToOneField(
        "plans.TreatmentPlan", on_delete=models.PROTECT, related_name="discharge"
    )
    reason = models.CharField(max_length=20, choices=DischargeReason.choices)
    note = models.TextField(blank=True)
    measures = models.JSONField(
        help_text="Per instrument: first and last score, band, date, change and direction."
    )
    closed_by = models.ForeignKey("accounts.Membership", on_delete=models.PROTECT, related_name="+")
    closed_at = models.DateTimeField(default=timezone.now)

    class Meta(ClinicOwned.Meta):
        # The table (and its refuse-changes triggers) kept the name it had in the homecare app.
        db_table = "homecare_dischargesummary"
        constraints: ClassVar[list[models.BaseConstraint]] = [
            models.CheckConstraint(
                condition=models.Q(reason__in=DischargeReason.values),
                name="discharge_reason_known",
            ),
        ]
        ordering = ("-closed_at",)

    def __str__(self) -> str:
        return f"Discharge of plan {self.plan_id} ({self.reason})"
