"""Labels for every contract vocabulary, and the registry the apps add theirs to.

The clinical core's vocabularies (techniques, regions, sides, pressures, instruments, decisions,
finding kinds) are known here; an app registers its own choices (feedback kinds, adverse events,
payment methods, ...) with `register()` when it loads, so this module stays on its floor.
"""

from __future__ import annotations

import re
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
EXERCISE_KINDS = {
    "stretch": "Stretch",
    "self_massage": "Self-massage",
    "posture": "Posture",
    "lifestyle": "Lifestyle advice",
}

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
        "exercise_kind": EXERCISE_KINDS,
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


def choices(kind: str, values: Iterable[object]) -> list[tuple[str, str]]:
    """(id, words) pairs for a form's options: the id stays the value, people read the words."""
    return [(str(getattr(v, "value", v)), label(kind, v)) for v in values]


def sentence_case(words: str) -> str:
    """Words to run on inside a sentence: "Medium" -> "medium", acronyms kept ("NDI")."""
    first = words.split(" ", 1)[0]
    return words if first.isupper() and len(first) > 1 else words[:1].lower() + words[1:]


@cache
def _rule_actions() -> Mapping[str, str]:
    return {rule.code: rule.restriction.action for rule in knowledge().rules}


def finding_words(code: str, actions: Mapping[str, str] | None = None) -> str:
    """What a finding asks for, in its own words (from the findings at hand, else the rules)."""
    found = (actions or {}).get(code) or _rule_actions().get(code)
    if found:
        return found
    if code.startswith("credential."):
        return f"{label('technique', code.removeprefix('credential.'))} needs a credential."
    return "A finding of the screening applies."


def lower_label(kind: str, value: object) -> str:
    """The words for an id, to run on inside a sentence."""
    return sentence_case(label(kind, value))


# Departures the apps make themselves (against the plan, a clinic rule, an adverse event) carry
# their message in words already; the clinical core's are worded here from their parts.
_CORE_DEPARTURES = frozenset({"treatment_stopped", "excluded_technique", "pressure_above_cap"})


def departure(item: Mapping[str, Any], actions: Mapping[str, str] | None = None) -> str:
    """A departure from the findings (plan change, visit treatment) in words, without ids."""
    code = str(item.get("finding", ""))
    from_core = code in _rule_actions() or code.startswith(("credential.", "scope.", "red_flag."))
    if item.get("kind") not in _CORE_DEPARTURES or not (from_core or code in (actions or {})):
        return str(item.get("message", ""))
    technique = label("technique", item.get("technique"))
    where = places(item.get("regions") or ())
    why = finding_words(code, actions)
    kind = item.get("kind")
    if kind == "treatment_stopped":
        return f"Today's check-in stops hands-on work: {why}"
    if kind == "pressure_above_cap":
        over = "the pressure is above the cap"
        if item.get("pressure") and item.get("cap"):
            over = (
                f"{lower_label('pressure', item['pressure'])} pressure is above the "
                f"{lower_label('pressure', item['cap'])} cap"
            )
        return f"{technique}: {over} on {where.lower()}: {why}"
    return f"{technique} is excluded on {where.lower()}: {why}"


CHECK_IN_WORDS = {
    "temperature_c": "Temperature",
    "systolic": "Blood pressure, systolic",
    "diastolic": "Blood pressure, diastolic",
    "new_medications": "New medications",
    "new_symptoms": "New symptoms",
    "red_flags": "Red-flag questions",
    "text_answers": "Answers about the free text",
}


def check_in_sentences(answers: Mapping[str, Any]) -> list[str]:
    """Today's check-in answers as sentences a person reads ("Temperature 36.6 °C.")."""
    said: list[str] = []
    if answers.get("temperature_c") not in (None, ""):
        said.append(f"Temperature {number(answers['temperature_c'])} °C.")
    systolic, diastolic = answers.get("systolic"), answers.get("diastolic")
    if systolic or diastolic:
        said.append(f"Blood pressure {number(systolic) or '?'}/{number(diastolic) or '?'} mmHg.")
    medications = [str(name) for name in answers.get("new_medications") or ()]
    if medications:
        said.append(f"New medications: {', '.join(medications)}.")
    if answers.get("new_symptoms"):
        said.append(f"New symptoms: {answers['new_symptoms']}.")
    flags = answers.get("red_flags") or {}
    questions = knowledge().questions
    yes = [
        questions[k].text if k in questions else label("red_flag", k)
        for k, v in flags.items()
        if v is True
    ]
    if yes:
        said.append("Reported today: " + "; ".join(text.rstrip(".") for text in yes) + ".")
    elif flags:
        said.append("No red-flag question answered yes.")
    if answers.get("text_answers"):
        count = len(answers["text_answers"])
        said.append(f"{count} answer{'s' if count != 1 else ''} about the intake's free text.")
    return said or ["Nothing new since the intake."]


# Form words for the fields services name: whole paths (the check-in's answers as its form
# labels them), and parts of paths; apps add theirs with `register_fields`.
_PATH_WORDS: dict[str, str] = dict(CHECK_IN_WORDS)
_FIELD_WORDS: dict[str, str] = {}
# Lists whose items a form shows as numbered rows: "treatments" -> "Treatment".
_ROW_WORDS: dict[str, str] = {}


def register_fields(
    fields: Mapping[str, str] | None = None, rows: Mapping[str, str] | None = None
) -> None:
    """Name the fields (and numbered rows) of an app's forms as their labels say."""
    _FIELD_WORDS.update(fields or {})
    _ROW_WORDS.update(rows or {})


_PART = re.compile(r"([A-Za-z_][\w]*)(?:\[(\d+)\])?")


def field_name(path: str) -> str:
    """A field's path as the form labels it: `treatments[0].minutes` -> "Treatment 1, minutes"."""
    if path in _PATH_WORDS or path in _FIELD_WORDS:
        return _PATH_WORDS.get(path) or _FIELD_WORDS[path]
    named: list[str] = []
    for part in path.split("."):
        match = _PART.fullmatch(part)
        if match is None:
            named.append(part)
            continue
        name, index = match.groups()
        if index is not None:
            row = _ROW_WORDS.get(name) or _singular(name)
            named.append(f"{row if not named else row.lower()} {int(index) + 1}")
        else:
            named.append(_FIELD_WORDS.get(name) or name.replace("_", " "))
    words = ", ".join(named)
    return words[:1].upper() + words[1:]


def _singular(name: str) -> str:
    words = name.replace("_", " ")
    if words.endswith("ies"):
        words = words[:-3] + "y"
    elif words.endswith("s") and not words.endswith("ss"):
        words = words[:-1]
    return words.capitalize()
