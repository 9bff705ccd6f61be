"""Judgement cases beyond the vignettes, one JSON file each under cases/ with its expectation."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from medmassage.clinical.intake import parse_intake
from medmassage.clinical.planning import Plan, plan
from medmassage.clinical.practitioner import Practitioner
from medmassage.clinical.vocabulary import Pressure

CASES = sorted((Path(__file__).parent / "cases").glob("*.json"))


def _practitioner(expect: dict[str, Any]) -> Practitioner | None:
    if "practitioner_licence_expires" in expect:
        from datetime import date

        return Practitioner(
            licence_expires=date.fromisoformat(expect["practitioner_licence_expires"])
        )
    if "practitioner" in expect:
        return Practitioner(credentials=frozenset(expect["practitioner"]))
    return None


def _exclusion_covers(result: Plan, technique: str, reason: str, regions: list[list[str]]) -> bool:
    wanted = {(region, side) for region, side in regions}
    for exclusion in result.excluded:
        if exclusion.technique != technique or exclusion.reason != reason:
            continue
        if not exclusion.regions or wanted <= {
            (ref.region, ref.side.value) for ref in exclusion.regions
        }:
            return True
    return False


def _check_techniques(result: Plan, expect: dict[str, Any]) -> None:
    planned = {
        t.technique: {(ref.region, ref.side.value) for ref in t.regions} for t in result.techniques
    }
    for region, techniques in expect.get("techniques_on", {}).items():
        for technique in techniques:
            assert any(r == region for r, _ in planned.get(technique, ())), (technique, region)
    for region, side in expect.get("techniques_not_on", []):
        for technique, refs in planned.items():
            assert (region, side) not in refs, (technique, region)
            assert (region, "both") not in refs, (technique, region)
    for technique in expect.get("not_planned", []):
        assert technique not in planned
    for technique, region in expect.get("not_planned_on", []):
        assert all(r != region for r, _ in planned.get(technique, ()))
    if "first_technique" in expect:
        assert result.techniques, "no techniques"
        assert result.techniques[0].technique == expect["first_technique"]
        assert result.techniques[0].evidence


@pytest.mark.parametrize("path", CASES, ids=[path.stem for path in CASES])
def test_case(path: Path) -> None:
    case = json.loads(path.read_text())
    expect = case["expect"]
    result = plan(parse_intake(case["intake"]), _practitioner(expect))
    codes = {finding.code for finding in result.findings}
    if "decision" in expect:
        assert result.decision.value == expect["decision"]
    assert set(expect.get("findings", [])) <= codes
    assert not set(expect.get("absent", [])) & codes
    if expect.get("no_techniques"):
        assert result.techniques == ()
    if "referral" in expect:
        assert result.referral is not None
        assert result.referral.urgency == expect["referral"]
    if "measures" in expect:
        assert set(expect["measures"]) <= set(result.measures)
    if "max_pressure_at_most" in expect:
        cap = Pressure(expect["max_pressure_at_most"])
        assert all(t.max_pressure.level <= cap.level for t in result.techniques)
    if "minutes_total_at_most" in expect:
        assert sum(t.minutes for t in result.techniques) <= expect["minutes_total_at_most"]
    for technique, reason, regions in expect.get("excluded", []):
        assert _exclusion_covers(result, technique, reason, regions), (technique, reason, regions)
    _check_techniques(result, expect)


def test_there_are_many_cases() -> None:
    assert len(CASES) >= 30
