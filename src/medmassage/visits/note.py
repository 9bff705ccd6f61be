"""Reading a note's fields and treatment rows from plain data; ValidationError names the field."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from medmassage.clinical.knowledge import knowledge
from medmassage.clinical.vocabulary import REGIONS, TECHNIQUES, Pressure, Side
from medmassage.problems import FieldErrors
from medmassage.visits.models import Adherence, Adjustment, AdverseKind, FeedbackKind, Severity

Json = dict[str, Any]
TEXT_FIELDS = ("changes_since_last", "objective", "assessment", "plan_notes")
MAX_MINUTES = 120


@dataclass(frozen=True)
class NoteChanges:
    """Only the fields given change; `treatments` is the whole list of treatment given."""

    fields: Json = field(default_factory=dict)
    treatments: tuple[Json, ...] | None = None
    reasons: dict[str, str] = field(default_factory=dict)


def read_note(data: Json) -> NoteChanges:
    """Check a note's data and return the changes; every bad field is named at once."""
    errors = FieldErrors()
    fields: Json = {}
    for name in TEXT_FIELDS:
        if name in data and data[name] is not None:
            if not isinstance(data[name], str):
                errors.add(name, "must be text")
            fields[name] = str(data[name]).strip()
    if "pain_today" in data:
        fields["pain_today"] = _pain(data["pain_today"], errors)
    if data.get("home_care_adherence") is not None:
        if data["home_care_adherence"] not in Adherence.values:
            errors.add("home_care_adherence", f"must be one of {', '.join(Adherence.values)}")
        fields["home_care_adherence"] = data["home_care_adherence"]
    treatments = None
    if data.get("treatments") is not None:
        treatments = tuple(_row(i, row, errors) for i, row in enumerate(data["treatments"]))
    errors.raise_any()
    reasons = {str(k): str(v) for k, v in (data.get("reasons") or {}).items() if v}
    return NoteChanges(fields, treatments, reasons)


def _pain(value: object, errors: FieldErrors) -> int | None:
    if value in (None, ""):
        return None
    try:
        pain = int(str(value))
    except ValueError:
        pain = -1
    if not 0 <= pain <= 10:
        errors.add("pain_today", "must be a whole number from 0 to 10 (NPRS)")
    return pain


def _row(index: int, row: Json, errors: FieldErrors) -> Json:
    where = f"treatments[{index}]"
    checks = {
        "technique": (TECHNIQUES, "a known technique"),
        "region": (REGIONS, "a body region"),
        "side": ([s.value for s in Side], "left, right or both"),
        "pressure": ([p.value for p in Pressure], "light, medium, firm or deep"),
    }
    clean: Json = {"side": "both", **{k: row.get(k) for k in (*checks, "minutes")}}
    clean["side"] = row.get("side") or "both"
    for name, (allowed, wanted) in checks.items():
        if clean[name] not in allowed:
            errors.add(f"{where}.{name}", f"must be {wanted}, got {clean[name]!r}")
    try:
        clean["minutes"] = int(str(row.get("minutes")))
    except ValueError:
        clean["minutes"] = 0
    if not 1 <= clean["minutes"] <= MAX_MINUTES:
        errors.add(f"{where}.minutes", f"must be a whole number from 1 to {MAX_MINUTES}")
    return clean


def cpt_code(technique: str) -> str:
    """The timed CPT code the knowledge base gives the technique."""
    return knowledge().techniques[technique].cpt


def read_feedback(data: Json) -> Json:
    """A feedback row's fields: kind, region (optional), adjustment, note."""
    clean = {
        "kind": data.get("kind") or "",
        "region": data.get("region") or "",
        "adjustment": data.get("adjustment") or Adjustment.NONE.value,
        "note": (data.get("note") or "").strip(),
    }
    errors = _choice_errors(
        clean, kind=FeedbackKind.values, region=["", *REGIONS], adjustment=Adjustment.values
    )
    if len(clean["note"]) > 300:
        errors.add("note", "must be at most 300 characters")
    errors.raise_any()
    return clean


def read_adverse_event(data: Json) -> Json:
    """An adverse event's fields: kind, severity, description, follow-up."""
    clean = {
        "kind": data.get("kind") or "",
        "severity": data.get("severity") or "",
        "description": (data.get("description") or "").strip(),
        "follow_up": (data.get("follow_up") or "").strip(),
    }
    errors = _choice_errors(clean, kind=AdverseKind.values, severity=Severity.values)
    if clean["kind"] == AdverseKind.OTHER and not clean["description"]:
        errors.add("description", "describe an adverse event of kind other")
    errors.raise_any()
    return clean


def _choice_errors(clean: Json, **allowed: list[str]) -> FieldErrors:
    errors = FieldErrors()
    for name, values in allowed.items():
        if clean[name] not in values:
            errors.add(name, f"must be one of {', '.join(v for v in values if v)}")
    return errors
