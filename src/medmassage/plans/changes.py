"""A therapist's changes to a draft plan: read, checked field by field, applied to the content.

Pages and the API both produce the same plain dictionary (the shape of the plan's content);
`read_changes` turns it into a `PlanChanges` or raises InvalidInput keyed by field path.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from medmassage.clinical.body import RegionRef
from medmassage.clinical.knowledge import knowledge
from medmassage.clinical.vocabulary import INSTRUMENTS, REGIONS, TECHNIQUES, Pressure, Side
from medmassage.problems import FieldErrors

# Project policy: bounds that catch typing mistakes, not clinical limits.
MINUTES_RANGE = (1, 120)
SESSIONS_PER_WEEK_RANGE = (1, 7)
WEEKS_RANGE = (1, 52)
REASSESS_RANGE = (1, 100)


@dataclass(frozen=True)
class TechniqueChange:
    technique: str
    regions: tuple[RegionRef, ...]
    max_pressure: Pressure
    minutes: int

    def to_json(self, previous: Mapping[str, Any] | None = None) -> dict[str, Any]:
        """The content shape, keeping the draft's rationale and evidence where there was one."""
        return {
            "technique": self.technique,
            "regions": [ref.to_json() for ref in self.regions],
            "max_pressure": self.max_pressure.value,
            "minutes": self.minutes,
            "rationale": (previous or {}).get("rationale", "Added by the therapist."),
            "evidence": (previous or {}).get("evidence", []),
        }


@dataclass(frozen=True)
class PlanChanges:
    """The edited parts of a plan; None leaves that part as it is."""

    techniques: tuple[TechniqueChange, ...] | None = None
    goals: tuple[str, ...] | None = None
    measures: tuple[str, ...] | None = None
    home_care: tuple[str, ...] | None = None
    sessions_per_week: int | None = None
    weeks: int | None = None
    reassess_after_sessions: int | None = None
    reasons: Mapping[str, str] = field(default_factory=dict)  # technique -> written reason


def read_changes(data: Mapping[str, Any]) -> PlanChanges:
    """Check every field of a change request; InvalidInput names each one that is wrong."""
    errors = FieldErrors()
    techniques = None
    if data.get("techniques") is not None:
        read = [_technique(errors, i, item) for i, item in enumerate(data["techniques"])]
        # A technique with an error reads as None; then the errors are raised below.
        techniques = tuple(item for item in read if item is not None)
    changes = PlanChanges(
        techniques=techniques,
        goals=_texts(errors, "goals", data.get("goals")),
        measures=_choices(errors, "measures", data.get("measures"), INSTRUMENTS),
        home_care=_choices(
            errors, "home_care", data.get("home_care"), tuple(knowledge().exercises)
        ),
        sessions_per_week=_number(errors, "sessions_per_week", data, SESSIONS_PER_WEEK_RANGE),
        weeks=_number(errors, "weeks", data, WEEKS_RANGE),
        reassess_after_sessions=_number(errors, "reassess_after_sessions", data, REASSESS_RANGE),
        reasons=_reasons(errors, data.get("reasons") or {}),
    )
    errors.raise_any()
    return changes


def _technique(errors: FieldErrors, index: int, item: Any) -> TechniqueChange | None:
    path = f"techniques[{index}]"
    if not isinstance(item, Mapping):
        errors.add(path, "must be an object with technique, regions, max_pressure and minutes")
        return None
    technique = item.get("technique")
    if technique not in TECHNIQUES:
        errors.add(f"{path}.technique", f"{technique!r} is not one of {', '.join(TECHNIQUES)}")
    regions = _regions(errors, f"{path}.regions", item.get("regions"))
    pressure = item.get("max_pressure")
    if pressure not in {p.value for p in Pressure}:
        errors.add(f"{path}.max_pressure", f"{pressure!r} is not one of light, medium, firm, deep")
    minutes = _int_in(errors, f"{path}.minutes", item.get("minutes"), MINUTES_RANGE)
    if errors.any_under(path):
        return None
    return TechniqueChange(str(technique), regions, Pressure(str(pressure)), int(minutes or 0))


def _regions(errors: FieldErrors, path: str, value: Any) -> tuple[RegionRef, ...]:
    if not isinstance(value, list) or not value:
        errors.add(path, "at least one {region, side} is needed")
        return ()
    refs = []
    for i, item in enumerate(value):
        region = item.get("region") if isinstance(item, Mapping) else None
        side = item.get("side", "both") if isinstance(item, Mapping) else None
        if region not in REGIONS:
            errors.add(f"{path}[{i}].region", f"{region!r} is not a body region")
        elif side not in {s.value for s in Side}:
            errors.add(f"{path}[{i}].side", f"{side!r} is not one of left, right, both")
        else:
            refs.append(RegionRef(region, Side(side)))
    return tuple(refs)


def _texts(errors: FieldErrors, path: str, value: Any) -> tuple[str, ...] | None:
    if value is None:
        return None
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        errors.add(path, "must be a list of texts")
        return None
    texts = tuple(v.strip() for v in value if v.strip())
    if not texts:
        errors.add(path, "at least one goal is needed")
    return texts


def _choices(
    errors: FieldErrors, path: str, value: Any, allowed: tuple[str, ...]
) -> tuple[str, ...] | None:
    if value is None:
        return None
    if not isinstance(value, list):
        errors.add(path, "must be a list")
        return None
    for i, item in enumerate(value):
        if item not in allowed:
            errors.add(f"{path}[{i}]", f"{item!r} is not known")
    return tuple(dict.fromkeys(v for v in value if v in allowed))


def _number(
    errors: FieldErrors, name: str, data: Mapping[str, Any], bounds: tuple[int, int]
) -> int | None:
    if data.get(name) is None:
        return None
    return _int_in(errors, name, data[name], bounds)


def _int_in(errors: FieldErrors, path: str, value: Any, bounds: tuple[int, int]) -> int | None:
    try:
        number = int(value)
    except (TypeError, ValueError):
        errors.add(path, f"{value!r} is not a whole number")
        return None
    if isinstance(value, float) and not value.is_integer():
        errors.add(path, f"{value!r} is not a whole number")
        return None
    if not bounds[0] <= number <= bounds[1]:
        errors.add(path, f"must be between {bounds[0]} and {bounds[1]}")
        return None
    return number


def _reasons(errors: FieldErrors, value: Any) -> dict[str, str]:
    if not isinstance(value, Mapping):
        errors.add("reasons", "must map a technique to its written reason")
        return {}
    return {str(k): str(v).strip() for k, v in value.items() if str(v).strip()}


def apply_changes(content: Mapping[str, Any], changes: PlanChanges) -> dict[str, Any]:
    """The content with the changes applied (techniques keep their draft rationale)."""
    updated = dict(content)
    if changes.techniques is not None:
        previous = {item["technique"]: item for item in content.get("techniques", [])}
        updated["techniques"] = [
            change.to_json(previous.get(change.technique)) for change in changes.techniques
        ]
        levels = [Pressure(t["max_pressure"]).level for t in updated["techniques"]]
        updated["max_pressure"] = list(Pressure)[max(levels)].value if levels else None
    if changes.home_care is not None:
        exercises = knowledge().exercises
        updated["home_care"] = [_exercise_json(exercises[key]) for key in changes.home_care]
    for name in ("goals", "measures", "sessions_per_week", "weeks", "reassess_after_sessions"):
        value = getattr(changes, name)
        if value is not None:
            updated[name] = list(value) if isinstance(value, tuple) else value
    return updated


def _exercise_json(exercise: Any) -> dict[str, Any]:
    return {
        "id": exercise.id,
        "name": exercise.name,
        "instructions": exercise.instructions,
        "dose": exercise.dose,
    }
