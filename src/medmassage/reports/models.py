"""One summary row per course of treatment, and the same figures filed under each group the
outcomes report shows (condition, technique, therapist), so the report reads them, never the
visits. Derived rows: written only by `summaries.refresh_client_courses`, inside the transaction
of the change that moved them.

A *course* is one chain of plan versions: a plan drafted afresh (no previous version), approved,
and every revision of it, until a version is closed with a discharge summary.
"""

from __future__ import annotations

from typing import ClassVar

from django.db import models
from django.utils import timezone

from medmassage.tenancy import ClinicOwned

# The columns the report adds up. Its indexes carry all of them after the period's key, so
# the report's GROUP BYs read the index alone, in order (no row lookups scattered over a large
# table: measured with `make bench-outcomes`).
FIGURE_COLUMNS = (
    "client",
    "therapist",
    "completed",
    "last_activity_on",
    "judged",
    "reached",
    "change_pct",
    "sessions_to_reach",
    "visits",
    "adverse_events",
    "adherence_asked",
    "adherence_most",
    "home_logged",
    "home_done",
    "home_partly",
)


class CourseFigures(ClinicOwned):
    """What the report adds up about one course (abstract: the summary and its facets)."""

    client = models.ForeignKey(
        "clients.Client", on_delete=models.PROTECT, related_name="+", db_index=False
    )
    therapist = models.ForeignKey(
        "accounts.Membership", on_delete=models.PROTECT, related_name="+", db_index=False
    )
    started_on = models.DateField(help_text="The day the course's first plan was approved.")
    last_activity_on = models.DateField(help_text="The last signed visit, else the start.")
    completed = models.BooleanField(default=False, help_text="Closed with a discharge summary.")
    visits = models.PositiveIntegerField(default=0, help_text="Signed visits.")
    adverse_events = models.PositiveIntegerField(default=0)
    judged = models.BooleanField(
        default=False, help_text="Primary measure has an MCID, a baseline and a follow-up."
    )
    reached = models.BooleanField(default=False, help_text="Judged improved by the MCID.")
    change_pct = models.DecimalField(
        max_digits=6,
        decimal_places=1,
        null=True,
        blank=True,
        help_text="Change of the primary measure in % of its scale, positive = better.",
    )
    sessions_to_reach = models.PositiveSmallIntegerField(null=True, blank=True)
    adherence_asked = models.PositiveIntegerField(default=0, help_text="Visits that asked.")
    adherence_most = models.PositiveIntegerField(default=0, help_text="... answered most or all.")
    home_logged = models.PositiveIntegerField(default=0, help_text="Portal home sessions logged.")
    home_done = models.PositiveIntegerField(default=0)
    home_partly = models.PositiveIntegerField(default=0)

    class Meta(ClinicOwned.Meta):
        abstract = True


class CourseSummary(CourseFigures):
    """One course of treatment, summarised for the outcomes report and its drill-down."""

    root_plan = models.OneToOneField(
        "plans.TreatmentPlan", on_delete=models.PROTECT, related_name="+"
    )
    current_plan = models.ForeignKey(
        "plans.TreatmentPlan", on_delete=models.PROTECT, related_name="+"
    )
    closed_on = models.DateField(null=True, blank=True)
    discharge_reason = models.CharField(max_length=20, blank=True)
    primary_instrument = models.CharField(max_length=20)
    baseline = models.DecimalField(max_digits=10, decimal_places=6, null=True, blank=True)
    latest = models.DecimalField(max_digits=10, decimal_places=6, null=True, blank=True)
    change = models.DecimalField(max_digits=10, decimal_places=6, null=True, blank=True)
    direction = models.CharField(max_length=10, blank=True)
    conditions = models.JSONField(default=list, help_text="Condition groups of the complaints.")
    codes = models.JSONField(default=list, help_text="ICD-10-CM codes of the complaints.")
    techniques = models.JSONField(default=list, help_text="Techniques given at signed visits.")
    # Where the client stands against the re-assessment point of the course's plan in force
    # (`outcomes.progress.reassessment_point`), for the dashboard's worklist.
    reassess_after = models.PositiveSmallIntegerField(
        default=0, help_text="Sessions after which the plan in force asks for a re-assessment."
    )
    sessions_since_approval = models.PositiveIntegerField(
        default=0, help_text="Sessions (pain rated at a visit) since that plan was approved."
    )
    reassessment_due_since = models.DateTimeField(
        null=True,
        blank=True,
        help_text="Set while the plan in force passed its re-assessment point without "
        "clinically important improvement on the primary measure: when it was reached.",
    )
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta(CourseFigures.Meta):
        indexes: ClassVar[list[models.Index]] = [
            models.Index(
                fields=("clinic", "started_on", *FIGURE_COLUMNS), name="course_summary_figures"
            ),
            models.Index(fields=("clinic", "client"), name="course_summary_client"),
            # The dashboard's re-assessments due, longest overdue first: the clinic's for an
            # owner, one therapist's for a therapist; only the due rows are in these.
            models.Index(
                fields=("clinic", "reassessment_due_since"),
                condition=models.Q(reassessment_due_since__isnull=False),
                name="course_summary_due",
            ),
            models.Index(
                fields=("clinic", "therapist", "reassessment_due_since"),
                condition=models.Q(reassessment_due_since__isnull=False),
                name="course_summary_due_therapist",
            ),
        ]
        ordering = ("-started_on", "-id")

    def __str__(self) -> str:
        return f"Course of client {self.client_id} from {self.started_on}"


class Dimension(models.TextChoices):
    CONDITION = "condition", "Condition"
    TECHNIQUE = "technique", "Technique"
    THERAPIST = "therapist", "Therapist"


class CourseFacet(CourseFigures):
    """A course's figures filed under one group of one dimension (a course with two conditions
    has two condition facets): the report adds these up with one GROUP BY per dimension."""

    course = models.ForeignKey(
        CourseSummary, on_delete=models.CASCADE, related_name="+", db_index=False
    )
    dimension = models.CharField(max_length=12, choices=Dimension.choices)
    value = models.CharField(max_length=60)

    class Meta(CourseFigures.Meta):
        indexes: ClassVar[list[models.Index]] = [
            models.Index(
                fields=("clinic", "dimension", "started_on", "value", *FIGURE_COLUMNS),
                name="course_facet_figures",
            ),
            models.Index(fields=("course",), name="course_facet_course"),
        ]
        constraints: ClassVar[list[models.BaseConstraint]] = [
            models.CheckConstraint(
                condition=models.Q(dimension__in=Dimension.values), name="course_facet_dimension"
            ),
        ]
        ordering = ("dimension", "value", "id")

    def __str__(self) -> str:
        return f"{self.dimension} {self.value} of course {self.course_id}"


class ExportStatus(models.TextChoices):
    QUEUED = "queued", "Queued"
    RUNNING = "running", "Being prepared"
    DONE = "done", "Ready"
    FAILED = "failed", "Failed"


class ResearchExport(ClinicOwned):
    """A de-identified dataset of the clinic's courses, prepared by a background job."""

    requested_by = models.ForeignKey(
        "accounts.Membership", on_delete=models.PROTECT, related_name="+"
    )
    requested_at = models.DateTimeField(default=timezone.now)
    status = models.CharField(
        max_length=10, choices=ExportStatus.choices, default=ExportStatus.QUEUED
    )
    finished_at = models.DateTimeField(null=True, blank=True)
    courses = models.PositiveIntegerField(default=0)
    error = models.CharField(max_length=300, blank=True)
    archive = models.BinaryField(null=True, blank=True, help_text="ZIP: data and dictionary.")

    class Meta(ClinicOwned.Meta):
        ordering = ("-requested_at", "-id")
        constraints: ClassVar[list[models.BaseConstraint]] = [
            models.CheckConstraint(
                condition=models.Q(status__in=ExportStatus.values), name="research_export_status"
            ),
        ]

    def __str__(self) -> str:
        return f"Research export {self.pk} ({self.status})"


class ResearchKey(ClinicOwned):
    """A client's research pseudonym and date shift: random, kept only here, shown nowhere.

    HIPAA Safe Harbor (45 CFR 164.514(c)) allows a re-identification code that is not derived
    from the person's information and whose mechanism is not disclosed; the same key serves
    every export, so that two exports cannot be compared to undo the shift.
    """

    client = models.OneToOneField("clients.Client", on_delete=models.PROTECT, related_name="+")
    pseudonym = models.CharField(max_length=16)
    shift_days = models.SmallIntegerField()

    class Meta(ClinicOwned.Meta):
        constraints: ClassVar[list[models.BaseConstraint]] = [
            models.UniqueConstraint(fields=("clinic", "pseudonym"), name="research_pseudonym"),
        ]

    def __str__(self) -> str:
        return f"Research key {self.pseudonym}"
