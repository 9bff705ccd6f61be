"""API schemas of intakes (documented in the OpenAPI schema)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any, Literal

from ninja import Field, Schema

from medmassage.clinical.intake_schema import schema_for
from medmassage.inputs import StrictInput

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


class TextHitOut(Schema):
    field: str = Field(description="JSON path of the free text, e.g. complaints[0].description.")
    text: str = Field(description="The words as written.")
    term: str
    target: str = Field(description="The structured question the words map to.")
    prompt: str = Field(description="What to ask the client.")
    answer: bool | None
    recorded: bool = Field(description="True when the structured answer is already yes.")
    unanswered: bool
    counts_as_yes: bool = Field(description="Unanswered or answered yes: screened as a yes.")


class ScreeningOut(Schema):
    decision: DecisionCode
    findings: list[FindingOut] = Field(description="Most severe first.")
    text_hits: list[TextHitOut] = Field(
        default_factory=list,
        description="Free-text words that may report a red flag; unanswered ones count as yes "
        "and stop a plan's approval: answer them with POST intakes/{id}/prompt-answers.",
    )


class PromptAnswerIn(StrictInput):
    target: str
    field: str
    answer: bool = Field(description="What the client said: true (yes) or false (no).")
    note: str = ""


class PromptAnswersIn(StrictInput):
    answers: list[PromptAnswerIn]


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
