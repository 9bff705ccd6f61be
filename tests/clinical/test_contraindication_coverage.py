"""Issue 9 point 6: a rule's regions and techniques follow from its stated reason; every plan
that treats has home care. Point 7: stress, anxiety and depression get the scope statement."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from medmassage.clinical.intake import parse_intake
from medmassage.clinical.planning import plan
from tests.clinical.plan_command import Command, codes, intake, planned, regions_of

LEGS = {"thigh", "knee", "lower_leg", "foot"}
HERE = Path(__file__).parent


def _excluded(result: dict[str, Any], technique: str) -> set[tuple[str, str]]:
    return {
        (ref["region"], ref["side"])
        for entry in result["excluded"]
        if entry["technique"] == technique
        for ref in entry["regions"]
    }


def _finding(result: dict[str, Any], code: str) -> dict[str, Any]:
    return next(f for f in result["findings"] if f["code"] == code)


def test_pregnancy_covers_positioning_legs_abdomen_and_points(medmassage: Command) -> None:
    result = medmassage(
        "plan",
        intake(
            age=33,
            sex="female",
            pregnancy={"weeks": 28},
            complaints=[{"region": "lower_back", "onset": "2025-12-01"}],
        ),
    )
    assert result["decision"] == "modify"
    assert {"pregnancy", "pregnancy.positioning", "pregnancy.legs", "pregnancy.abdomen"} <= codes(
        result
    )
    assert "side-lying" in _finding(result, "pregnancy.positioning")["action"]
    assert {(region, "both") for region in LEGS} <= _excluded(result, "deep_tissue")
    assert ("abdomen", "both") in _excluded(result, "deep_tissue")
    assert any(e["technique"] == "acupressure" and not e["regions"] for e in result["excluded"])


def test_heart_failure_keeps_circulatory_work_off_the_legs(medmassage: Command) -> None:
    result = medmassage(
        "plan",
        intake(
            age=70,
            complaints=[{"region": "lower_leg", "side": "both", "onset": "2025-01-01"}],
            history={"heart_failure": {"status": "controlled"}},
        ),
    )
    assert result["decision"] == "modify"
    assert {(region, "both") for region in LEGS} <= _excluded(result, "swedish")
    assert not regions_of(result, "swedish") & LEGS
    assert "without the physician's clearance" in _finding(result, "heart_failure.legs")["action"]


def test_heart_failure_with_clearance_allows_light_work_on_the_legs(medmassage: Command) -> None:
    result = medmassage(
        "plan",
        intake(
            age=70,
            complaints=[{"region": "lower_leg", "side": "both", "onset": "2025-01-01"}],
            history={"heart_failure": {"status": "controlled"}},
            clearances=[
                {"from": "cardiologist", "covers": ["heart_failure"], "date": "2026-02-01"}
            ],
        ),
    )
    assert "lower_leg" in regions_of(result, "swedish")
    for item in result["techniques"]:
        if {ref["region"] for ref in item["regions"]} & LEGS:
            assert item["max_pressure"] == "light"


def test_a_local_infection_keeps_off_the_area_and_what_lies_distal(medmassage: Command) -> None:
    result = medmassage(
        "plan",
        intake(
            complaints=[{"region": "knee", "side": "right", "onset": "2025-06-01"}],
            history={"skin": [{"region": "knee", "side": "right", "kind": "local_infection"}]},
        ),
    )
    finding = _finding(result, "skin.local_infection_distal")
    assert {(r["region"], r["side"]) for r in finding["regions"]} == {
        ("knee", "right"),
        ("lower_leg", "right"),
        ("foot", "right"),
    }
    for item in result["techniques"]:
        refs = {(ref["region"], ref["side"]) for ref in item["regions"]}
        assert not refs & {("knee", "right"), ("lower_leg", "right"), ("foot", "right")}
        assert not refs & {("knee", "both"), ("lower_leg", "both"), ("foot", "both")}


def test_a_healed_incision_with_clearance_works_around_the_joint(medmassage: Command) -> None:
    document = intake(
        age=66,
        complaints=[{"region": "knee", "side": "right", "onset": "2026-01-20"}],
        history={
            "surgeries": [{"region": "knee", "side": "right", "date": "2026-01-10", "healed": True}]
        },
        clearances=[
            {
                "from": "surgeon",
                "covers": ["surgery"],
                "date": "2026-02-20",
                "exclude": ["stretching"],
            }
        ],
    )
    result = medmassage("plan", document)
    assert result["decision"] == "modify"
    assert "knee" in regions_of(result, "swedish")  # the region is not excluded wholesale
    assert "knee" not in regions_of(result, "stretching")  # the clearance's own limit
    for item in result["techniques"]:
        if "knee" in {ref["region"] for ref in item["regions"]}:
            assert item["max_pressure"] == "light"
    assert "never over the scar" in _finding(result, "surgery.recent")["action"]


def test_an_unhealed_incision_with_clearance_still_avoids_the_site(medmassage: Command) -> None:
    result = medmassage(
        "plan",
        intake(
            complaints=[{"region": "knee", "side": "right", "onset": "2026-01-20"}],
            history={"surgeries": [{"region": "knee", "side": "right", "date": "2026-01-10"}]},
            clearances=[{"covers": ["surgery"], "date": "2026-02-20"}],
        ),
    )
    assert ("knee", "right") in _excluded(result, "swedish")


def test_a_clearance_pressure_limit_narrows_the_cleared_plan(medmassage: Command) -> None:
    result = medmassage(
        "plan",
        intake(
            complaints=[{"region": "neck", "onset": "2024-01-01"}],
            history={"cancer": [{"status": "active_treatment"}]},
            clearances=[
                {"covers": ["cancer_treatment"], "date": "2026-02-01", "max_pressure": "light"}
            ],
        ),
    )
    assert result["decision"] == "modify"
    assert result["max_pressure"] == "light"


def _documents() -> list[dict[str, Any]]:
    cases = [
        json.loads(path.read_text())["intake"] for path in sorted((HERE / "cases").glob("*.json"))
    ]
    vignettes = [
        json.loads(path.read_text())
        for path in sorted((HERE / "vignettes").glob("p*.json"))
        if "practitioner" not in path.stem
    ]
    return cases + vignettes


@pytest.mark.parametrize("document", _documents())
def test_every_plan_that_treats_has_home_care(document: dict[str, Any]) -> None:
    result = plan(parse_intake(document))
    if not result.decision.stops_treatment:
        assert result.home_care, document


@pytest.mark.parametrize(
    "complaint",
    [{"condition": "anxiety_stress"}, {"icd10": "F32.A"}, {"icd10": "F41.1"}],
    ids=["stress", "depression", "anxiety"],
)
def test_mental_health_plans_state_that_massage_never_replaces_care(
    medmassage: Command, complaint: dict[str, str]
) -> None:
    result = medmassage("plan", intake(complaints=[complaint]))
    finding = _finding(result, "scope.mental_health")
    assert "never replaces, mental-health care" in finding["action"]
    assert finding["kind"] == "scope"
    assert any("NCCIH" in source for source in finding["sources"])
    assert result["decision"] == "proceed"
    assert planned(result)


def test_suicidal_thoughts_say_it_too(medmassage: Command) -> None:
    result = medmassage(
        "plan", intake(complaints=[{"condition": "anxiety_stress"}], red_flags={"self_harm": True})
    )
    assert result["decision"] == "refer_emergency"
    assert (
        "never replaces, mental-health care" in _finding(result, "red_flag.suicide_risk")["action"]
    )
