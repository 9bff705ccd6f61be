"""An intake document completed with what the clinic knows, then read and screened by the core.

The clinic's record wins over the document for age, sex and consent: the therapist cannot type
consent into an intake, it comes from the signed consent on file.
"""

from __future__ import annotations

import copy
import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.utils import timezone

from medmassage.accounts.models import Clinic
from medmassage.careteam.models import is_record_reference
from medmassage.careteam.queries import clearance_items
from medmassage.clients import queries as client_queries
from medmassage.clients.models import Client
from medmassage.clients.signatures import is_minor
from medmassage.clinical.intake import Intake, SchemaError, parse_intake
from medmassage.clinical.intake_schema import cached_schema
from medmassage.clinical.schema_check import validate
from medmassage.clinical.screening import Screening, screen
from medmassage.problems import invalid

Json = dict[str, Any]
# Client.sex values the intake format knows; "other" and "unknown" leave the document's own.
_SEXES = frozenset({"female", "male"})
_MAX_AGE = int(cached_schema("intake")["properties"]["age"]["maximum"])


@dataclass(frozen=True)
class CheckedIntake:
    """The completed document, what the core read from it, and its screening."""

    document: Json
    intake: Intake
    screening: Screening


def _schema_error(error: SchemaError) -> ValidationError:
    message = str(error).removeprefix(f"{error.path or '(document)'}: ")
    return invalid(error.path or "document", message)


def _visit_date(document: Json) -> dt.date:
    if "visit_date" not in document:
        return timezone.localdate()
    value = document["visit_date"]
    try:
        validate(value, cached_schema("intake")["properties"]["visit_date"], "visit_date")
    except SchemaError as error:
        raise _schema_error(error) from None
    return dt.date.fromisoformat(value)


def _age(born: dt.date, day: dt.date) -> int:
    return day.year - born.year - ((day.month, day.day) < (born.month, born.day))


def _consents(clinic: Clinic, client: Client, visit: dt.date, *, minor: bool) -> Json:
    current = client_queries.get_current_consent(clinic, client, on=visit)
    consents: Json = {"informed": current is not None}
    if minor:
        consents["guardian"] = current is not None and current.signed_by_guardian
    return consents


# Filled from the clinic's record whatever was sent; what was sent must still be valid.
_FILLED = ("date_of_birth", "age", "sex", "consents")


def _check_filled_parts(document: Json) -> None:
    properties = cached_schema("intake")["properties"]
    for name in _FILLED:
        if name in document and name in properties:
            try:
                validate(document[name], properties[name], name)
            except SchemaError as error:
                raise _schema_error(error) from None


def complete_document(document: object, *, clinic: Clinic, client: Client) -> Json:
    """The document with the visit date, age, sex and consents filled from the clinic's record."""
    if not isinstance(document, dict):
        raise invalid("document", "The intake document must be a JSON object.")
    completed = copy.deepcopy(document)
    _check_filled_parts(completed)
    visit = _visit_date(completed)
    if visit < client.date_of_birth:
        raise invalid("visit_date", "is before the client's date of birth")
    if _age(client.date_of_birth, visit) > _MAX_AGE:
        raise invalid("visit_date", f"is more than {_MAX_AGE} years after the client's birth")
    completed["visit_date"] = visit.isoformat()
    completed.pop("date_of_birth", None)  # the age at the visit is all the core needs
    completed["age"] = _age(client.date_of_birth, visit)
    if client.sex in _SEXES:
        completed["sex"] = client.sex
    minor = is_minor(client.date_of_birth, visit)
    completed["consents"] = _consents(clinic, client, visit, minor=minor)
    _clearances_on_file(completed, clinic, client, visit)
    return completed


def _clearances_on_file(completed: Json, clinic: Clinic, client: Client, visit: dt.date) -> None:
    """The clinic's clearance records win too: copies of records in the document are replaced
    by the records that speak for the client on the visit date (typed ones stay)."""
    typed = completed.get("clearances", [])
    if not isinstance(typed, list):
        return  # the schema names the field
    on_file = clearance_items(clinic, client, on=visit)
    kept = [item for item in typed if not is_record_reference(item)]
    if on_file or len(kept) != len(typed):
        completed["clearances"] = kept + on_file


def check_intake(document: object, *, clinic: Clinic, client: Client) -> CheckedIntake:
    """Complete, validate and screen a document; ValidationError names the field's JSON path."""
    completed = complete_document(document, clinic=clinic, client=client)
    try:
        intake = parse_intake(completed)
    except SchemaError as error:
        raise _schema_error(error) from None
    return CheckedIntake(completed, intake, screen(intake))
