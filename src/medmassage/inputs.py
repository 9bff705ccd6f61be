"""What an API request body may be: a JSON object with only the documented keys, null only
where null means something, dates only as YYYY-MM-DD. Anything else is a 422 naming the field.

Every input schema of the API derives from `StrictInput` (a test walks the OpenAPI document to
hold it): a list where an object belongs, an unknown key, `null` in a text field or `dob=0`
never reach a service.
"""

from __future__ import annotations

import re
from datetime import date, datetime
from typing import Annotated, Any, ClassVar

from ninja import Schema
from pydantic import BeforeValidator, ConfigDict, ValidationInfo, field_validator

_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def _iso_date(value: object) -> object:
    if isinstance(value, date):
        return value
    if not isinstance(value, str) or not _ISO_DATE.match(value):
        raise ValueError("a date is written YYYY-MM-DD")
    return value


# A date given as text in ISO form (pydantic would otherwise read 0 as 1970-01-01).
IsoDate = Annotated[date, BeforeValidator(_iso_date)]


def _iso_datetime(value: object) -> object:
    if isinstance(value, datetime):
        return value
    if not isinstance(value, str) or not _ISO_DATE.match(value[:10]):
        raise ValueError("a time is written YYYY-MM-DDTHH:MM[:SS][+HH:MM]")
    return value


# A date and time given as ISO text (never a number of seconds).
IsoDateTime = Annotated[datetime, BeforeValidator(_iso_datetime)]


class StrictInput(Schema):
    """A request body: no unknown keys. Null where the type allows it, unless NULLABLE lists
    the only fields where null means something (a patch whose optional fields mean "leave as
    is" when left out must not read null as a value)."""

    model_config = ConfigDict(extra="forbid")
    NULLABLE: ClassVar[frozenset[str] | None] = None

    @field_validator("*", mode="before")
    @classmethod
    def _no_null(cls, value: Any, info: ValidationInfo) -> Any:
        if cls.NULLABLE is None:
            return value
        if value is None and info.field_name not in cls.NULLABLE:
            raise ValueError("may not be null: leave the field out instead")
        return value
