"""Visit notes (SOAP) with the treatment given, in-session feedback, safety overrides,
adverse events and addenda. A signed note never changes: the database refuses it too."""

from __future__ import annotations

from datetime import timedelta
from typing import ClassVar

from django.db import models
from django.utils import timezone

from medmassage.clinical.vocabulary import REGIONS, Pressure, Side
from medmassage.tenancy import ClinicOwned

# A note opened this long after the visit's own time is a late entry.
LATE_ENTRY_AFTER = timedelta(minutes=30)
REGION_CHOICES = [(region, region) for region in REGIONS]
SIDE_CHOICES = [(side.value, side.value) for side in Side]
PRESSURE_CHOICES = [(pressure.value, pressure.value) for pressure in Pressure]


class VisitStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    SIGNED = "signed", "Signed"
    STOPPED = "stopped", "Stopped at check-in"


class Adherence(models.TextChoices):
    NOT_ASKED = "", "Not asked"
    NONE = "none", "None"
    SOME = "some", "Some"
    MOST = "most", "Most"
    ALL = "all", "All"


class Visit(ClinicOwned):
    """One visit of a client under an approved plan: check-in, SOAP note, signature."""

    client = models.ForeignKey("clients.Client", on_delete=models.PROTECT, related_name="+")
    plan = models.ForeignKey("plans.TreatmentPlan", on_delete=models.PROTECT, related_name="+")
    therapist = models.ForeignKey("accounts.Membership", on_delete=models.PROTECT, related_name="+")
    status = models.CharField(max_length=10, choices=VisitStatus.choices, default="draft")
    started_at = models.DateTimeField(default=timezone.now)
    # When the note was opened in the system: later than `started_at` for a late entry.
    entered_at = models.DateTimeField(default=timezone.now)
    # Check-in: today's answers, the document screened (latest intake + answers) and its result.
    check_in = models.JSONField(default=dict)
    check_in_document = models.JSONField(default=dict)
    screening = models.JSONField(default=dict)
    decision = models.CharField(max_length=20)
    referral = models.JSONField(null=True, blank=True)
    # The pressure cap in force today and why (an unreviewed adverse event lowers it).
    pressure_cap = models.CharField(max_length=10, choices=PRESSURE_CHOICES)
    pressure_cap_reason = models.CharField(max_length=200, blank=True)
    # What sets the cap: "plan", today's screening finding code, or the adverse-event policy.
    pressure_cap_source = models.CharField(max_length=80, blank=True, default="plan")
    # Subjective
    pain_today = models.PositiveSmallIntegerField(null=True, blank=True)
    changes_since_last = models.TextField(blank=True)
    home_care_adherence = models.CharField(
        max_length=10, choices=Adherence.choices, blank=True, default=""
    )
    # Objective, Assessment, Plan
    objective = models.TextField(blank=True)
    assessment = models.TextField(blank=True)
    plan_notes = models.TextField(blank=True)
    pain_measurement = models.ForeignKey(
        "outcomes.Measurement", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    billing = models.JSONField(null=True, blank=True, help_text="Units at signing.")
    signed_at = models.DateTimeField(null=True, blank=True)
    signed_by = models.ForeignKey(
        "accounts.Membership", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta(ClinicOwned.Meta):
        constraints: ClassVar[list[models.BaseConstraint]] = [
            models.CheckConstraint(
                condition=models.Q(status__in=VisitStatus.values), name="visit_status_known"
            ),
            models.CheckConstraint(
                condition=models.Q(pain_today__isnull=True) | models.Q(pain_today__lte=10),
                name="visit_pain_0_10",
            ),
        ]
        indexes: ClassVar[list[models.Index]] = [
            models.Index(fields=("clinic", "client", "started_at"), name="visit_client_time"),
            models.Index(fields=("clinic", "status", "started_at"), name="visit_status_time"),
        ]
        ordering = ("-started_at", "-id")

    def __str__(self) -> str:
        return f"Visit {self.pk} of client {self.client_id} ({self.status})"

    @property
    def is_draft(self) -> bool:
        return self.status == VisitStatus.DRAFT

    @property
    def is_late_entry(self) -> bool:
        """Entered after the visit took place (both times are shown)."""
        return self.entered_at - self.started_at > LATE_ENTRY_AFTER


class VisitPart(ClinicOwned):
    """A row of a visit note: locked with the note."""

    visit = models.ForeignKey(Visit, on_delete=models.PROTECT, related_name="+")

    class Meta(ClinicOwned.Meta):
        abstract = True


class TreatmentGiven(VisitPart):
    """One technique applied to one region, with minutes and pressure (and its CPT code)."""

    position = models.PositiveSmallIntegerField()
    technique = models.CharField(max_length=40)
    region = models.CharField(max_length=20, choices=REGION_CHOICES)
    side = models.CharField(max_length=10, choices=SIDE_CHOICES, default="both")
    minutes = models.PositiveSmallIntegerField()
    pressure = models.CharField(max_length=10, choices=PRESSURE_CHOICES)
    cpt = models.CharField(max_length=10)

    class Meta(VisitPart.Meta):
        ordering = ("visit_id", "position")

    def __str__(self) -> str:
        return f"{self.technique} on {self.region} ({self.side}), {self.minutes} min"


class FeedbackKind(models.TextChoices):
    DISCOMFORT = "discomfort", "Discomfort"
    RELIEF = "relief", "Relief"
    OTHER = "other", "Other"


class Adjustment(models.TextChoices):
    PRESSURE_DOWN = "pressure_down", "Pressure down"
    PRESSURE_UP = "pressure_up", "Pressure up"
    TECHNIQUE_SWITCHED = "technique_switched", "Technique switched"
    AREA_AVOIDED = "area_avoided", "Area avoided"
    NONE = "none", "No change"


class FeedbackEvent(VisitPart):
    """What the client reported during the session and what the therapist changed, in order."""

    sequence = models.PositiveSmallIntegerField()
    kind = models.CharField(max_length=12, choices=FeedbackKind.choices)
    region = models.CharField(max_length=20, choices=REGION_CHOICES, blank=True)
    adjustment = models.CharField(max_length=20, choices=Adjustment.choices, default="none")
    note = models.CharField(max_length=300, blank=True)
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta(VisitPart.Meta):
        ordering = ("visit_id", "sequence")
        constraints: ClassVar[list[models.BaseConstraint]] = [
            models.UniqueConstraint(fields=("visit", "sequence"), name="feedback_sequence"),
        ]

    def __str__(self) -> str:
        return f"{self.sequence}. {self.kind}: {self.adjustment}"


class SafetyOverride(VisitPart):
    """Treatment against a finding or cap, with the therapist's reason (flagged on the chart)."""

    kind = models.CharField(max_length=40)
    technique = models.CharField(max_length=40)
    finding = models.CharField(max_length=80)
    departure = models.JSONField()
    reason = models.TextField()

    class Meta(VisitPart.Meta):
        ordering = ("visit_id", "id")

    def __str__(self) -> str:
        return f"{self.technique} against {self.finding}"


class AdverseKind(models.TextChoices):
    BRUISING = "bruising", "Bruising"
    SORENESS = "soreness_48h", "Soreness beyond 48 hours"
    FLARE_UP = "flare_up", "Flare-up"
    DIZZINESS = "dizziness", "Dizziness"
    OTHER = "other", "Other"


class Severity(models.TextChoices):
    MILD = "mild", "Mild"
    MODERATE = "moderate", "Moderate"
    SEVERE = "severe", "Severe"


class AdverseEvent(ClinicOwned):
    """An adverse event after a visit; until reviewed it lowers the next visit's pressure cap."""

    visit = models.ForeignKey(Visit, on_delete=models.PROTECT, related_name="+")
    client = models.ForeignKey("clients.Client", on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(max_length=20, choices=AdverseKind.choices)
    severity = models.CharField(max_length=10, choices=Severity.choices)
    description = models.TextField(blank=True)
    follow_up = models.TextField(blank=True)
    recorded_by = models.ForeignKey(
        "accounts.Membership", on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(default=timezone.now)
    reviewed_by = models.ForeignKey(
        "accounts.Membership", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)
    review_note = models.TextField(blank=True, help_text="What the review found and decided.")

    class Meta(ClinicOwned.Meta):
        ordering = ("-recorded_at", "-id")
        indexes: ClassVar[list[models.Index]] = [
            models.Index(fields=("clinic", "client", "reviewed_at"), name="adverse_client_open"),
        ]

    def __str__(self) -> str:
        return f"{self.kind} ({self.severity}) after visit {self.visit_id}"


class Addendum(ClinicOwned):
    """A correction or late entry to a signed note, shown with the original (append-only)."""

    visit = models.ForeignKey(Visit, on_delete=models.PROTECT, related_name="+")
    author = models.ForeignKey("accounts.Membership", on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    reason = models.CharField(max_length=300)
    text = models.TextField()

    class Meta(ClinicOwned.Meta):
        ordering = ("visit_id", "created_at", "id")

    def __str__(self) -> str:
        return f"Addendum to visit {self.visit_id}"
