"""JSON shapes of discharges (fields documented in the OpenAPI schema)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Literal

from ninja import Field, Schema

from medmassage.audit.schemas import IntegrityOut
from medmassage.inputs import StrictInput


class MemberOut(Schema):
    membership_id: int
    name: str


class CloseIn(StrictInput):
    reason: Literal["goals_met", "plateau", "referral", "client_choice"]
    note: str = ""


class ScoreOut(Schema):
    score: str = Field(description="Exact, as stored (decimal string).")
    display: str
    on: date
    band: str | None = None


class DischargeMeasureOut(Schema):
    instrument: str
    name: str
    first: ScoreOut
    last: ScoreOut
    baseline: str
    change: str | None
    direction: Literal["improved", "unchanged", "worse"] | None


class DischargeOut(Schema):
    integrity: IntegrityOut = Field(
        default_factory=lambda: IntegrityOut(ok=True),
        description="Whether the summary still matches its seal.",
    )
    id: int
    plan_id: int
    client_id: int
    reason: str
    note: str
    measures: list[DischargeMeasureOut] = Field(description="First and last score per measure.")
    closed_by: MemberOut
    closed_at: datetime
