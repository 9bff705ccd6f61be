"""Rows of the apps as FHIR R4 resources, built as plain dicts (validated in the tests)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

Json = dict[str, Any]


def ref(resource_type: str, resource_id: object, display: str | None = None) -> Json:
    """A relative Reference."""
    found: Json = {"reference": f"{resource_type}/{resource_id}"}
    if display:
        found["display"] = display
    return found


def instant(value: dt.datetime | None) -> str | None:
    """A FHIR instant/dateTime (always with its offset; stored times are aware)."""
    return None if value is None else value.isoformat()


def day(value: dt.date | None) -> str | None:
    return None if value is None else value.isoformat()


def decimal(value: Decimal | float | int) -> float | int:
    """A JSON number: whole values as integers, others unrounded (to the stored places)."""
    exact = Decimal(value)
    return int(exact) if exact == exact.to_integral_value() else float(exact)


def compact(resource: Json) -> Json:
    """Leave out what is empty: FHIR forbids empty strings, lists and objects."""
    return {key: value for key, value in resource.items() if value not in (None, "", [], {})}
