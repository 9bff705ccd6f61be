"""JSON shapes of outcome measurements (fields documented in the OpenAPI schema)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Literal

from ninja import Field, Schema
from pydantic import StrictFloat, StrictInt

from medmassage.clinical.vocabulary import INSTRUMENTS
from medmassage.inputs import IsoDateTime, StrictInput

ContextName = Literal["baseline", "reassessment", "visit", "on_demand"]
# Strict: "3" is not an answer; a response value or null (unanswered), as the core takes them.
AnswerIn = StrictInt | StrictFloat | None


class MeasurementIn(StrictInput):
    instrument: str = Field(description=f"One of: {', '.join(INSTRUMENTS)}")
    answers: list[AnswerIn] = Field(
        description="Item responses in item order, in the instrument's own values "
        "(HIT-6: 6, 8, 10, 11, 13); null for an unanswered item."
    )
    context: ContextName = "on_demand"
    activities: list[str] = Field(
        default_factory=list, description="PSFS only: the activity of each answer, in order."
    )
    administered_at: IsoDateTime | None = Field(
        default=None, description="When it was given (with time zone); default now."
    )


class MeasurementQuery(Schema):
    instrument: str | None = Field(default=None, description="Only this instrument's results.")


class RecorderOut(Schema):
    membership_id: int
    name: str


class MeasurementOut(Schema):
    id: int
    client_id: int
    instrument: str
    name: str
    answers: list[int | None]
    activities: list[str]
    score: float = Field(description="Unrounded (as stored, to 6 decimal places).")
    min: float
    max: float
    higher_is_better: bool
    unit: str
    band: str | None
    answered: int
    items: int
    context: ContextName
    administered_at: datetime
    recorded_by: RecorderOut


class SeriesPointOut(Schema):
    on: date
    score: float
    context: ContextName


class MeasureProgressOut(Schema):
    instrument: str
    name: str
    unit: str
    higher_is_better: bool
    baseline: float
    baseline_on: date
    latest: float
    latest_on: date
    latest_band: str | None
    change: float | None = Field(description="Latest minus baseline; null with one score.")
    mcid: float | None = Field(description="The clinically important change, in points.")
    mcid_target: float | None = Field(
        description="The score a clinically important improvement from the baseline reaches."
    )
    direction: Literal["improved", "unchanged", "worse"] | None = Field(
        description="The clinical core's judgement against the MCID; null with one score."
    )
    series: list[SeriesPointOut]


class ReassessmentOut(Schema):
    reasons: list[Literal["reassessment_due", "pain_worse"]]
    messages: list[str]
    primary: str = Field(description="The primary measure: the plan's first region-specific one.")
    sessions: int = Field(description="NPRS visit ratings since the plan in force was approved.")
    reassess_after: int | None
    suggestion: str


class ProgressOut(Schema):
    measures: list[MeasureProgressOut]
    reassessment: ReassessmentOut | None = Field(
        description="Present when the chart prompts a re-assessment."
    )
