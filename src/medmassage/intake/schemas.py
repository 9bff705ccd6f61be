"""API schemas of intakes (documented in the OpenAPI schema)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any, Literal

from ninja import Field, Schema

from medmassage.clinical.intake_schema import schema_for

DecisionCode = Literal[
    "proceed", "modify", "postpone", "clearance", "refer_urgent", "refer_emergency"
]


def intake_document_schema() -> dict[str, Any]:
    """The intake document's JSON Schema as the request body of POST …/intakes."""
    schema = schema_for("intake")
    for key in ("$schema", "$id"):
        schema.pop(key, None)
    schema["description"] = (
        "The intake document (medmassage.intake, version 1). The clinic fills in what it knows: "
        "visit_date (today if omitted), age (from the client's date of birth), sex (when "
        "recorded) and consents (from the consent on file) replace what the document says."
    )
    return schema


class Member(Schema):
    membership_id: int
    name: str


class Place(Schema):
    region: str
    side: Literal["left", "right", "both"]


class FindingOut(Schema):
    code: str
    kind: Literal["red_flag", "contraindication", "precaution", "scope", "consent"]
    scope: Literal["systemic", "local"]
    regions: list[Place]
    action: str
    rationale: str
    sources: list[str]
    decision: DecisionCode
    overridable: bool
    policy: bool = Field(description="True when the rule is this project's policy, not a source's.")


class ScreeningOut(Schema):
    decision: DecisionCode
    findings: list[FindingOut] = Field(description="Most severe first.")


class IntakeVersionOut(Schema):
    id: int
    client_id: int
    version: int
    visit_date: date
    recorded_at: datetime
    recorded_by: Member
    decision: DecisionCode


class IntakeOut(IntakeVersionOut):
    document: dict[str, Any] = Field(description="The intake document as stored and screened.")
    screening: ScreeningOut
