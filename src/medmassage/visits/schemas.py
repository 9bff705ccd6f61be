from __future__ import annotations

from datetime import datetime
from typing import Any

from ninja import Field, Schema

from medmassage.audit.schemas import IntegrityOut
from medmassage.inputs import StrictInput


class CheckInIn(StrictInput):
    """Today's answers; the latest intake is re-screened with them before the note opens."""

    temperature_c: float | None = None
    systolic: int | None = None
    diastolic: int | None = None
    new_medications: list[str] = Field(default_factory=list)
    red_flags: dict[str, Any] = Field(default_factory=dict, description="As in the intake.")
    new_symptoms: str = ""


class TreatmentIn(StrictInput):
    technique: str
    region: str
    side: str = "both"
    minutes: int
    pressure: str


class NoteIn(StrictInput):
    """Only the fields given change; `treatments` is the whole list of treatment given."""

    pain_today: int | None = Field(None, description="NPRS 0-10")
    changes_since_last: str | None = None
    home_care_adherence: str | None = None
    objective: str | None = None
    assessment: str | None = None
    plan_notes: str | None = None
    treatments: list[TreatmentIn] | None = None
    reasons: dict[str, str] = Field(
        default_factory=dict,
        description="A written reason per technique given against a finding or cap.",
    )


class FeedbackIn(StrictInput):
    kind: str
    region: str = ""
    adjustment: str = "none"
    note: str = ""


class AdverseEventIn(StrictInput):
    kind: str
    severity: str
    description: str = ""
    follow_up: str = ""


class AdverseEventReviewIn(StrictInput):
    note: str = ""


class AddendumIn(StrictInput):
    reason: str
    text: str


class AddendumOut(Schema):
    id: int
    author: str
    created_at: datetime
    reason: str
    text: str


class VisitSummaryOut(Schema):
    id: int
    status: str
    decision: str
    started_at: datetime
    signed_at: datetime | None
    therapist: str


class VisitOut(VisitSummaryOut):
    integrity: IntegrityOut = Field(
        default_factory=lambda: IntegrityOut(ok=True),
        description="Whether a signed note and its addenda still match their seals.",
    )
    client_id: int
    plan_id: int
    check_in: dict[str, Any]
    screening: dict[str, Any]
    referral: dict[str, Any] | None
    pressure_cap: str
    pressure_cap_reason: str
    pain_today: int | None
    changes_since_last: str
    home_care_adherence: str
    objective: str
    assessment: str
    plan_notes: str
    treatments: list[dict[str, Any]]
    feedback: list[dict[str, Any]]
    overrides: list[dict[str, Any]]
    adverse_events: list[dict[str, Any]]
    billing: dict[str, Any] = Field(description="Units by the 8-minute rule, per CPT code.")
    addenda: list[AddendumOut]
