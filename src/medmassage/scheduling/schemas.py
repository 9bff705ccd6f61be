from __future__ import annotations

from datetime import datetime
from decimal import Decimal

from ninja import Field, Schema

from medmassage.inputs import IsoDate, StrictInput


class AppointmentIn(StrictInput):
    client_id: int
    therapist_id: int = Field(description="The therapist's membership id.")
    type_id: int
    starts_at: datetime = Field(
        description="An instant with its offset, e.g. 2026-03-09T10:00-04:00."
    )
    room_id: int | None = None


class AppointmentPatch(StrictInput):
    """Move (starts_at, therapist_id, room_id) or change status: cancelled (with reason),
    no_show, arrived."""

    starts_at: datetime | None = None
    therapist_id: int | None = None
    room_id: int | None = None
    status: str | None = Field(None, description="cancelled, no_show or arrived")
    reason: str = ""


class AppointmentOut(Schema):
    id: int
    client_id: int
    client_name: str
    therapist_id: int
    therapist_name: str
    type_id: int
    type_name: str
    room_id: int | None
    starts_at: datetime
    ends_at: datetime
    local_start: str = Field(description="The start on the clinic's clock, ISO with offset.")
    status: str
    source: str
    visit_id: int | None
    cancel_reason: str


class AvailabilityQuery(Schema):
    date: IsoDate
    type_id: int
    therapist_id: int | None = None


class SlotOut(Schema):
    therapist_id: int
    therapist_name: str
    starts_at: datetime
    ends_at: datetime
    local_start: str


class AppointmentTypeOut(Schema):
    id: int
    name: str
    minutes: int
    price: Decimal
