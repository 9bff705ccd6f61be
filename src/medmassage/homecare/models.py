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


class LogStatus(models.TextChoices):
    DONE = "done", "Done"
    PARTLY = "partly", "Partly"
    NOT_DONE = "not_done", "Not done"


class HomeProgramLog(ClinicOwned):
    """The client's note of one home-program session, from the portal: done or not, and pain."""

    client = models.ForeignKey("clients.Client", on_delete=models.PROTECT, related_name="+")
    program = models.ForeignKey(HomeProgram, on_delete=models.PROTECT, related_name="+")
    done_on = models.DateField()
    status = models.CharField(max_length=10, choices=LogStatus.choices)
    pain_after = models.PositiveSmallIntegerField(null=True, blank=True, help_text="NPRS 0-10")
    logged_at = models.DateTimeField(default=timezone.now)

    class Meta(ClinicOwned.Meta):
        constraints: ClassVar[list[models.BaseConstraint]] = [
            models.CheckConstraint(
                condition=models.Q(status__in=["done", "partly", "not_done"]),
                name="home_log_status_known",
            ),
            models.CheckConstraint(
                condition=models.Q(pain_after__isnull=True) | models.Q(pain_after__lte=10),
                name="home_log_pain_0_10",
            ),
        ]
        indexes: ClassVar[list[models.Index]] = [
            models.Index(fields=("clinic", "client", "done_on"), name="home_log_by_client"),
        ]
        ordering = ("-done_on", "-id")

    def __str__(self) -> str:
        return f"Home session of client {self.client_id} on {self.done_on}: {self.status}"
