"""Bulk exports (their NDJSON files, kept for a while) and FHIR Bundles staged for import."""

from __future__ import annotations

from typing import ClassVar

from django.db import models
from django.utils import timezone

from medmassage.tenancy import ClinicOwned


class ExportStatus(models.TextChoices):
    QUEUED = "queued", "Queued"
    RUNNING = "running", "Running"
    DONE = "done", "Done"
    CANCELLED = "cancelled", "Cancelled"
    EXPIRED = "expired", "Expired"


class ExportLevel(models.TextChoices):
    SYSTEM = "system", "Everything of the clinic"
    PATIENT = "patient", "Every patient"
    GROUP = "group", "A group of patients"


class BulkExport(ClinicOwned):
    """One Bulk Data export: asked for, run by a background job, its files kept until expiry."""

    requested_by = models.ForeignKey(
        "accounts.Membership", on_delete=models.PROTECT, related_name="+"
    )
    level = models.CharField(max_length=10, choices=ExportLevel.choices)
    group = models.CharField(max_length=64, blank=True, help_text="The Group id of a group export.")
    types = models.JSONField(default=list, help_text="Resource types asked for (empty: all).")
    since = models.DateTimeField(null=True, blank=True)
    request_url = models.CharField(max_length=2000)
    status = models.CharField(
        max_length=10, choices=ExportStatus.choices, default=ExportStatus.QUEUED
    )
    progress = models.CharField(max_length=200, blank=True)
    transaction_time = models.DateTimeField(default=timezone.now)
    finished_at = models.DateTimeField(null=True, blank=True)
    expires_at = models.DateTimeField(null=True, blank=True)
    errors = models.JSONField(default=list, help_text="Problems met, one message each.")

    class Meta(ClinicOwned.Meta):
        constraints: ClassVar[list[models.BaseConstraint]] = [
            models.CheckConstraint(
                condition=models.Q(status__in=ExportStatus.values), name="export_status_known"
            ),
        ]
        indexes: ClassVar[list[models.Index]] = [
            models.Index(fields=("status", "expires_at"), name="export_expiry"),
        ]
        ordering = ("-transaction_time", "-id")

    def __str__(self) -> str:
        return f"Export {self.pk} ({self.status})"


class ExportFile(ClinicOwned):
    """One NDJSON file of an export: the resources of one type."""

    export = models.ForeignKey(BulkExport, on_delete=models.CASCADE, related_name="files")
    resource_type = models.CharField(max_length=40)
    name = models.CharField(max_length=200, help_text="The file's name inside the export folder.")
    count = models.PositiveIntegerField(default=0)
    size = models.PositiveBigIntegerField(default=0)
    is_error = models.BooleanField(default=False)

    class Meta(ClinicOwned.Meta):
        ordering = ("export_id", "resource_type", "id")

    def __str__(self) -> str:
        return f"{self.resource_type} of export {self.export_id}"


class ImportStatus(models.TextChoices):
    PENDING = "pending", "Waiting for the therapist"
    CONFIRMED = "confirmed", "Confirmed"
    DISCARDED = "discarded", "Discarded"


class StagedImport(ClinicOwned):
    """A FHIR Bundle from another system, read but not accepted: nothing in it reaches the
    record until a therapist confirms the client and then saves the intake drafted from it."""

    bundle = models.JSONField(help_text="The Bundle exactly as received.")
    proposed_client = models.JSONField(help_text="Identity and contact read from the Patient.")
    proposed_referral = models.JSONField(default=dict, help_text="The referrer, if any.")
    draft_intake = models.JSONField(help_text="The intake document drafted from the Bundle.")
    problems = models.JSONField(default=list, help_text="Every mapping problem, with its path.")
    matches = models.JSONField(default=list, help_text="Ids of clients it may be.")
    status = models.CharField(
        max_length=10, choices=ImportStatus.choices, default=ImportStatus.PENDING
    )
    client = models.ForeignKey(
        "clients.Client", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    received_by = models.ForeignKey(
        "accounts.Membership", on_delete=models.PROTECT, related_name="+"
    )
    received_at = models.DateTimeField(default=timezone.now)
    confirmed_by = models.ForeignKey(
        "accounts.Membership", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    confirmed_at = models.DateTimeField(null=True, blank=True)

    class Meta(ClinicOwned.Meta):
        constraints: ClassVar[list[models.BaseConstraint]] = [
            models.CheckConstraint(
                condition=models.Q(status__in=ImportStatus.values), name="import_status_known"
            ),
        ]
        ordering = ("-received_at", "-id")

    def __str__(self) -> str:
        return f"Import {self.pk} ({self.status})"
