"""API schemas of client records and consents (documented in the OpenAPI schema)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Literal

from ninja import Field, Schema
from pydantic import StrictBool

from medmassage.clients.consents import ConsentDetails
from medmassage.inputs import IsoDate, StrictInput

SexCode = Literal["female", "male", "other", "unknown"]
TopicCode = Literal[
    "techniques",
    "risk_soreness",
    "risk_bruising",
    "draping",
    "right_to_stop",
    "feedback",
    "alternatives",
    "confidentiality",
]
SignatureMethodCode = Literal["typed", "drawn"]


class ClientFields(StrictInput):
    """Identity, contact, emergency contact, referring provider and assignment."""

    NULLABLE = frozenset({"primary_therapist_id"})

    preferred_name: str = Field("", max_length=100)
    sex: SexCode = Field("unknown", description="Sex as recorded for clinical purposes.")
    phone: str = Field("", max_length=40, description="6 to 15 digits; +, spaces, dashes allowed.")
    email: str = Field("", max_length=254)
    address: str = Field("", max_length=500)
    emergency_contact_name: str = Field("", max_length=200)
    emergency_contact_relationship: str = Field("", max_length=100)
    emergency_contact_phone: str = Field("", max_length=40)
    referrer_name: str = Field("", max_length=200, description="Referring provider's name.")
    referrer_profession: str = Field("", max_length=100)
    referrer_organisation: str = Field("", max_length=200)
    referrer_phone: str = Field("", max_length=40)
    referrer_email: str = Field("", max_length=254)
    primary_therapist_id: int | None = Field(
        None, description="Membership id of an active therapist of the clinic."
    )
    is_active: StrictBool = True


class ClientIn(ClientFields):
    given_name: str = Field(..., min_length=1, max_length=100, pattern=r"\S")
    family_name: str = Field(..., min_length=1, max_length=100, pattern=r"\S")
    date_of_birth: IsoDate


class ClientPatch(StrictInput):
    """Only the fields sent are changed; null only unassigns the primary therapist."""

    NULLABLE = frozenset({"primary_therapist_id"})

    given_name: str | None = Field(None, min_length=1, max_length=100, pattern=r"\S")
    family_name: str | None = Field(None, min_length=1, max_length=100, pattern=r"\S")
    preferred_name: str | None = Field(None, max_length=100)
    date_of_birth: IsoDate | None = None
    sex: SexCode | None = None
    phone: str | None = Field(None, max_length=40)
    email: str | None = Field(None, max_length=254)
    address: str | None = Field(None, max_length=500)
    emergency_contact_name: str | None = Field(None, max_length=200)
    emergency_contact_relationship: str | None = Field(None, max_length=100)
    emergency_contact_phone: str | None = Field(None, max_length=40)
    referrer_name: str | None = Field(None, max_length=200)
    referrer_profession: str | None = Field(None, max_length=100)
    referrer_organisation: str | None = Field(None, max_length=200)
    referrer_phone: str | None = Field(None, max_length=40)
    referrer_email: str | None = Field(None, max_length=254)
    primary_therapist_id: int | None = Field(None, description="null unassigns the therapist.")
    is_active: StrictBool | None = None


class MemberRef(Schema):
    membership_id: int
    name: str


class ClientOut(Schema):
    """What every role may see: identity, contact and referral, nothing clinical."""

    id: int
    given_name: str
    family_name: str
    preferred_name: str
    date_of_birth: date
    sex: SexCode
    phone: str
    email: str
    address: str
    emergency_contact_name: str
    emergency_contact_relationship: str
    emergency_contact_phone: str
    referrer_name: str
    referrer_profession: str
    referrer_organisation: str
    referrer_phone: str
    referrer_email: str
    primary_therapist: MemberRef | None
    is_active: bool
    created_at: datetime
    updated_at: datetime


class ConsentStatusOut(Schema):
    current: bool = Field(..., description="Whether treatment may be planned, as far as consent.")
    consent_id: int | None = None
    signed_at: datetime | None = None
    template_version: str | None = None


class ClientChartOut(ClientOut):
    """The client with clinical content, for roles allowed it (not front desk)."""

    consent: ConsentStatusOut


class ClientPage(Schema):
    count: int = Field(..., description="Clients matching, over all pages.")
    page: int
    pages: int
    page_size: int
    items: list[ClientOut]


class ClientQuery(Schema):
    q: str = Field("", max_length=100, description="Beginnings of names: 'ada lov'.")
    dob: IsoDate | None = Field(None, description="Exact date of birth (YYYY-MM-DD).")
    phone: str = Field(
        "", max_length=40, description="The end of the number: its last digits or more."
    )
    page: int = Field(1, ge=1)
    page_size: int = Field(25, ge=1, le=100)


class ClientSearchIn(StrictInput):
    """The same search as the query parameters of GET /clients, in a body: terms that name a
    person stay out of URLs (and so out of access logs)."""

    q: str = Field("", max_length=100, description="Beginnings of names: 'ada lov'.")
    dob: IsoDate | None = Field(None, description="Exact date of birth (YYYY-MM-DD).")
    phone: str = Field("", max_length=40, description="The end of the number.")
    page: int = Field(1, ge=1, le=1_000_000)
    page_size: int = Field(25, ge=1, le=100)


class ConsentIn(StrictInput):
    NULLABLE = frozenset({"template_version"})

    template_version: str | None = Field(
        None, description="Version of the consent text shown to the client; default: current."
    )
    topics: list[TopicCode] = Field(..., description="What the therapist explained.")
    notes: str = Field("", max_length=2000)
    guardian_name: str = Field(
        "", max_length=200, description="Required when the client is under 18 (project policy)."
    )
    guardian_relationship: str = Field("", max_length=100)
    signature_method: SignatureMethodCode
    signature: str = Field(
        ...,
        description=(
            "typed: the signer's full name (the client's, or the guardian's); "
            "drawn: SVG path data in a 600x200 box, or a PNG data URL."
        ),
    )

    def details(self) -> ConsentDetails:
        """What the consent service needs (the same for staff and for a client in the portal)."""
        return ConsentDetails(
            topics=tuple(self.topics),
            signature_method=self.signature_method,
            signature=self.signature,
            guardian_name=self.guardian_name,
            guardian_relationship=self.guardian_relationship,
            notes=self.notes,
            template_version=self.template_version,
        )


class TemplateRef(Schema):
    version: str
    title: str


class ConsentOut(Schema):
    id: int
    client_id: int
    template: TemplateRef
    topics: list[str]
    notes: str
    obtained_by: MemberRef | None = Field(description="None when signed in the portal.")
    source: str = Field(description="staff, or portal (signed by the client online)")
    reviewed_at: datetime | None
    signed_at: datetime
    signature_method: SignatureMethodCode
    signature: str
    signed_by_guardian: bool
    guardian_name: str
    guardian_relationship: str
    minor_at_signing: bool
    is_current: bool
    revoked_at: datetime | None
    revoked_by: MemberRef | None
    revocation_reason: str


class RevokeIn(StrictInput):
    reason: str = Field(..., max_length=2000, description="Why the consent is revoked.")
