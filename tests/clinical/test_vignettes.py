"""The public vignettes P1-P8 of VIGNETTES.md, encoded under vignettes/, with their expectations."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from medmassage.clinical.intake import parse_intake
from medmassage.clinical.planning import Plan, plan
from medmassage.clinical.practitioner import parse_practitioner
from medmassage.clinical.vocabulary import Decision, Pressure

VIGNETTES = Path(__file__).parent / "vignettes"


def _plan(name: str, practitioner: str | None = None) -> Plan:
    intake = parse_intake(json.loads((VIGNETTES / f"{name}.json").read_text()))
    who = (
        None
        if practitioner is None
        else parse_practitioner(json.loads((VIGNETTES / f"{practitioner}.json").read_text()))
    )
    return plan(intake, who)


def _regions(result: Plan, technique: str) -> set[str]:
    return {ref.region for t in result.techniques if t.technique == technique for ref in t.regions}


def _excluded(result: Plan, technique: str) -> list[tuple[str, set[tuple[str, str]]]]:
    return [
        (entry.reason, {(ref.region, ref.side.value) for ref in entry.regions})
        for entry in result.excluded
        if entry.technique == technique
    ]


def test_p1_neck_pain_at_desk_proceeds_with_neck_work_ndi_and_stretches() -> None:
    result = _plan("p1_neck_desk")
    assert result.decision is Decision.PROCEED
    worked = {ref.region for t in result.techniques for ref in t.regions}
    assert {"neck", "upper_back"} <= worked
    assert {"ndi", "nprs"} <= set(result.measures)
    assert {"chin_tuck", "upper_trapezius_stretch", "workstation_breaks"} & {
        item.id for item in result.home_care
    }
    assert "Work a full day without neck pain" in result.goals


def test_p2_cauda_equina_is_an_emergency_without_techniques() -> None:
    result = _plan("p2_cauda_equina")
    assert result.decision is Decision.REFER_EMERGENCY
    assert result.techniques == ()
    assert result.referral is not None
    assert result.referral.urgency == "emergency"
    assert any(f.kind == "red_flag" and not f.overridable for f in result.findings)


def test_p3_apixaban_modifies_with_medium_pressure_and_no_deep_tissue() -> None:
    result = _plan("p3_apixaban_shoulder")
    assert result.decision is Decision.MODIFY
    assert ("precaution", set()) in _excluded(result, "deep_tissue")
    assert result.max_pressure is not None
    assert result.max_pressure.level <= Pressure.MEDIUM.level
    assert all(t.max_pressure.level <= Pressure.MEDIUM.level for t in result.techniques)
    bleeding = [f for f in result.findings if "bleeding" in f.code]
    assert bleeding
    assert "leeding" in bleeding[0].action
    assert "deep_tissue" not in _regions(result, "deep_tissue")


def test_p4_fever_postpones_without_techniques() -> None:
    result = _plan("p4_fever")
    assert result.decision is Decision.POSTPONE
    assert result.techniques == ()


def test_p5_lymphoedema_without_credential_excludes_drainage_and_deep_arm_work() -> None:
    result = _plan("p5_lymphoedema")
    assert result.decision is Decision.MODIFY
    assert ("credential", set()) in _excluded(result, "lymphatic_drainage")
    deep = _excluded(result, "deep_tissue")
    assert any(("upper_arm", "left") in regions or not regions for _, regions in deep)
    assert "lymphatic_drainage" not in {t.technique for t in result.techniques}
    for technique in result.techniques:
        if any(ref.region in ("upper_arm", "forearm", "hand") for ref in technique.regions):
            assert technique.max_pressure.level <= Pressure.MEDIUM.level


def test_p5_lymphoedema_with_credential_offers_lymphatic_drainage() -> None:
    result = _plan("p5_lymphoedema", practitioner="p5_practitioner_lymphatic")
    assert result.decision is Decision.MODIFY
    assert "lymphatic_drainage" in {t.technique for t in result.techniques}
    assert not [entry for entry in result.excluded if entry.reason == "credential"]


def test_p6_pregnancy_modifies_positions_spares_legs_and_excludes_acupressure() -> None:
    result = _plan("p6_pregnancy_neck")
    assert result.decision is Decision.MODIFY
    positioning = [f for f in result.findings if f.code == "pregnancy.positioning"]
    assert positioning
    assert "side-lying" in positioning[0].action
    legs = {("thigh", "both"), ("lower_leg", "both")}
    assert any(legs <= regions for _, regions in _excluded(result, "deep_tissue"))
    assert ("precaution", set()) in _excluded(result, "acupressure")
    for technique in result.techniques:
        leg_work = {ref.region for ref in technique.regions} & {
            "thigh",
            "knee",
            "lower_leg",
            "foot",
        }
        assert not leg_work or technique.max_pressure.level < Pressure.DEEP.level


def test_p7_recent_hip_surgery_without_clearance_needs_clearance() -> None:
    result = _plan("p7_hip_fracture_surgery")
    assert result.decision is Decision.CLEARANCE
    assert result.techniques == ()


def test_p7_with_clearance_modifies_and_keeps_off_the_surgical_site() -> None:
    result = _plan("p7_with_clearance")
    assert result.decision is Decision.MODIFY
    assert result.techniques
    for technique in result.techniques:
        assert ("hip", "right") not in {(ref.region, ref.side.value) for ref in technique.regions}
        assert "hip" not in {ref.region for ref in technique.regions if ref.side.value == "both"}
    surgical = [entry for entry in result.excluded if entry.finding == "surgery.recent"]
    assert {entry.technique for entry in surgical} >= {"swedish", "deep_tissue"}


def test_p8_itb_runner_proceeds_with_sports_or_myofascial_work_on_the_thigh() -> None:
    result = _plan("p8_itb_runner")
    assert result.decision is Decision.PROCEED
    assert "thigh" in _regions(result, "sports") | _regions(result, "myofascial_release")
    assert "lefs" in result.measures


INTAKES = sorted(path.stem for path in VIGNETTES.glob("p*.json") if "practitioner" not in path.stem)


@pytest.mark.parametrize("name", INTAKES)
def test_vignette_files_are_deterministic(name: str) -> None:
    assert _plan(name).to_json() == _plan(name).to_json()
