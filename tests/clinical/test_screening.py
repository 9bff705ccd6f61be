"""Screening judgement: decisions, finding shape, scope, regions and overridability."""

from __future__ import annotations

from typing import Any

import pytest

from medmassage.clinical.intake import parse_intake
from medmassage.clinical.screening import Screening, screen
from medmassage.clinical.vocabulary import Decision


def _screen(**fields: Any) -> Screening:
    document = {
        "format": "medmassage.intake",
        "version": 1,
        "visit_date": "2026-03-01",
        "age": 40,
        **fields,
    }
    return screen(parse_intake(document))


def _codes(result: Screening) -> set[str]:
    return {finding.code for finding in result.findings}


def test_no_findings_means_proceed() -> None:
    result = _screen(complaints=[{"region": "neck", "pain": 3}])
    assert result.decision is Decision.PROCEED
    assert result.findings == ()


def test_decision_is_the_most_severe_finding() -> None:
    result = _screen(
        complaints=[{"region": "lower_back", "onset": "2025-01-01"}],
        medications=["warfarin"],
        vitals={"temperature_c": 38.0},
        red_flags={"saddle_numbness": True},
    )
    assert result.decision is Decision.REFER_EMERGENCY
    assert result.findings[0].decision is Decision.REFER_EMERGENCY
    assert {"fever", "bleeding_risk.anticoagulant", "red_flag.cauda_equina"} <= _codes(result)


@pytest.mark.parametrize(
    ("celsius", "decision"), [(37.9, Decision.PROCEED), (38.0, Decision.POSTPONE)]
)
def test_fever_threshold(celsius: float, decision: Decision) -> None:
    assert _screen(vitals={"temperature_c": celsius}).decision is decision


@pytest.mark.parametrize(
    ("systolic", "diastolic", "decision"),
    [
        (179, 109, Decision.PROCEED),
        (180, 90, Decision.REFER_URGENT),
        (150, 110, Decision.REFER_URGENT),
    ],
)
def test_blood_pressure_threshold(systolic: int, diastolic: int, decision: Decision) -> None:
    assert _screen(vitals={"systolic": systolic, "diastolic": diastolic}).decision is decision


def test_red_flags_are_never_overridable_and_systemic() -> None:
    result = _screen(
        complaints=[{"region": "neck"}], red_flags={"drop_attacks": True, "suicidal_thoughts": True}
    )
    flags = [finding for finding in result.findings if finding.kind == "red_flag"]
    assert {finding.code for finding in flags} == {
        "red_flag.cervical_arterial_dysfunction",
        "red_flag.suicide_risk",
    }
    assert all(not finding.overridable and finding.scope == "systemic" for finding in flags)


def test_cervical_signs_do_not_fire_for_a_low_back_complaint() -> None:
    result = _screen(
        complaints=[{"region": "lower_back", "onset": "2020-01-01"}], red_flags={"nausea": True}
    )
    assert "red_flag.cervical_arterial_dysfunction" not in _codes(result)


def test_local_findings_name_their_regions() -> None:
    result = _screen(history={"lymphoedema": [{"limb": "leg", "side": "right"}]})
    finding = next(f for f in result.findings if f.code == "lymphoedema.limb")
    assert finding.scope == "local"
    assert [(ref.region, ref.side.value) for ref in finding.regions] == [
        ("hip", "right"),
        ("thigh", "right"),
        ("knee", "right"),
        ("lower_leg", "right"),
        ("foot", "right"),
    ]


def test_precautions_are_overridable_and_carry_sources() -> None:
    result = _screen(medications=["Xarelto"])
    finding = result.findings[0]
    assert finding.overridable
    assert finding.sources
    assert finding.to_json()["regions"] == []


def test_new_headache_age_boundary_is_onset_after_65() -> None:
    young = _screen(age=65, complaints=[{"region": "head", "onset": "2026-02-01"}])
    older = _screen(age=66, complaints=[{"region": "head", "onset": "2026-02-01"}])
    assert young.decision is Decision.PROCEED
    assert older.decision is Decision.REFER_URGENT


def test_back_age_flag_needs_a_known_recent_onset() -> None:
    unknown = _screen(age=70, complaints=[{"region": "lower_back"}])
    new = _screen(age=70, complaints=[{"region": "lower_back", "onset": "2026-01-01"}])
    young = _screen(age=19, complaints=[{"region": "lower_back", "onset": "2026-01-01"}])
    assert "red_flag.back_age_new_pain" not in _codes(unknown)
    assert "red_flag.back_age_new_pain" in _codes(new)
    assert "red_flag.back_age_new_pain" in _codes(young)


def test_sciatica_code_brings_low_back_flags() -> None:
    result = _screen(
        age=70, complaints=[{"region": "thigh", "icd10": "M54.31", "onset": "2026-02-01"}]
    )
    assert "red_flag.back_age_new_pain" in _codes(result)


def test_osteoporosis_with_minor_trauma_and_back_pain() -> None:
    result = _screen(
        age=75,
        complaints=[{"region": "lower_back", "onset": "2020-01-01"}],
        history={"osteoporosis": True},
        red_flags={"minor_trauma": True},
    )
    assert "red_flag.back_osteoporotic_trauma" in _codes(result)


def test_unknown_answers_ask_without_changing_the_decision() -> None:
    result = _screen(complaints=[{"region": "neck"}], red_flags={"dizziness": "unknown"})
    assert result.decision is Decision.PROCEED
    assert "red_flag.unanswered" in _codes(result)


def test_surgery_clearance_covering_all_topics() -> None:
    history = {"surgeries": [{"region": "knee", "side": "left", "date": "2026-02-01"}]}
    without = _screen(history=history)
    cleared = _screen(history=history, clearances=[{"date": "2026-02-20"}])
    assert without.decision is Decision.CLEARANCE
    assert cleared.decision is Decision.MODIFY
    assert cleared.findings[0].avoid_area


def test_incision_not_healed_is_recent_whatever_the_date() -> None:
    result = _screen(
        history={"surgeries": [{"region": "abdomen", "date": "2025-01-01", "healed": False}]}
    )
    assert "surgery.recent" in _codes(result)


def test_informed_consent_refused_postpones() -> None:
    assert _screen(consents={"informed": False}).decision is Decision.POSTPONE


def test_findings_are_ordered_and_deterministic() -> None:
    fields = {
        "medications": ["warfarin", "prednisone"],
        "history": {"fibromyalgia": True, "osteoporosis": True},
    }
    first, second = _screen(**fields), _screen(**fields)
    assert first == second
    keys = [(-f.decision.severity, f.code) for f in first.findings]
    assert keys == sorted(keys)
