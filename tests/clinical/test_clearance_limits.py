"""Issue 13 point 3: a clearance's own limits (standing limits, regions to avoid) and its end
date, through `medmassage plan` and `medmassage screen`. Documents without the new fields keep
their meaning (tests/clinical/test_contraindication_coverage.py and the vignettes)."""

from __future__ import annotations

from typing import Any

import pytest

from medmassage.clinical.intake import SchemaError, parse_intake
from tests.clinical.plan_command import Command, codes, intake

HIP_SURGERY = {"surgeries": [{"region": "hip", "side": "right", "date": "2026-02-15"}]}
BACK = [{"region": "lower_back", "onset": "2025-06-01", "pain": 5}]


def _excluded_regions(result: dict[str, Any], finding: str) -> set[str]:
    return {
        ref["region"]
        for entry in result["excluded"]
        if entry["finding"] == finding
        for ref in entry["regions"]
    }


def test_standing_limits_cap_pressure_and_exclude_techniques_everywhere(
    medmassage: Command,
) -> None:
    plain = medmassage("plan", intake(complaints=BACK))
    clearance = {
        "from": "Dr Rivera",
        "date": "2026-02-20",
        "max_pressure": "light",
        "exclude": ["deep_tissue"],
        "standing": True,
        "reference": "Clearance 7",
    }
    limited = medmassage("plan", intake(complaints=BACK, clearances=[clearance]))

    assert plain["max_pressure"] != "light"
    assert limited["max_pressure"] == "light"
    finding = next(f for f in limited["findings"] if f["code"] == "clearance.1.limits")
    assert finding["sources"] == ["Clearance from Dr Rivera, 2026-02-20, filed as Clearance 7"]
    assert finding["overridable"] is False
    assert any(
        e["technique"] == "deep_tissue"
        and e["finding"] == "clearance.1.limits"
        and not e["regions"]
        for e in limited["excluded"]
    )
    assert all(t["technique"] != "deep_tissue" for t in limited["techniques"])


def test_limits_without_standing_keep_their_old_meaning(medmassage: Command) -> None:
    clearance = {"date": "2026-02-20", "max_pressure": "light", "exclude": ["deep_tissue"]}
    result = medmassage("plan", intake(complaints=BACK, clearances=[clearance]))

    assert not {code for code in codes(result) if code.startswith("clearance.")}
    assert result == medmassage("plan", intake(complaints=BACK))  # it clears nothing here


def test_regions_to_avoid_are_kept_out_of_the_plan(medmassage: Command) -> None:
    complaints = [*BACK, {"region": "neck", "onset": "2025-06-01"}]
    clearance = {"date": "2026-02-20", "avoid_regions": [{"region": "lower_back"}]}
    result = medmassage("plan", intake(complaints=complaints, clearances=[clearance]))

    assert "clearance.1.avoid" in codes(result)
    assert "lower_back" in _excluded_regions(result, "clearance.1.avoid")
    planned = {ref["region"] for t in result["techniques"] for ref in t["regions"]}
    assert "lower_back" not in planned
    assert "neck" in planned


def test_an_expired_clearance_asks_again(medmassage: Command) -> None:
    covering = {"from": "surgeon", "covers": ["surgery"], "date": "2026-02-20"}
    in_force = medmassage(
        "screen", intake(history=HIP_SURGERY, clearances=[{**covering, "until": "2026-03-01"}])
    )
    expired = medmassage(
        "screen", intake(history=HIP_SURGERY, clearances=[{**covering, "until": "2026-02-28"}])
    )

    assert in_force["decision"] == "modify"
    assert expired["decision"] == "clearance"


def test_an_expired_clearance_with_limits_of_its_own_is_asked_for_again(
    medmassage: Command,
) -> None:
    clearance = {
        "from": "Dr Rivera",
        "date": "2026-01-05",
        "until": "2026-02-01",
        "max_pressure": "light",
        "standing": True,
    }
    result = medmassage("plan", intake(complaints=BACK, clearances=[clearance]))

    assert result["decision"] == "clearance"
    assert result["techniques"] == []
    finding = next(f for f in result["findings"] if f["code"] == "clearance.1.expired")
    assert "ended on 2026-02-01" in finding["action"]
    assert result["referral"] is not None


def test_an_end_before_the_clearance_date_is_refused() -> None:
    document = intake(clearances=[{"date": "2026-02-20", "until": "2026-02-01"}])

    with pytest.raises(SchemaError) as refused:
        parse_intake(document)

    assert refused.value.path == "clearances[0].until"
