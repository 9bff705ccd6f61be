"""JSON shapes of the directory (fields documented in the OpenAPI schema)."""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from ninja import Field

from medmassage.inputs import StrictInput

ProfessionId = Literal[
    "physician",
    "surgeon",
    "nurse_practitioner",
    "physical_therapist",
    "chiropractor",
    "osteopath",
    "massage_therapist",
    "psychologist",
    "other",
]


class ProviderIn(StrictInput):
    name: str
    profession: ProfessionId
    organisation: str = ""
    npi: str = Field("", description="10 digits; the check digit is verified (Luhn, 80840).")
    phone: str = ""
    fax: str = ""
    secure_email: str = ""
    address: str = ""
    is_active: bool = True


class ProviderPatch(StrictInput):
    """Only the fields sent change; null is refused (leave a field out to keep it)."""

    NULLABLE = frozenset()
    name: str | None = None
    profession: ProfessionId | None = None
    organisation: str | None = None
    npi: str | None = None
    phone: str | None = None
    fax: str | None = None
    secure_email: str | None = None
    address: str | None = None
    is_active: bool | None = None


class ProviderOut(ProviderIn):
    id: int
    created_at: datetime
