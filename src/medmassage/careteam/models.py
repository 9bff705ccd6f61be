"""The clinic's directory of outside providers, each client's care team, and the clearances
those providers send back (with the document they came in)."""

from __future__ import annotations

from typing import ClassVar

from django.db import models
from django.utils import timezone

from medmassage.tenancy import ClinicOwned


class Profession(models.TextChoices):
    PHYSICIAN = "physician", "Physician"
    SURGEON = "surgeon", "Surgeon"
    NURSE_PRACTITIONER = "nurse_practitioner", "Nurse practitioner"
    PHYSICAL_THERAPIST = "physical_therapist", "Physical therapist"
    CHIROPRACTOR = "chiropractor", "Chiropractor"
    OSTEOPATH = "osteopath", "Osteopath"
    MASSAGE_THERAPIST = "massage_therapist", "Massage therapist"
    PSYCHOLOGIST = "psychologist", "Psychologist"
    OTHER = "other", "Other"


class Provider(ClinicOwned):
    """An outside provider in the clinic's directory (FHIR Practitioner + Organization)."""

    name = models.CharField(max_length=200)
    profession = models.CharField(max_length=30, choices=Profession.choices)
    organisation = models.CharField(max_length=200, blank=True)
    npi = models.CharField(
        "NPI", max_length=10, blank=True, help_text="US National Provider Identifier, if any."
    )
    phone = models.CharField(max_length=40, blank=True)
    fax = models.CharField(max_length=40, blank=True)
    secure_email = models.EmailField("secure email", blank=True)
    address = models.TextField(blank=True, max_length=500)
    is_active = models.BooleanField(default=True)
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta(ClinicOwned.Meta):
        constraints: ClassVar[list[models.BaseConstraint]] = [
            models.UniqueConstraint(
                fields=("clinic", "npi"),
                condition=~models.Q(npi=""),
                name="provider_npi_unique_in_clinic",
            ),
            models.CheckConstraint(
                condition=models.Q(profession__in=Profession.values),
                name="provider_profession_known",
            ),
        ]
        ordering = ("name",)

    def __str__(self) -> str:
        return self.name


class CareRole(models.TextChoices):
    REFERRING = "referring", "Referring physician"
    PRIMARY_CARE = "primary_care", "Primary care"
    SPECIALIST = "specialist", "Specialist"
    THERAPIST = "therapist", "Other therapist"
    OTHER = "other", "Other"


class CareTeamMember(ClinicOwned):
    """A provider on one client's care team in a role, until removed (FHIR CareTeam)."""

    client = models.ForeignKey("clients.Client", on_delete=models.PROTECT, related_name="+")
    provider = models.ForeignKey(Provider, on_delete=models.PROTECT, related_name="+")
    role = models.CharField(max_length=20, choices=CareRole.choices)
    note = models.CharField(max_length=200, blank=True)
    added_by = models.ForeignKey("accounts.Membership", on_delete=models.PROTECT, related_name="+")
    added_at = models.DateTimeField(default=timezone.now, editable=False)
    ended_at = models.DateTimeField(null=True, blank=True)

    class Meta(ClinicOwned.Meta):
        constraints: ClassVar[list[models.BaseConstraint]] = [
            models.UniqueConstraint(
                fields=("clinic", "client", "provider", "role"),
                condition=models.Q(ended_at__isnull=True),
                name="care_team_member_once_per_role",
            ),
            models.CheckConstraint(
                condition=models.Q(role__in=CareRole.values), name="care_team_role_known"
            ),
        ]
        ordering = ("role", "added_at")

    def __str__(self) -> str:
        return f"{self.provider_id} as {self.role} for client {self.client_id}"


class ClearanceOutcome(models.TextChoices):
    CLEARED = "cleared", "Cleared"
    CLEARED_WITH_LIMITS = "cleared_with_limits", "Cleared with limits"
    NOT_CLEARED = "not_cleared", "Not cleared"


class DocumentType(models.TextChoices):
    PDF = "application/pdf", "PDF"
    PNG = "image/png", "PNG image"
    JPEG = "image/jpeg", "JPEG image"


class Clearance(ClinicOwned):
    """A provider's answer on whether massage may go ahead, with its limits and document.

    Never changed once written: a new answer is a new clearance (the later one supersedes the
    earlier for what it covers). Cleared ones enter every intake screened after they are issued
    (intake.validation), so their limits reach the screening and the plan with the clearance as
    their source.
    """

    client = models.ForeignKey("clients.Client", on_delete=models.PROTECT, related_name="+")
    provider = models.ForeignKey(
        Provider, on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    from_name = models.CharField(max_length=200, help_text="Who signed it, as on the document.")
    outcome = models.CharField(max_length=20, choices=ClearanceOutcome.choices)
    covers = models.JSONField(
        default=list, blank=True, help_text="Clearance topics it covers; empty means all."
    )
    issued_on = models.DateField()
    valid_until = models.DateField(null=True, blank=True)
    max_pressure = models.CharField(max_length=10, blank=True)
    avoid_regions = models.JSONField(default=list, blank=True, help_text="[{region, side}]")
    exclude_techniques = models.JSONField(default=list, blank=True)
    notes = models.TextField(blank=True, max_length=2000)
    # The document as received: stored outside the web root under a generated name.
    document_name = models.CharField(max_length=80, editable=False)
    document_type = models.CharField(max_length=20, choices=DocumentType.choices)
    document_size = models.PositiveIntegerField()
    document_sha256 = models.CharField(max_length=64)
    document_original_name = models.CharField(max_length=200, blank=True)
    recorded_by = models.ForeignKey(
        "accounts.Membership", on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta(ClinicOwned.Meta):
        constraints: ClassVar[list[models.BaseConstraint]] = [
            models.CheckConstraint(
                condition=models.Q(outcome__in=ClearanceOutcome.values),
                name="clearance_outcome_known",
            ),
            models.CheckConstraint(
                condition=models.Q(valid_until__isnull=True)
                | models.Q(valid_until__gte=models.F("issued_on")),
                name="clearance_ends_after_issue",
            ),
        ]
        indexes: ClassVar[list[models.Index]] = [
            models.Index(fields=("clinic", "client", "issued_on"), name="clearance_by_client"),
        ]
        ordering = ("-issued_on", "-pk")

    def __str__(self) -> str:
        return f"Clearance {self.pk} of client {self.client_id} ({self.outcome})"

    @property
    def reference(self) -> str:
        """How intake documents name this record (see `is_record_reference`)."""
        return f"{RECORD_REFERENCE}{self.pk}"

    @property
    def has_limits(self) -> bool:
        return bool(self.max_pressure or self.avoid_regions or self.exclude_techniques)


RECORD_REFERENCE = "clearance record #"


def is_record_reference(item: object) -> bool:
    """Whether an intake document's clearance item is a copy of a clearance record."""
    return isinstance(item, dict) and str(item.get("reference", "")).startswith(RECORD_REFERENCE)
