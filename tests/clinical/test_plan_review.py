"""Reviewing a therapist's change against the draft: what departs, and what may be overridden."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from medmassage.clinical.body import RegionRef
from medmassage.clinical.intake import Intake, parse_intake
from medmassage.clinical.plan_review import review_technique
from medmassage.clinical.practitioner import parse_practitioner
from medmassage.clinical.vocabulary import Pressure, Side

VIGNETTES = Path(__file__).parent / "vignettes"


def vignette(name: str) -> Intake:
    return parse_intake(json.loads((VIGNETTES / f"{name}.json").read_text()))


def test_work_within_the_draft_departs_from_nothing() -> None:
    departures = review_technique(
        vignette("p1_neck_desk"),
        technique="swedish",
        regions=[RegionRef("neck")],
        pressure=Pressure.MEDIUM,
    )
    assert departures == ()


def test_an_excluded_technique_under_a_precaution_may_be_overridden() -> None:
    departures = review_technique(
        vignette("p3_apixaban_shoulder"),
        technique="deep_tissue",
        regions=[RegionRef("shoulder", Side.RIGHT)],
        pressure=Pressure.MEDIUM,
    )
    kinds = {(d.kind, d.finding, d.overridable) for d in departures}
    assert ("excluded_technique", "bleeding_risk.anticoagulant", True) in kinds


def test_pressure_above_a_precautions_cap_is_a_departure_naming_the_cap() -> None:
    departures = review_technique(
        vignette("p3_apixaban_shoulder"),
        technique="swedish",
        regions=[RegionRef("shoulder", Side.RIGHT)],
        pressure=Pressure.FIRM,
    )
    assert [d.kind for d in departures] == ["pressure_above_cap"]
    assert departures[0].finding == "bleeding_risk.anticoagulant"
    assert "medium cap" in departures[0].message


def test_a_missing_credential_is_never_overridable() -> None:
    departures = review_technique(
        vignette("p5_lymphoedema"),
        technique="lymphatic_drainage",
        regions=[RegionRef("upper_arm", Side.LEFT)],
        pressure=Pressure.LIGHT,
    )
    credential = [d for d in departures if d.finding == "credential.lymphatic_drainage"]
    assert credential
    assert not credential[0].overridable


def test_the_credential_holder_may_use_lymphatic_drainage() -> None:
    holder = parse_practitioner(
        json.loads((VIGNETTES / "p5_practitioner_lymphatic.json").read_text())
    )
    departures = review_technique(
        vignette("p5_lymphoedema"),
        holder,
        technique="lymphatic_drainage",
        regions=[RegionRef("upper_arm", Side.LEFT)],
        pressure=Pressure.LIGHT,
    )
    assert not [d for d in departures if d.finding.startswith("credential.")]


def test_a_red_flag_stops_everything_and_cannot_be_overridden() -> None:
    departures = review_technique(
        vignette("p2_cauda_equina"),
        technique="swedish",
        regions=[RegionRef("lower_back")],
        pressure=Pressure.LIGHT,
    )
    assert departures
    assert {d.kind for d in departures} == {"treatment_stopped"}
    assert not any(d.overridable for d in departures)


def test_only_the_overlapping_part_of_a_local_exclusion_is_named() -> None:
    departures = review_technique(
        vignette("p5_lymphoedema"),
        technique="deep_tissue",
        regions=[RegionRef("upper_arm", Side.BOTH)],
        pressure=Pressure.MEDIUM,
    )
    local = [d for d in departures if d.kind == "excluded_technique"]
    assert local
    assert all(ref.side is Side.LEFT for d in local for ref in d.regions)


@pytest.mark.parametrize(
    ("technique", "regions", "message"),
    [("shiatsu", [RegionRef("neck")], "technique"), ("swedish", [], "regions")],
)
def test_bad_requests_name_what_is_wrong(
    technique: str, regions: list[RegionRef], message: str
) -> None:
    with pytest.raises(ValueError, match=message):
        review_technique(
            vignette("p1_neck_desk"), technique=technique, regions=regions, pressure=Pressure.LIGHT
        )
