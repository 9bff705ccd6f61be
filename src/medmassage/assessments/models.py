"""An assessment's objective findings: range of motion, posture, palpation and special tests.

Each kind of finding is a row of its own rather than JSON on the assessment: range of motion in
particular is compared across assessments (progress), which wants rows to query by joint,
movement and side; and every row carries its clinic like every clinical table. Rows are written
once, by `services.record_assessment`, and never edited.
"""

from __future__ import annotations

from typing import ClassVar

from django.db import models
from django.utils import timezone

from medmassage.assessments.choices import (
    REGION_CHOICES,
    SIDE_CHOICES,
    SPECIAL_TEST_CHOICES,
    TENDERNESS_CHOICES,
    PostureObservation,
    TestResult,
    Tone,
)
from medmassage.clinical.range_of_motion import ROM_SIDES, get_movement
from medmassage.tenancy import ClinicOwned

NOTES_CHARS = 2000


class Assessment(ClinicOwned):
    """One objective assessment of a client, with its findings and baseline questionnaires."""

    client = models.ForeignKey("clients.Client", on_delete=models.PROTECT, related_name="+")
    assessed_on = models.DateField(default=timezone.localdate)
    recorded_by = models.ForeignKey(
        "accounts.Membership", on_delete=models.PROTECT, related_name="+"
    )
    notes = models.TextField(blank=True, max_length=NOTES_CHARS)
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta(ClinicOwned.Meta):
        indexes: ClassVar[list[models.Index]] = [
            models.Index(
                fields=("clinic", "client", "assessed_on", "id"), name="assessment_by_date"
            )
        ]
        ordering = ("-assessed_on", "-id")

    def __str__(self) -> str:
        return f"Assessment of {self.assessed_on:%Y-%m-%d}"


class AssessmentQuestionnaire(ClinicOwned):
    """A questionnaire answered at an assessment: the measurement (outcomes') and where it
    was taken. The link lives here so that outcomes need not know about assessments."""

    assessment = models.ForeignKey(
        Assessment, on_delete=models.PROTECT, related_name="questionnaires"
    )
    measurement = models.OneToOneField(
        "outcomes.Measurement", on_delete=models.PROTECT, related_name="+"
    )

    class Meta(ClinicOwned.Meta):
        ordering = ("assessment", "measurement")

    def __str__(self) -> str:
        return f"{self.measurement_id} at assessment {self.assessment_id}"


class Finding(ClinicOwned):
    """What every finding has: its assessment and its place in the order it was entered."""

    assessment = models.ForeignKey(Assessment, on_delete=models.PROTECT, related_name="+")
    position = models.PositiveSmallIntegerField()
    notes = models.CharField(max_length=500, blank=True)

    class Meta(ClinicOwned.Meta):
        abstract = True
        ordering = ("assessment", "position")


class RangeOfMotion(Finding):
    """Active range of motion of one joint movement on one side, beside the normal shown."""

    joint = models.CharField(max_length=30)
    movement = models.CharField(max_length=30)
    side = models.CharField(max_length=5, choices=[(side, side) for side in ROM_SIDES])
    degrees = models.PositiveSmallIntegerField()
    # The normal as the table gave it when recorded, so a later table leaves this record alone.
    normal_degrees = models.PositiveSmallIntegerField()
    pain = models.BooleanField("pain on movement", default=False)

    class Meta(Finding.Meta):
        constraints: ClassVar[list[models.BaseConstraint]] = [
            models.CheckConstraint(condition=models.Q(degrees__lte=360), name="rom_degrees_360"),
        ]

    @property
    def movement_name(self) -> str:
        """E.g. "Cervical rotation"."""
        return get_movement(self.joint, self.movement).name


class Posture(Finding):
    """A posture observation in a body region."""

    region = models.CharField(max_length=20, choices=REGION_CHOICES)
    side = models.CharField(max_length=5, choices=SIDE_CHOICES, blank=True)
    observation = models.CharField(max_length=30, choices=PostureObservation.choices)


class Palpation(Finding):
    """What palpation of a region found: tenderness, trigger points, tone."""

    region = models.CharField(max_length=20, choices=REGION_CHOICES)
    side = models.CharField(max_length=5, choices=SIDE_CHOICES)
    tenderness = models.PositiveSmallIntegerField(choices=TENDERNESS_CHOICES)
    trigger_points = models.BooleanField(default=False)
    tone = models.CharField(max_length=10, choices=Tone.choices)


class SpecialTestResult(Finding):
    """A special test as performed, with its result."""

    test = models.CharField(max_length=30, choices=SPECIAL_TEST_CHOICES)
    region = models.CharField(max_length=20, choices=REGION_CHOICES)
    side = models.CharField(max_length=5, choices=SIDE_CHOICES, blank=True)
    result = models.CharField(max_length=10, choices=TestResult.choices)
