"""The practitioner document (format "medmassage.practitioner"): credentials and licence."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from medmassage.clinical.intake_schema import cached_schema
from medmassage.clinical.schema_check import validate


@dataclass(frozen=True)
class Practitioner:
    """Who treats: extra credentials held, jurisdiction and licence."""

    name: str | None = None
    credentials: frozenset[str] = frozenset()
    jurisdiction: str | None = None
    licence_number: str | None = None
    licence_type: str | None = None
    licence_expires: dt.date | None = None

    def licence_valid_on(self, day: dt.date) -> bool:
        """Whether the licence (if its expiry is known) is still valid on `day`."""
        return self.licence_expires is None or day <= self.licence_expires


# The default practitioner: a licensed massage therapist with no extra credentials.
LICENSED_MASSAGE_THERAPIST = Practitioner(name="Licensed massage therapist")


def parse_practitioner(document: object) -> Practitioner:
    """Validate a practitioner document and build the Practitioner (raises SchemaError)."""
    validate(document, cached_schema("practitioner"))
    assert isinstance(document, dict)  # validate() proved it is an object
    licence = document.get("licence", {})
    expires = licence.get("expires")
    return Practitioner(
        name=document.get("name"),
        credentials=frozenset(document.get("credentials", ())),
        jurisdiction=document.get("jurisdiction"),
        licence_number=licence.get("number"),
        licence_type=licence.get("type"),
        licence_expires=None if expires is None else dt.date.fromisoformat(expires),
    )
