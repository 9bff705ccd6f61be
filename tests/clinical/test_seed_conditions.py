"""Issue 9 point 8: the seed's conditions, all of them, with billable ICD-10-CM codes, found
from their code and planned for."""

from __future__ import annotations

import pytest

from medmassage.clinical.knowledge import knowledge
from tests.clinical.plan_command import Command, intake, planned

KB = knowledge()
# FACTS.md section 6 codes and the conditions they belong to.
SEED_CODES = {
    "S16.1XXA": "neck_strain",
    "S39.012A": "low_back_strain",
    "Z47.1": "joint_replacement_aftercare",
    "Z96.651": "joint_replacement_aftercare",
    "M79.2": "neuropathic_pain",
    "M47.812": "cervical_spondylosis",
    "R29.3": "postural_imbalance",
    "F32.A": "depression",
    "M75.50": "shoulder_bursitis",
    "M06.9": "rheumatoid_arthritis",
    "M19.90": "osteoarthritis",
    "Z98.1": "spinal_fusion_aftercare",
    "M25.551": "hip_pain",
}


@pytest.mark.parametrize(("code", "condition"), SEED_CODES.items())
def test_each_seed_code_finds_its_condition(code: str, condition: str) -> None:
    assert KB.condition_for_code(code) == condition


def test_the_seed_names_every_post_surgical_recovery() -> None:
    for key in ("joint_replacement_aftercare", "rotator_cuff_repair", "spinal_fusion_aftercare"):
        assert KB.conditions[key].post_surgical


def test_hip_pain_is_not_coded_as_stiffness() -> None:
    assert not any(code.startswith("M25.65") for code in KB.conditions["hip_pain"].icd10)


@pytest.mark.parametrize(
    ("complaint", "expected"),
    [
        ({"region": "neck", "icd10": "M47.812", "onset": "2024-01-01"}, "proceed"),
        (
            {"region": "shoulder", "side": "right", "icd10": "M75.51", "onset": "2025-09-01"},
            "proceed",
        ),
        ({"region": "upper_back", "icd10": "R29.3", "onset": "2024-01-01"}, "proceed"),
        ({"region": "foot", "side": "left", "icd10": "M79.2", "onset": "2025-01-01"}, "proceed"),
        ({"region": "lower_back", "icd10": "S39.012A", "onset": "2026-02-20"}, "proceed"),
        ({"region": "knee", "side": "right", "icd10": "M19.90", "onset": "2020-01-01"}, "proceed"),
    ],
)
def test_seed_conditions_are_planned(
    medmassage: Command, complaint: dict[str, str], expected: str
) -> None:
    result = medmassage("plan", intake(complaints=[complaint]))
    assert result["decision"] == expected
    assert planned(result)
    assert result["home_care"]


def test_a_fresh_strain_is_an_acute_injury_of_its_region(medmassage: Command) -> None:
    result = medmassage(
        "plan", intake(complaints=[{"region": "neck", "icd10": "S16.1XXA", "onset": "2026-02-28"}])
    )
    assert result["decision"] == "modify"
    assert "injury.acute" in {f["code"] for f in result["findings"]}
    for item in result["techniques"]:
        assert "neck" not in {ref["region"] for ref in item["regions"]}
