"""The intake document (format "medmassage.intake", version 1) parsed into frozen dataclasses."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from typing import Any

from medmassage.clinical.body import RegionRef
from medmassage.clinical.intake_history import History, parse_history
from medmassage.clinical.intake_model import Clearance, Complaint, Intake, Medication
from medmassage.clinical.intake_schema import cached_schema
from medmassage.clinical.intake_text import apply_text_hits, document_text_hits, unstated_details
from medmassage.clinical.knowledge import knowledge
from medmassage.clinical.schema_check import SchemaError, join, validate
from medmassage.clinical.vocabulary import Pressure, Side

__all__ = [
    "Clearance",
    "Complaint",
    "History",
    "Intake",
    "Medication",
    "SchemaError",
    "parse_intake",
]


def _today() -> dt.date:
    # Only when neither the document nor the caller gives the visit date (the CLI's case).
    return dt.datetime.now(dt.UTC).date()


def _date(value: str | None) -> dt.date | None:
    return None if value is None else dt.date.fromisoformat(value)


def _age(document: dict[str, Any], visit: dt.date) -> int:
    if "date_of_birth" not in document:
        return int(document["age"])
    born = dt.date.fromisoformat(document["date_of_birth"])
    if born > visit:
        raise SchemaError("date_of_birth", "is after the visit date")
    return visit.year - born.year - ((visit.month, visit.day) < (born.month, born.day))


def _complaint(data: dict[str, Any], path: str, visit: dt.date) -> Complaint:
    kb = knowledge()
    condition = data.get("condition")
    if condition is None and "icd10" in data:
        condition = kb.condition_for_code(data["icd10"])
    if condition is None and "region" in data:
        condition = kb.region_conditions.get(data["region"])
    onset = _date(data.get("onset"))
    if onset is not None and onset > visit:
        raise SchemaError(join(path, "onset"), "is after the visit date")
    return Complaint(
        region=data.get("region"),
        side=Side(data.get("side", "both")),
        icd10=data.get("icd10"),
        description=data.get("description"),
        condition=condition,
        onset=onset,
        pain=data.get("pain"),
        eases=tuple(data.get("eases", ())),
        aggravates=tuple(data.get("aggravates", ())),
    )


def _medication(data: str | dict[str, Any]) -> Medication:
    if isinstance(data, str):
        data = {"name": data}
    name = data.get("name")
    classes = set(knowledge().drug_index.get(name.strip().casefold(), ())) if name else set()
    if "class" in data:
        classes.add(data["class"])
    return Medication(name=name, classes=frozenset(classes), long_term=data.get("long_term"))


def _clearances(items: list[dict[str, Any]], visit: dt.date) -> tuple[Clearance, ...]:
    clearances = []
    for index, item in enumerate(items):
        date = dt.date.fromisoformat(item["date"])
        if date > visit:
            raise SchemaError(join(join("clearances", index), "date"), "is after the visit date")
        until = _date(item.get("until"))
        if until is not None and until < date:
            raise SchemaError(join(join("clearances", index), "until"), "is before its date")
        covers = frozenset(item.get("covers", ()))
        cap = item.get("max_pressure")
        clearances.append(
            Clearance(
                item.get("from", "physician"),
                covers,
                date,
                None if cap is None else Pressure(cap),
                frozenset(item.get("exclude", ())),
                until=until,
                avoid=tuple(RegionRef.from_json(ref) for ref in item.get("avoid_regions", ())),
                standing=bool(item.get("standing", False)),
                reference=item.get("reference"),
            )
        )
    return tuple(clearances)


def parse_intake(document: object, *, today: dt.date | None = None) -> Intake:
    """Validate an intake document against its schema and build the Intake (raises SchemaError)."""
    if isinstance(document, dict) and not {"age", "date_of_birth"} & document.keys():
        raise SchemaError("age", "age or date_of_birth is required")
    validate(document, cached_schema("intake"))
    assert isinstance(document, dict)  # validate() proved it is an object
    visit = _date(document.get("visit_date")) or today or _today()
    answers = document.get("red_flags", {})
    vitals = document.get("vitals", {})
    substances = document.get("substance_use_today", {})
    consents = document.get("consents", {})
    pregnancy = document.get("pregnancy")
    intake = Intake(
        visit_date=visit,
        age=_age(document, visit),
        sex=document.get("sex"),
        pregnant=pregnancy is not None,
        pregnancy_weeks=None if pregnancy is None else pregnancy.get("weeks"),
        complaints=tuple(
            _complaint(item, join("complaints", index), visit)
            for index, item in enumerate(document.get("complaints", ()))
        ),
        history=parse_history(document.get("history", {}), visit),
        medications=tuple(_medication(item) for item in document.get("medications", ())),
        temperature_c=vitals.get("temperature_c"),
        systolic=vitals.get("systolic"),
        diastolic=vitals.get("diastolic"),
        positive_answers=frozenset(key for key, value in answers.items() if value is True),
        unknown_answers=frozenset(key for key, value in answers.items() if value == "unknown"),
        alcohol_today=substances.get("alcohol", False),
        drugs_today=substances.get("drugs", False),
        goals=tuple(document.get("goals", ())),
        informed_consent=consents.get("informed"),
        guardian_consent=consents.get("guardian"),
        clearances=_clearances(document.get("clearances", []), visit),
    )
    intake = apply_text_hits(intake, document_text_hits(document, intake), document)
    return replace(intake, unstated=unstated_details(intake))
