"""JSON shapes of referrals and clearances (fields documented in the OpenAPI schema).

FHIR mapping (for the FHIR R4 adapter): a referral is a ServiceRequest with `status`
(drafted -> draft; signed, sent, active -> active; answered, closed -> completed; cancelled ->
revoked), `intent`, `priority` (routine, urgent, emergency -> stat), `reason_codes` (ICD-10-CM,
system http://hl7.org/fhir/sid/icd-10-cm), requester and performer by direction.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Literal

from ninja import Field, Schema

from medmassage.audit.schemas import IntegrityOut
from medmassage.inputs import StrictInput

SentViaId = Literal["fax", "secure_email", "post", "by_hand"]


class ReasonCode(Schema):
    code: str
    display: str


class ReferralIn(StrictInput):
    client_id: int
    direction: Literal["out", "in"] = Field(
        description="out: a letter drafted from the record; in: a provider's referral."
    )
    provider_id: int | None = None
    diagnoses: list[str] = Field(default_factory=list, description="ICD-10-CM codes (in).")
    reason: str = ""
    precautions: str = ""
    visits_authorised: int | None = None
    frequency: str = ""
    valid_from: date | None = None
    expires_on: date | None = None


class ReferralPatch(StrictInput):
    """Edit a drafted letter, or move it on: `status` signed (signs), sent (with `sent_via`)."""

    provider_id: int | None = None
    urgency: Literal["routine", "urgent", "emergency"] | None = None
    reason: str | None = None
    question: str | None = None
    done: str | None = None
    not_done: str | None = None
    client_told: str | None = None
    status: Literal["signed", "sent"] | None = None
    sent_via: SentViaId | None = None


class ReferralOut(Schema):
    integrity: IntegrityOut = Field(
        default_factory=lambda: IntegrityOut(ok=True),
        description="Whether a signed letter still matches its seal (drafts: always ok).",
    )
    id: int
    client_id: int
    direction: str
    status: str = Field(description="As stored: drafted, signed, sent, answered, active, ...")
    shown_status: str = Field(description="The status with `overdue` once an answer is late.")
    intent: str
    urgency: str
    provider_id: int | None
    therapist_id: int
    reason_codes: list[ReasonCode]
    reason: str
    decision: str
    intake_id: int | None
    findings: list[dict[str, object]]
    question: str
    done: str
    not_done: str
    client_told: str
    created_at: datetime
    signed_at: datetime | None
    sent_at: datetime | None
    sent_via: str
    expected_answer_by: date | None
    answered_at: datetime | None
    answer_clearance_id: int | None
    letter_sha256: str
    precautions: str
    visits_authorised: int | None
    visits_used: int | None
    frequency: str
    valid_from: date | None
    expires_on: date | None


class ClearanceOut(Schema):
    id: int
    client_id: int
    provider_id: int | None
    from_name: str
    outcome: Literal["cleared", "cleared_with_limits", "not_cleared"]
    covers: list[str]
    issued_on: date
    valid_until: date | None
    max_pressure: str
    avoid_regions: list[dict[str, str]]
    exclude_techniques: list[str]
    notes: str
    document_type: str
    document_size: int
    document_sha256: str
    document_url: str = Field(description="Download (clinical roles; audited).")
    recorded_at: datetime
