"""JSON shapes of outcome measurements (fields documented in the OpenAPI schema)."""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from ninja import Field, Schema
from pydantic import StrictFloat, StrictInt

from medmassage.clinical.vocabulary import INSTRUMENTS

ContextName = Literal["baseline", "reassessment", "visit", "on_demand"]
# Strict: "3" is not an answer; a response value or null (unanswered), as the core takes them.
AnswerIn = StrictInt | StrictFloat | None


class MeasurementIn(Schema):
    instrument: str = Field(description=f"One of: {', '.join(INSTRUMENTS)}")
    answers: list[AnswerIn] = Field(
        description="Item responses in item order, in the instrument's own values "
        "(HIT-6: 6, 8, 10, 11, 13); null for an unanswered item."
    )
    context: ContextName = "on_demand"
    activities: list[str] = Field(
        default_factory=list, description="PSFS only: the activity of each answer, in order."
    )
    administered_at: datetime | None = Field(
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
    assessment_id: int | None
