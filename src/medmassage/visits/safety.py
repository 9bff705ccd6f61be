"""Safety at the table: each treatment given, checked against today's findings (through the
core), the approved plan's exclusions and caps, and an open adverse event's lowered cap."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from medmassage.clinical.body import RegionRef
from medmassage.clinical.intake import parse_intake
from medmassage.clinical.plan_review import review_technique
from medmassage.clinical.practitioner import parse_practitioner
from medmassage.clinical.vocabulary import Pressure, Side
from medmassage.plans.review import CLINIC_RULE_PREFIX
from medmassage.visits.errors import OverrideRefused, ReasonRequired
from medmassage.visits.models import Visit
from medmassage.words.vocabulary import departure, label, lower_label

Json = dict[str, Any]
ADVERSE_EVENT_CAP = "adverse_event.pressure_cap"


def departures_needing_reasons(
    visit: Visit, treatments: Sequence[Json], *, reasons: Mapping[str, str]
) -> list[Json]:
    """Every departure of the treatment given, each with a reason on hand.

    Raises OverrideRefused for a departure no reason may cover, ReasonRequired for one whose
    technique has no written reason.
    """
    found: list[Json] = []
    for row in treatments:
        departures = _departures(visit, row)
        refused = [d["message"] for d in departures if not d["overridable"]]
        if refused:
            raise OverrideRefused(" ".join(refused) + " This rule cannot be overridden.")
        if departures and not (reasons.get(row["technique"]) or "").strip():
            raise ReasonRequired(row["technique"], [d["message"] for d in departures])
        found += [d for d in departures if d not in found]
    return found


def _departures(visit: Visit, row: Json) -> list[Json]:
    technique = row["technique"]
    pressure = Pressure(row["pressure"])
    ruled_out = {
        entry.technique
        for entry in visit.plan.document.excluded
        if entry.finding.startswith(CLINIC_RULE_PREFIX)
    }
    if technique in ruled_out:
        return [
            _departure(
                "excluded_technique",
                row,
                f"{CLINIC_RULE_PREFIX}{technique}",
                f"{label('technique', technique)}: the clinic's credential rules do not allow it.",
                overridable=False,
            )
        ]
    departures = [
        {**d.to_json(), "message": departure(d.to_json())}
        for d in review_technique(
            parse_intake(visit.check_in_document),
            parse_practitioner(visit.plan.practitioner_document),
            technique=technique,
            regions=[RegionRef(row["region"], Side(row["side"]))],
            pressure=pressure,
        )
    ]
    departures += _plan_departures(visit, row, pressure)
    return departures


def _plan_departures(visit: Visit, row: Json, pressure: Pressure) -> list[Json]:
    technique = row["technique"]
    planned = [t for t in visit.plan.document.techniques if t.technique == technique]
    found = []
    if not planned:
        found.append(
            _departure(
                "technique_not_in_plan",
                row,
                "plan",
                f"{label('technique', technique)} is not in the approved plan.",
                overridable=True,
            )
        )
    elif pressure.level > max(t.max_pressure.level for t in planned):
        found.append(
            _departure(
                "pressure_above_cap",
                row,
                "plan",
                f"{label('pressure', pressure)} pressure is above the plan's cap for "
                f"{lower_label('technique', technique)}.",
                overridable=True,
            )
        )
    if pressure.level > Pressure(visit.pressure_cap).level:
        found.append(
            _departure(
                "pressure_above_cap",
                row,
                visit.pressure_cap_source or "plan",
                f"{label('pressure', pressure)} pressure is above today's "
                f"{lower_label('pressure', visit.pressure_cap)} cap. "
                f"{visit.pressure_cap_reason}".strip(),
                overridable=True,
            )
        )
    return found


def _departure(kind: str, row: Json, finding: str, message: str, *, overridable: bool) -> Json:
    return {
        "kind": kind,
        "technique": row["technique"],
        "regions": [{"region": row["region"], "side": row["side"]}],
        "finding": finding,
        "overridable": overridable,
        "message": message,
    }


def safe_pressure(visit: Visit, row: Json) -> str | None:
    """The firmest pressure up to the row's own that today's findings and caps allow, or None
    when the technique itself is ruled out today there."""
    for pressure in reversed(list(Pressure)[: Pressure(row["pressure"]).level + 1]):
        departures = _departures(visit, {**row, "pressure": pressure.value})
        if not departures:
            return pressure.value
        if any(d["kind"] != "pressure_above_cap" for d in departures):
            return None
    return None
