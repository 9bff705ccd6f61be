"""Labels for every contract vocabulary, and the registry the apps add theirs to.

The clinical core's vocabularies (techniques, regions, sides, pressures, instruments, decisions,
finding kinds) are known here; an app registers its own choices (feedback kinds, adverse events,
payment methods, ...) with `register()` when it loads, so this module stays on its floor.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from decimal import ROUND_HALF_UP, Decimal
from functools import cache
from typing import Any

from medmassage.clinical.instruments import INSTRUMENTS as INSTRUMENT_TABLE
from medmassage.clinical.knowledge import knowledge
from medmassage.clinical.vocabulary import REGIONS, Decision, Pressure, Side

# Regions that come in a left and a right; the others sit on the midline.
PAIRED_REGIONS = frozenset(
    {"shoulder", "upper_arm", "forearm", "hand", "hip", "thigh", "knee", "lower_leg", "foot"}
)
DECISIONS: dict[str, str] = {
    Decision.PROCEED: "Proceed",
    Decision.MODIFY: "Proceed with changes",
    Decision.POSTPONE: "Postpone",
    Decision.CLEARANCE: "Wait for clearance",
    Decision.REFER_URGENT: "Stop: urgent referral",
    Decision.REFER_EMERGENCY: "Stop: emergency referral",
}
FINDING_KINDS = {
    "red_flag": "Red flag",
    "contraindication": "Contraindication",
    "precaution": "Precaution",
    "scope": "Scope of practice",
    "consent": "Consent",
}
EXCLUSION_REASONS = {
    "contraindication": "contraindication",
    "precaution": "precaution",
    "credential": "needs a credential",
    "scope": "outside the scope of practice",
}
URGENCIES = {"emergency": "Emergency", "urgent": "Urgent", "routine": "Routine"}

_registered: dict[str, dict[str, str]] = {}


def register(kind: str, choices: Iterable[tuple[Any, Any]]) -> None:
    """Add (or extend) a vocabulary: `register("feedback_kind", FeedbackKind.choices)`."""
    _registered.setdefault(kind, {}).update((str(k), str(v)) for k, v in choices)


@cache
def _core() -> Mapping[str, Mapping[str, str]]:
    kb = knowledge()
    return {
        "technique": {key: technique.name for key, technique in kb.techniques.items()},
        "region": {region: region.replace("_", " ").capitalize() for region in REGIONS},
        "side": {side.value: side.value.capitalize() for side in Side},
        "pressure": {pressure.value: pressure.value.capitalize() for pressure in Pressure},
        "instrument": {key: item.name for key, item in INSTRUMENT_TABLE.items()},
        "decision": {str(key): value for key, value in DECISIONS.items()},
        "finding_kind": FINDING_KINDS,
        "exclusion_reason": EXCLUSION_REASONS,
        "urgency": URGENCIES,
        "credential": dict(kb.credentials),
        "exercise": {key: exercise.name for key, exercise in kb.exercises.items()},
    }


def kinds() -> tuple[str, ...]:
    """Every vocabulary known, core and registered."""
    return tuple(sorted({*_core(), *_registered}))


def label(kind: str, value: object) -> str:
    """The words for one id of a vocabulary (the id itself, humanised, when unknown)."""
    if value is None or value == "":
        return ""
    key = str(value.value if hasattr(value, "value") else value)
    words = _core().get(kind, {}).get(key) or _registered.get(kind, {}).get(key)
    return words if words is not None else key.replace("_", " ").capitalize()


def is_known(kind: str, value: str) -> bool:
    """Whether the vocabulary has its own words for `value`."""
    return value in _core().get(kind, {}) or value in _registered.get(kind, {})


def place(region: object, side: object = None) -> str:
    """A region with its side: "Lower back, left", "Right shoulder", "Both knees", "Neck"."""
    if isinstance(region, Mapping):
        ref: Mapping[str, object] = region
        region, side = ref.get("region"), ref.get("side", side)
    elif hasattr(region, "region"):
        region, side = region.region, getattr(region, "side", side)
    if not region:
        return "Whole body"
    side_value = str(side.value if hasattr(side, "value") else side or "both")
    words = label("region", region)
    if side_value in ("left", "right"):
        if region in PAIRED_REGIONS:
            return f"{side_value.capitalize()} {words.lower()}"
        return f"{words}, {side_value}"
    if region in PAIRED_REGIONS:
        return f"{words}, both sides"
    return words


def places(refs: Iterable[object]) -> str:
    """Several places in words, or "Whole body" for none."""
    found = [place(ref) for ref in refs]
    return ", ".join(found) if found else "Whole body"


def number(value: object, *, places: int = 1) -> str:
    """A clinical number for people: unrounded storage, one decimal (none when whole) here."""
    if value is None or value == "":
        return ""
    exact = Decimal(str(value))
    rounded = exact.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
    if rounded == rounded.to_integral_value():
        return f"{rounded:.0f}"
    return f"{rounded.normalize():f}"


def score(value: object, instrument: str) -> str:
    """An instrument's score with its unit: "42 %" for NDI and ODI, "6/10" for NPRS."""
    shown = number(value)
    if not shown:
        return ""
    unit = INSTRUMENT_TABLE[instrument].unit if instrument in INSTRUMENT_TABLE else ""
    if unit in ("%", "percent"):
        return f"{shown} %"
    if instrument == "nprs":
        return f"{shown}/10"
    return shown
