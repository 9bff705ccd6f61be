"""Issue 9 point 4: where a detail that changes a rule is not given, the stricter rule applies
and the finding says so; every such default is listed in unknown_details.toml."""

from __future__ import annotations

from typing import Any

import pytest

from medmassage.clinical.knowledge import knowledge
from medmassage.clinical.knowledge_model import UNSTATED_DETAILS
from tests.clinical.plan_command import Command, codes, intake, regions_of


def _finding(result: dict[str, Any], code: str) -> dict[str, Any]:
    return next(f for f in result["findings"] if f["code"] == code)


def test_every_unstated_detail_is_listed_once_with_its_rules() -> None:
    kb = knowledge()
    listed = [item.detail for item in kb.unknown_details]
    assert sorted(listed) == sorted(UNSTATED_DETAILS)
    codes_known = {rule.code for rule in kb.rules}
    for item in kb.unknown_details:
        assert item.rules
        assert set(item.rules) <= codes_known
        assert item.note
        assert item.assume


def test_rheumatoid_arthritis_without_the_neck_detail_protects_the_neck(
    medmassage: Command,
) -> None:
    result = medmassage(
        "plan",
        intake(
            complaints=[{"region": "neck", "onset": "2024-05-01"}],
            history={"rheumatoid_arthritis": True},
        ),
        {"credentials": ["joint_mobilization"]},
    )
    finding = _finding(result, "rheumatoid_arthritis.neck")
    assert "Neck involvement not stated" in finding["action"]
    assert "neck" not in regions_of(result, "joint_mobilization")


def test_a_rheumatoid_arthritis_complaint_protects_the_neck_too(medmassage: Command) -> None:
    result = medmassage(
        "plan", intake(complaints=[{"region": "hand", "icd10": "M06.9", "onset": "2024-05-01"}])
    )
    assert "rheumatoid_arthritis.neck" in codes(result)


def test_stated_neck_involvement_absent_leaves_the_neck_alone(medmassage: Command) -> None:
    result = medmassage(
        "plan",
        intake(
            complaints=[{"region": "neck", "onset": "2024-05-01"}],
            history={"rheumatoid_arthritis": {"neck_involvement": False}},
        ),
    )
    assert "rheumatoid_arthritis.neck" not in codes(result)


def test_osteoporosis_without_severity_is_severe(medmassage: Command) -> None:
    result = medmassage(
        "plan",
        intake(
            complaints=[{"region": "shoulder", "onset": "2024-05-01"}],
            history={"osteoporosis": True},
        ),
    )
    assert "osteoporosis.severe" in codes(result)
    assert "Severity not stated" in _finding(result, "osteoporosis.severe")["action"]
    assert result["max_pressure"] == "light"


def test_heart_failure_without_status_counts_as_uncontrolled(medmassage: Command) -> None:
    result = medmassage(
        "plan",
        intake(
            complaints=[{"region": "upper_back", "onset": "2024-05-01"}],
            history={"heart_failure": True},
        ),
    )
    assert result["decision"] == "clearance"
    finding = _finding(result, "heart_failure.uncontrolled")
    assert "not stated" in finding["action"]


def test_varicose_veins_without_severity_avoid_the_area_and_distal(medmassage: Command) -> None:
    result = medmassage(
        "plan",
        intake(
            complaints=[{"region": "thigh", "side": "left", "onset": "2024-05-01"}],
            history={"varicose_veins": [{"region": "thigh", "side": "left"}]},
        ),
    )
    finding = _finding(result, "varicose_veins.severe")
    assert {(r["region"], r["side"]) for r in finding["regions"]} >= {
        ("thigh", "left"),
        ("lower_leg", "left"),
        ("foot", "left"),
    }
    for planned in result["techniques"]:
        assert {"region": "lower_leg", "side": "left"} not in planned["regions"]


def test_diabetes_without_the_neuropathy_detail_protects_the_feet(medmassage: Command) -> None:
    result = medmassage(
        "plan",
        intake(
            complaints=[{"region": "foot", "side": "both", "onset": "2024-05-01"}],
            history={"diabetes": True},
        ),
    )
    finding = _finding(result, "neuropathy.peripheral")
    assert {r["region"] for r in finding["regions"]} == {"foot", "lower_leg"}
    assert "neuropathy" in finding["action"]


@pytest.mark.parametrize(
    ("fields", "code"),
    [
        ({"pregnancy": {}}, "pregnancy.positioning"),
        ({"medications": ["prednisone"]}, "corticosteroids.long_term"),
        (
            {
                "history": {
                    "fractures": [{"region": "forearm", "side": "left", "date": "2026-01-20"}]
                }
            },
            "fracture.recent",
        ),
        (
            {
                "history": {
                    "cancer": [{"status": "completed", "radiation_fields": [{"region": "chest"}]}]
                }
            },
            "cancer.radiation_field",
        ),
    ],
    ids=["pregnancy weeks", "steroid duration", "fracture healing", "radiation end"],
)
def test_other_unstated_details_are_read_strictly_and_said(
    medmassage: Command, fields: dict[str, Any], code: str
) -> None:
    result = medmassage(
        "plan", intake(complaints=[{"region": "upper_back", "onset": "2024-05-01"}], **fields)
    )
    assert code in codes(result)
    assert "not stated" in _finding(result, code)["action"]


def test_recovery_after_surgery_without_a_date_needs_clearance(medmassage: Command) -> None:
    result = medmassage(
        "plan", intake(complaints=[{"region": "knee", "side": "right", "icd10": "Z96.651"}])
    )
    assert result["decision"] == "clearance"
    assert "without the operation's date" in _finding(result, "surgery.recent")["action"]


def test_new_spinal_pain_after_cancer_with_no_onset_is_urgent(medmassage: Command) -> None:
    result = medmassage(
        "plan",
        intake(
            complaints=[{"region": "lower_back"}],
            history={"cancer": [{"site": "lung", "status": "remission"}]},
        ),
    )
    assert result["decision"] == "refer_urgent"
    finding = _finding(result, "red_flag.back_cancer_history")
    assert "When the complaint began is not stated" in finding["action"]


def test_the_age_only_back_flag_needs_a_stated_recent_onset(medmassage: Command) -> None:
    result = medmassage("plan", intake(age=70, complaints=[{"region": "lower_back"}]))
    assert "red_flag.back_age_new_pain" not in codes(result)
