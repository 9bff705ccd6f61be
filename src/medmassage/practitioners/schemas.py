"""JSON shapes of the practitioners API."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from ninja import Field, Schema
from pydantic import ConfigDict

from medmassage.inputs import IsoDate, StrictInput


class _Input(StrictInput):
    model_config = ConfigDict(str_strip_whitespace=True, extra="forbid")


class RegisterIn(_Input):
    user_id: int = Field(description="An owner or therapist of the clinic.")


class LicenceIn(_Input):
    jurisdiction: str
    number: str
    issued_on: IsoDate | None = None
    expires_on: IsoDate
    renewal_period_start: date | None = Field(
        None, description="CE hours count from here to the expiry (the issue date if null)."
    )
    ce_hours_required: Decimal = Field(Decimal(0), description="CE hours per renewal period.")


class CertificationIn(_Input):
    name: str
    issuer: str
    credentials: list[str] = Field(
        description="Credential ids it grants: lymphatic_drainage, craniosacral, "
        "joint_mobilization, intraoral_jaw."
    )
    issued_on: IsoDate
    expires_on: date | None = Field(None, description="Null if it does not expire.")


class EducationIn(_Input):
    course: str
    provider: str = ""
    hours: Decimal
    completed_on: IsoDate


class CredentialRuleIn(_Input):
    technique: str = Field(description="A technique id, or intraoral_jaw.")
    credential: str = Field("", description='The credential required, or "" for none.')
    source: str = Field(description="Where the rule comes from.")


class WarningOut(Schema):
    kind: str = Field(description="licence, certification or continuing_education")
    label: str
    expires_on: date
    days_left: int
    message: str


class LicenceStatusOut(Schema):
    state: str = Field(description="active, expiring, expired, not_yet_valid or missing")
    jurisdiction: str | None
    number: str | None
    expires_on: date | None


class PractitionerOut(Schema):
    id: int
    user_id: int
    name: str
    licence: LicenceStatusOut
    blocked: bool = Field(description="An expired or missing licence blocks planning and notes.")
    block_reason: str
    warnings: list[WarningOut] | None = Field(
        description="Anything expiring within 60 days; null when your role sees status only."
    )


class LicenceOut(Schema):
    id: int
    jurisdiction: str
    number: str
    issued_on: date | None
    expires_on: date
    renewal_period_start: IsoDate | None
    ce_hours_required: Decimal
    state: str


class CertificationOut(Schema):
    id: int
    name: str
    issuer: str
    credentials: list[str]
    issued_on: IsoDate
    expires_on: date | None
    state: str


class EducationOut(Schema):
    id: int
    course: str
    provider: str
    hours: Decimal
    completed_on: IsoDate


class EducationProgressOut(Schema):
    period_start: IsoDate | None
    period_end: date
    hours_required: Decimal
    hours_done: Decimal
    hours_needed: Decimal


class RestrictedTechniqueOut(Schema):
    technique: str
    credential: str = Field(description="The credential the clinic requires and they lack.")


class PractitionerDetailOut(PractitionerOut):
    """Lists are null when your role sees names and licence status only."""

    licences: list[LicenceOut] | None
    certifications: list[CertificationOut] | None
    education: list[EducationOut] | None
    continuing_education: EducationProgressOut | None
    held_credentials: list[str] | None
    restricted_techniques: list[RestrictedTechniqueOut] | None


class CredentialRuleOut(Schema):
    technique: str
    credential: str = Field(description='"" when no credential beyond the licence is needed.')
    source: str
