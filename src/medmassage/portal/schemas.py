"""The shapes of the portal's JSON API: what a client sends and what they are shown."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any, Literal

from ninja import Field, Schema

from medmassage.inputs import IsoDate, IsoDateTime, StrictInput
from medmassage.outcomes.schemas import AnswerIn


class SignInIn(StrictInput):
    email: str = Field(max_length=254)
    password: str = Field("", max_length=200, description="The account's password, or…")
    code: str = Field("", max_length=10, description="…the code emailed a moment ago.")


class CodeRequestIn(StrictInput):
    email: str = Field(max_length=254)


class SignedInOut(Schema):
    token: str = Field(description="Send as `Authorization: Bearer …`; shown only now.")
    token_type: Literal["Bearer"] = "Bearer"  # noqa: S105 - the scheme, not a secret
    expires_at: datetime = Field(description="At the latest; unused for a while, it ends sooner.")


class TaskOut(Schema):
    name: Literal["intake", "consent", "questionnaire"]
    label: str


class PortalClinicOut(Schema):
    name: str
    phone: str
    time_zone: str


class PortalMeOut(Schema):
    given_name: str
    family_name: str
    email: str
    clinic: PortalClinicOut
    online_booking: bool
    cancel_notice_hours: int
    tasks: list[TaskOut]


class PortalAppointmentOut(Schema):
    id: int
    starts_at: datetime
    ends_at: datetime
    local_start: str = Field(description="The start in the clinic's time zone.")
    type_name: str
    therapist_name: str
    status: str
    may_cancel: bool = Field(description="Whether the clinic's notice still allows it online.")


class BookIn(StrictInput):
    type_id: int
    therapist_id: int
    starts_at: IsoDateTime = Field(description="One of the free starts from `availability`.")


class CancelIn(StrictInput):
    reason: str = Field("Cancelled online", max_length=500)


class FreeSlotQuery(Schema):
    type_id: int
    date: IsoDate = Field(description="A day in the clinic's time zone.")


class ExerciseOut(Schema):
    name: str
    dose: str
    instructions: str


class HomeLogOut(Schema):
    id: int
    done_on: date
    status: str
    pain_after: int | None


class PortalHomeProgramOut(Schema):
    version: int
    exercises: list[ExerciseOut]
    logs: list[HomeLogOut] = Field(description="The client's latest notes, newest first.")


class HomeLogIn(StrictInput):
    status: Literal["done", "partly", "not_done"]
    pain_after: int | None = Field(None, ge=0, le=10, description="Pain afterwards, 0-10.")
    done_on: IsoDate | None = Field(None, description="Default: today in the clinic's zone.")


class PortalQuestionnaireItemOut(Schema):
    number: int
    label: str
    answers: list[int] = Field(description="The values the item takes.")


class PortalQuestionnaireOut(Schema):
    instrument: str | None = Field(description="The questionnaire due now; null when none is.")
    name: str = ""
    items: list[PortalQuestionnaireItemOut] = Field(default_factory=list)


class PortalQuestionnaireIn(StrictInput):
    instrument: str = Field(description="The questionnaire due now (from GET).")
    answers: list[AnswerIn] = Field(description="In item order; null for an unanswered item.")
    activities: list[str] = Field(default_factory=list, description="PSFS only.")


class ReceivedOut(Schema):
    received_at: datetime
    detail: str


class ConsentTextOut(Schema):
    version: str
    title: str
    body: str
    topics: list[str]


class PortalConsentOut(Schema):
    signed: bool
    signed_at: datetime | None
    text: ConsentTextOut


class PortalIntakeOut(Schema):
    may_fill_in: bool = Field(description="Before the first visit, until it is reviewed.")
    sent_at: datetime | None
    document: dict[str, Any] | None = Field(description="The client's part of what they sent.")


class DocumentOut(Schema):
    kind: Literal["home_program", "receipt", "superbill", "discharge_summary"]
    title: str
    url: str
