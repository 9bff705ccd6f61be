from __future__ import annotations

from datetime import datetime
from typing import Any

from ninja import Field, Schema

from medmassage.audit.schemas import IntegrityOut
from medmassage.inputs import StrictInput


class RegionIn(StrictInput):
    region: str
    side: str = "both"


class TechniqueIn(StrictInput):
    technique: str
    regions: list[RegionIn]
    max_pressure: str
    minutes: int
    # A technique as the plan shows it may be sent back whole: these two are the core's, and
    # are ignored here (any other key is refused).
    rationale: str | None = Field(None, description="Ignored: the clinical core's rationale.")
    evidence: list[dict[str, Any]] | None = Field(None, description="Ignored: the core's evidence.")


class PlanChangesIn(StrictInput):
    """Only the parts given change. `techniques` is the whole new list of techniques."""

    techniques: list[TechniqueIn] | None = None
    goals: list[str] | None = None
    measures: list[str] | None = None
    home_care: list[str] | None = Field(None, description="Exercise ids from the knowledge base")
    sessions_per_week: int | None = None
    weeks: int | None = None
    reassess_after_sessions: int | None = None
    reasons: dict[str, str] = Field(
        default_factory=dict,
        description="A written reason per technique whose use goes against the draft.",
    )


class OverrideOut(Schema):
    kind: str
    technique: str
    finding: str
    reason: str
    message: str
    created_at: datetime


class PlanOut(Schema):
    integrity: IntegrityOut = Field(
        default_factory=lambda: IntegrityOut(ok=True),
        description="Whether an approved plan still matches its seal.",
    )
    id: int
    client_id: int
    version: int
    status: str
    decision: str
    previous_id: int | None
    intake_version: int
    created_at: datetime
    approved_at: datetime | None
    content: dict[str, Any] = Field(description="The plan in the shape of `medmassage plan`.")
    draft: dict[str, Any] = Field(description="The clinical core's suggestion, never edited.")
    overrides: list[OverrideOut]


class PlanSummaryOut(Schema):
    id: int
    version: int
    status: str
    decision: str
    created_at: datetime
    approved_at: datetime | None
