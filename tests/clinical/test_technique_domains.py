"""Issue 9 point 5: techniques only where they belong (their anatomical domain), orthopedic
massage proposed where it fits, intraoral jaw work gated by its credential."""

from __future__ import annotations

from typing import Any

from hypothesis import HealthCheck, given, settings

from medmassage.clinical.intake import parse_intake
from medmassage.clinical.knowledge import knowledge
from medmassage.clinical.planning import plan
from medmassage.clinical.practitioner import Practitioner
from tests.clinical.plan_command import Command, codes, intake, planned, regions_of
from tests.clinical.test_plan_properties import intakes

KB = knowledge()
EVERY_CREDENTIAL = Practitioner(credentials=frozenset(KB.credentials))


def test_domains_follow_the_definitions() -> None:
    assert KB.techniques["reflexology"].domain == {"foot", "hand", "head"}
    assert KB.techniques["craniosacral"].domain == {
        "head",
        "neck",
        "upper_back",
        "lower_back",
        "pelvis",
    }
    assert KB.techniques["intraoral_jaw"].domain == {"jaw"}


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(intakes())
def test_no_plan_places_a_technique_outside_its_domain(document: dict[str, Any]) -> None:
    result = plan(parse_intake(document), EVERY_CREDENTIAL)
    for item in result.techniques:
        domain = KB.techniques[item.technique].domain
        assert {ref.region for ref in item.regions} <= domain, item.technique


def test_reflexology_for_stress_goes_to_the_feet_and_hands(medmassage: Command) -> None:
    result = medmassage("plan", intake(complaints=[{"condition": "anxiety_stress"}]))
    assert "reflexology" in planned(result)
    assert regions_of(result, "reflexology") == {"foot", "hand"}


def test_craniosacral_stays_on_head_neck_spine_and_sacrum(medmassage: Command) -> None:
    result = medmassage(
        "plan",
        intake(complaints=[{"condition": "fibromyalgia"}]),
        {"credentials": ["craniosacral"]},
    )
    assert "craniosacral" in planned(result)
    assert regions_of(result, "craniosacral") <= {"neck", "upper_back", "lower_back", "pelvis"}
    assert "shoulder" not in regions_of(result, "craniosacral")


def test_lymphatic_drainage_follows_the_lymph_pathway(medmassage: Command) -> None:
    result = medmassage(
        "plan",
        intake(
            complaints=[{"region": "upper_arm", "side": "left", "condition": "lymphoedema"}],
            history={"lymphoedema": [{"limb": "arm", "side": "left"}]},
        ),
        {"credentials": ["lymphatic_drainage"]},
    )
    assert {"neck", "chest", "upper_back", "upper_arm", "hand"} <= regions_of(
        result, "lymphatic_drainage"
    )


def test_without_the_intraoral_credential_the_plan_says_external_jaw_work_only(
    medmassage: Command,
) -> None:
    result = medmassage("plan", intake(complaints=[{"region": "jaw", "icd10": "M26.601"}]))
    finding = next(f for f in result["findings"] if f["code"] == "credential.intraoral_jaw")
    assert "External jaw work only" in finding["action"]
    assert "intraoral_jaw" not in planned(result)
    assert any(
        e["technique"] == "intraoral_jaw" and e["reason"] == "credential"
        for e in result["excluded"]
    )
    assert "jaw" in regions_of(result, "myofascial_release")


def test_with_the_intraoral_credential_it_is_offered_on_the_jaw_only(medmassage: Command) -> None:
    result = medmassage(
        "plan",
        intake(complaints=[{"region": "jaw", "condition": "tmj_disorder"}]),
        {"credentials": ["intraoral_jaw"]},
    )
    assert regions_of(result, "intraoral_jaw") == {"jaw"}
    assert "credential.intraoral_jaw" not in codes(result)


def test_orthopedic_massage_is_proposed_for_injuries_and_recovery(medmassage: Command) -> None:
    for complaint in (
        {"region": "foot", "side": "right", "icd10": "S93.401A", "onset": "2026-02-01"},
        {"region": "forearm", "side": "right", "icd10": "M77.11", "onset": "2025-10-01"},
        {"region": "thigh", "side": "left", "icd10": "S76.312A", "onset": "2026-02-10"},
    ):
        result = medmassage("plan", intake(complaints=[complaint]))
        assert "orthopedic" in planned(result), complaint


def test_orthopedic_massage_after_a_cleared_joint_replacement(medmassage: Command) -> None:
    result = medmassage(
        "plan",
        intake(
            complaints=[{"region": "knee", "side": "left", "icd10": "Z96.652"}],
            history={
                "surgeries": [
                    {"region": "knee", "side": "left", "date": "2026-01-15", "healed": True}
                ]
            },
            clearances=[{"from": "surgeon", "covers": ["surgery"], "date": "2026-02-20"}],
        ),
    )
    assert result["decision"] == "modify"
    assert "orthopedic" in planned(result)


def test_every_technique_is_proposed_somewhere() -> None:
    proposed = {t for condition in KB.conditions.values() for t in condition.techniques}
    proposed |= {t for default in KB.region_defaults.values() for t in default.techniques}
    assert proposed == set(KB.techniques)
