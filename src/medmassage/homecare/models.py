"""Home programs: versioned, the latest is current."""

from __future__ import annotations

from typing import ClassVar

from django.db import models
from django.utils import timezone

from medmassage.tenancy import ClinicOwned


class HomeProgram(ClinicOwned):
    """One version of a client's home program; a change is a new version, never an edit."""

    client = models.ForeignKey("clients.Client", on_delete=models.PROTECT, related_name="+")
    plan = models.ForeignKey("plans.TreatmentPlan", on_delete=models.PROTECT, related_name="+")
    version = models.PositiveIntegerField()
    items = models.JSONField(help_text="[{id, name, instructions, dose}] in the order given.")
    changed_by = models.ForeignKey(
        "accounts.Membership", on_delete=models.PROTECT, related_name="+"
    )
    changed_at = models.DateTimeField(default=timezone.now)
    reason = models.TextField(blank=True)

    class Meta(ClinicOwned.Meta):
        constraints: ClassVar[list[models.BaseConstraint]] = [
            models.UniqueConstraint(
                fields=("client", "version"), name="home_program_version_per_client"
            ),
        ]
        indexes: ClassVar[list[models.Index]] = [
            models.Index(fields=("clinic", "client", "version"), name="home_program_by_client"),
        ]
        ordering = ("client_id", "-version")

    def __str__(self) -> str:
        return f"Home program v{self.version} for client {self.client_id}"
