"""Rules indexed by what can make them fire, so screening tests only the rules an intake's
features can trigger (issue 9 point 10). Built once per knowledge base.

Each trigger names the intake features it reads (`_GATES`); an intake's features are computed
once. A rule whose trigger reads none of the intake's features cannot fire, so it is skipped;
every other rule is tested exactly as before. A trigger missing from `_GATES` is always
tested, so forgetting one costs speed, never a rule (a test checks every trigger is listed).
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass

from medmassage.clinical.intake_model import Intake
from medmassage.clinical.knowledge_model import KnowledgeBase, Rule, TriggerParams

Gate = Callable[[TriggerParams], frozenset[str]]


def _questions(p: TriggerParams) -> frozenset[str]:
    return frozenset(f"q:{question}" for question in p.questions)


def _fixed(*features: str) -> Gate:
    found = frozenset(features)
    return lambda p: found


_GATES: dict[str, Gate] = {
    "acute_injury": _fixed("hist:acute_injuries", "cond:injury"),
    "answer": _questions,
    "answer_at_age": _questions,
    "answer_with_osteoporosis": _questions,
    "antiplatelet_combination": _fixed("med:antiplatelet"),
    "blood_pressure": _fixed("bp_high"),
    "bone_metastases": _fixed("hist:cancer"),
    "cancer_status": _fixed("hist:cancer"),
    "complaint_condition": lambda p: frozenset(f"cond:{c}" for c in p.conditions),
    "fever": lambda p: _questions(p) | {"temp_high"},
    "fibromyalgia": _fixed("hist:fibromyalgia", "cond:fibromyalgia"),
    "heart_failure": _fixed("hist:heart_failure"),
    "history_flag": lambda p: frozenset({f"hist:{p.field}"}),
    "infection_for_mld": lambda p: (
        _questions(p) | {"hist:acute_infection", "hist:skin", "temp_high"}
    ),
    "infection_risk": _fixed("hist:iv_drug_use", "hist:immunosuppressed", "med:immunosuppressant"),
    "informed_consent_refused": _fixed("consent_refused"),
    "kidney_disease": _fixed("hist:kidney_disease"),
    "lymph_limb": _fixed("hist:lymph"),
    "medication_class": lambda p: frozenset(f"med:{c}" for c in p.classes),
    "minor_without_guardian_consent": _fixed("minor"),
    "neuropathy": _fixed("hist:neuropathy", "hist:diabetes"),
    "new_complaint_age": _fixed("age_flag"),
    "new_complaint_history": lambda p: frozenset({f"hist:{p.history}"}),
    "osteoporosis": _fixed("hist:osteoporosis"),
    "pregnancy": _fixed("pregnant"),
    "ra_neck": _fixed("hist:rheumatoid_arthritis", "cond:rheumatoid_arthritis"),
    "radiation_fields": _fixed("hist:cancer"),
    "recent_fracture": _fixed("hist:fractures"),
    "recent_surgery": _fixed("hist:surgeries", "cond:post_surgical"),
    "single_antiplatelet": _fixed("med:antiplatelet"),
    "skin": _fixed("hist:skin"),
    "substance_use": _fixed("substance"),
    "tumour_sites": _fixed("hist:cancer"),
    "varicose_veins": _fixed("hist:varicose_veins"),
}
GATED_TRIGGERS = frozenset(_GATES)
# infection_for_mld reads a measured fever of 38.0 C (screening_triggers.py).
_MLD_FEVER_CELSIUS = 38.0


@dataclass(frozen=True)
class _Thresholds:
    """The lowest values of vitals and ages any rule reacts to: below them, those rules cannot
    fire, so the features that gate them are not set."""

    celsius: float
    systolic: int
    diastolic: int
    age_bands: tuple[tuple[int, int], ...]  # (under, over) of the age rules
    adult_age: int


def _thresholds(kb: KnowledgeBase) -> _Thresholds:
    rules = kb.rules
    fevers = [r.params.celsius for r in rules if r.trigger == "fever"]
    pressures = [r.params for r in rules if r.trigger == "blood_pressure"]
    return _Thresholds(
        celsius=min([*fevers, _MLD_FEVER_CELSIUS]),
        systolic=min((p.systolic for p in pressures), default=1000),
        diastolic=min((p.diastolic for p in pressures), default=1000),
        age_bands=tuple(
            (r.params.under, r.params.over) for r in rules if r.trigger == "new_complaint_age"
        ),
        adult_age=max(
            (r.params.adult_age for r in rules if r.trigger == "minor_without_guardian_consent"),
            default=0,
        ),
    )


_HISTORY_TUPLES = (
    "cancer",
    "surgeries",
    "fractures",
    "acute_injuries",
    "skin",
    "varicose_veins",
)
_HISTORY_FLAGS = (
    "bleeding_disorder",
    "low_platelets",
    "dvt_history",
    "fibromyalgia",
    "acute_infection",
    "immunosuppressed",
    "iv_drug_use",
    "rheumatoid_arthritis",
    "diabetes",
)
_HISTORY_DETAILS = ("osteoporosis", "heart_failure", "kidney_disease")


@dataclass(frozen=True)
class _Index:
    """Rule sets as bit masks (bit i = kb.rules[i]) by feature, and the thresholds."""

    masks: dict[str, int]
    always: int
    limits: _Thresholds

    def of(self, feature: str) -> int:
        return self.masks.get(feature, 0)


@functools.cache
def _index(kb: KnowledgeBase) -> _Index:
    """Feature -> the rules it may fire, the rules always tested, the thresholds."""
    masks: dict[str, int] = {}
    always = 0
    for position, rule in enumerate(kb.rules):
        gate = _GATES.get(rule.trigger)
        if gate is None:
            always |= 1 << position
            continue
        for feature in gate(rule.params):
            masks[feature] = masks.get(feature, 0) | 1 << position
    return _Index(masks, always, _thresholds(kb))


def _history_mask(index: _Index, intake: Intake) -> int:
    history = intake.history
    mask = 0
    for key in _HISTORY_TUPLES + _HISTORY_FLAGS:
        if getattr(history, key):
            mask |= index.of(f"hist:{key}")
    for key in _HISTORY_DETAILS:
        if getattr(history, key) is not None:
            mask |= index.of(f"hist:{key}")
    if history.lymphoedema or history.lymph_node_removal:
        mask |= index.of("hist:lymph")
    if history.peripheral_neuropathy or history.diabetic_neuropathy is not False:
        mask |= index.of("hist:neuropathy")
    return mask


def _complaint_mask(kb: KnowledgeBase, index: _Index, intake: Intake) -> int:
    mask = 0
    for complaint in intake.complaints:
        condition = kb.conditions.get(complaint.condition or "")
        if condition is not None:
            mask |= index.of(f"cond:{condition.id}")
            if condition.injury:
                mask |= index.of("cond:injury")
            if condition.post_surgical:
                mask |= index.of("cond:post_surgical")
    return mask


def _state_mask(index: _Index, intake: Intake) -> int:
    """Vitals above the lowest threshold, age, pregnancy, substances, consent."""
    limits, mask, age = index.limits, 0, intake.age
    if intake.temperature_c is not None and intake.temperature_c >= limits.celsius:
        mask |= index.of("temp_high")
    if (intake.systolic or 0) >= limits.systolic or (intake.diastolic or 0) >= limits.diastolic:
        mask |= index.of("bp_high")
    if intake.complaints and any(age < under or age > over for under, over in limits.age_bands):
        mask |= index.of("age_flag")
    if intake.pregnant:
        mask |= index.of("pregnant")
    if intake.alcohol_today or intake.drugs_today:
        mask |= index.of("substance")
    if intake.informed_consent is False:
        mask |= index.of("consent_refused")
    if intake.guardian_consent is not True and age < limits.adult_age:
        mask |= index.of("minor")
    return mask


def candidate_rules(kb: KnowledgeBase, intake: Intake) -> tuple[Rule, ...]:
    """The rules the intake's features can fire (answers, vitals, medication classes,
    history, complaint kinds), in knowledge-base order."""
    index = _index(kb)
    mask = index.always | _history_mask(index, intake) | _state_mask(index, intake)
    for question in intake.positive_answers:
        mask |= index.of(f"q:{question}")
    for medication in intake.medications:
        for medication_class in medication.classes:
            mask |= index.of(f"med:{medication_class}")
    mask |= _complaint_mask(kb, index, intake)
    rules = kb.rules
    chosen = []
    while mask:
        low = mask & -mask
        chosen.append(rules[low.bit_length() - 1])
        mask ^= low
    return tuple(chosen)
