"""Outcome measurements: a questionnaire's item answers as given, and the core's score of them."""

from __future__ import annotations

from decimal import Decimal
from typing import ClassVar

from django.db import models
from django.utils import timezone

from medmassage.clinical.instruments import INSTRUMENTS as INSTRUMENT_TABLE
from medmassage.clinical.vocabulary import INSTRUMENTS
from medmassage.tenancy import ClinicOwned
from medmassage.words.vocabulary import number

# The score is the clinical core's unrounded value (a prorated NDI is 200/9 %), kept as a
# decimal rather than a float so that what is stored, summed and compared is exactly what is
# shown. Six places is far below any clinically important change (the smallest is 2 points)
# and the answers are kept too, so the core can always rescore them exactly.
INSTRUMENT_NAMES = {key: instrument.name for key, instrument in INSTRUMENT_TABLE.items()}
SCORE_DIGITS = 10
SCORE_PLACES = 6


class Context(models.TextChoices):
    """Why the questionnaire was given: progress compares a later score with the baseline."""

    BASELINE = "baseline", "Baseline"
    REASSESSMENT = "reassessment", "Re-assessment"
    VISIT = "visit", "Visit"
    ON_DEMAND = "on_demand", "On demand"


class Measurement(ClinicOwned):
    """One administration of an outcome instrument to a client, scored by the clinical core."""

    client = models.ForeignKey("clients.Client", on_delete=models.PROTECT, related_name="+")
    instrument = models.CharField(max_length=20, choices=[(i, i) for i in INSTRUMENTS])
    answers = models.JSONField(help_text="Item responses in item order; null when unanswered.")
    activities = models.JSONField(
        default=list, blank=True, help_text="PSFS only: the activities the client chose."
    )
    score = models.DecimalField(max_digits=SCORE_DIGITS, decimal_places=SCORE_PLACES)
    band = models.CharField(max_length=40, blank=True, help_text="Empty where none is defined.")
    answered = models.PositiveSmallIntegerField()
    context = models.CharField(max_length=20, choices=Context.choices)
    administered_at = models.DateTimeField(default=timezone.now)
    recorded_by = models.ForeignKey(
        "accounts.Membership",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text="None when the client answered in the portal.",
    )
    by_client = models.BooleanField(default=False, help_text="Answered in the client portal.")
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta(ClinicOwned.Meta):
        indexes: ClassVar[list[models.Index]] = [
            models.Index(
                fields=("clinic", "client", "instrument", "administered_at", "id"),
                name="measurement_by_instrument",
            ),
        ]
        constraints: ClassVar[list[models.BaseConstraint]] = [
            models.CheckConstraint(
                condition=models.Q(instrument__in=INSTRUMENTS), name="measurement_instrument_known"
            ),
            models.CheckConstraint(
                condition=models.Q(context__in=Context.values), name="measurement_context_known"
            ),
            models.CheckConstraint(
                condition=models.Q(by_client=False, recorded_by__isnull=False)
                | models.Q(by_client=True, recorded_by__isnull=True),
                name="measurement_recorder_matches_source",
            ),
        ]
        ordering = ("administered_at", "id")

    def __str__(self) -> str:
        return f"{self.instrument} {self.display_score} ({self.get_context_display()})"

    @property
    def recorded_by_name(self) -> str:
        if self.recorded_by is None:
            return "the client, in the portal"
        return self.recorded_by.user.full_name

    @property
    def instrument_name(self) -> str:
        """E.g. "Neck Disability Index"."""
        return INSTRUMENT_NAMES[self.instrument]

    @property
    def display_score(self) -> str:
        """The score rounded for people (one decimal, none when whole): 42, 22.2."""
        return display_number(self.score)


def display_number(value: Decimal) -> str:
    """A clinical number rounded for display only: one decimal place, none when whole."""
    return number(value)
