"""Planning: technique choice and ranking, scope of practice, limits, measures, course."""

from __future__ import annotations

from typing import Any

from medmassage.clinical.intake import parse_intake
from medmassage.clinical.planning import Plan, plan
from medmassage.clinical.practitioner import Practitioner
from medmassage.clinical.vocabulary import Decision, Pressure

EVERY_CREDENTIAL = Practitioner(
    credentials=frozenset({"lymphatic_drainage", "craniosacral", "joint_mobilization"})
)


def _plan(practitioner: Practitioner | None = None, **fields: Any) -> Plan:
    document = {
        "format": "medmassage.intake",
        "version": 1,
        "visit_date": "2026-03-01",
        "age": 40,
        **fields,
    }
    return plan(parse_intake(document), practitioner)


def _techniques(result: Plan) -> list[str]:
    return [technique.technique for technique in result.techniques]


def test_techniques_are_ranked_by_evidence() -> None:
    result = _plan(complaints=[{"condition": "fibromyalgia", "onset": "2020-01-01"}])
    assert _techniques(result)[0] == "myofascial_release"
    first = result.techniques[0]
    assert any(note.certainty == "moderate" and "Li" in note.source for note in first.evidence)
    swedish = next(t for t in result.techniques if t.technique == "swedish")
    assert all(note.finding.startswith("Massage in general") for note in swedish.evidence)


def test_credentialed_technique_needs_the_credential() -> None:
    without = _plan(complaints=[{"condition": "fibromyalgia"}])
    held = _plan(EVERY_CREDENTIAL, complaints=[{"condition": "fibromyalgia"}])
    assert "craniosacral" not in _techniques(without)
    entry = next(e for e in without.excluded if e.technique == "craniosacral")
    assert (entry.reason, entry.finding, entry.regions) == (
        "credential",
        "credential.craniosacral",
        (),
    )
    assert any(f.code == "credential.craniosacral" and f.kind == "scope" for f in without.findings)
    assert "craniosacral" in _techniques(held)
    assert not [e for e in held.excluded if e.reason == "credential"]


def test_measures_follow_regions_and_conditions() -> None:
    result = _plan(
        complaints=[
            {"region": "knee", "side": "left"},
            {"region": "forearm", "side": "right"},
            {"region": "head"},
        ]
    )
    assert result.measures == ("nprs", "quickdash", "lefs", "psfs", "hit6")


def test_stopping_decision_leaves_only_the_referral() -> None:
    result = _plan(
        complaints=[{"region": "neck", "pain": 5}], red_flags={"suicidal_thoughts": True}
    )
    assert result.decision is Decision.REFER_EMERGENCY
    assert (result.techniques, result.home_care, result.measures, result.max_pressure) == (
        (),
        (),
        (),
        None,
    )
    assert (result.sessions_per_week, result.weeks) == (0, 0)
    assert result.referral is not None
    assert result.referral.to == "crisis services"


def test_new_complaints_get_the_acute_course() -> None:
    acute = _plan(complaints=[{"region": "upper_back", "onset": "2026-02-20"}])
    chronic = _plan(complaints=[{"region": "upper_back", "onset": "2024-02-20"}])
    assert (acute.sessions_per_week, acute.weeks) == (2, 3)
    assert (chronic.sessions_per_week, chronic.weeks, chronic.reassess_after_sessions) == (1, 6, 4)


def test_goals_keep_the_clients_words_and_add_a_pain_target() -> None:
    result = _plan(complaints=[{"region": "neck", "pain": 6}], goals=["Turn my head when driving"])
    assert result.goals[0] == "Turn my head when driving"
    assert "NPRS from 6 to 4 or less" in result.goals[1]


def test_minutes_fill_the_session_in_fives() -> None:
    result = _plan(complaints=[{"region": "neck"}])
    assert all(t.minutes % 5 == 0 and t.minutes >= 5 for t in result.techniques)
    assert sum(t.minutes for t in result.techniques) <= 50


def test_limb_complaint_works_on_its_side_and_axial_regions_on_both() -> None:
    result = _plan(complaints=[{"region": "shoulder", "side": "left"}])
    sides = {(ref.region, ref.side.value) for t in result.techniques for ref in t.regions}
    assert ("shoulder", "left") in sides
    assert ("upper_back", "both") in sides
    assert not any(side == "right" for _, side in sides)


def test_removing_a_region_never_raises_the_pressure_next_to_it() -> None:
    fracture = {"fractures": [{"region": "knee", "side": "left", "date": "2026-02-01"}]}
    wound = {**fracture, "skin": [{"region": "knee", "side": "left", "kind": "open_wound"}]}
    complaint = [{"region": "thigh", "side": "left", "onset": "2020-01-01"}]
    before = {
        t.technique: t.max_pressure
        for t in _plan(complaints=complaint, history=fracture).techniques
    }
    after = _plan(complaints=complaint, history=wound)
    for technique in after.techniques:
        assert technique.max_pressure.level <= before[technique.technique].level
        assert technique.max_pressure is Pressure.LIGHT


def test_home_care_skips_stretches_where_stretching_is_excluded() -> None:
    injury = {
        "acute_injuries": [
            {"kind": "strain", "region": "thigh", "side": "right", "date": "2026-02-28"}
        ]
    }
    result = _plan(complaints=[{"region": "thigh", "side": "right"}], history=injury)
    assert "hamstring_stretch" not in {item.id for item in result.home_care}


def test_excluded_entries_are_sorted_and_name_reason_and_finding() -> None:
    result = _plan(
        complaints=[{"region": "neck"}], medications=["warfarin"], pregnancy={"weeks": 20}
    )
    keys = [(entry.technique, entry.finding) for entry in result.excluded]
    assert len(keys) == len(set(keys))
    assert {entry.reason for entry in result.excluded} <= {
        "contraindication",
        "precaution",
        "credential",
        "scope",
    }


def test_referral_for_an_undiagnosed_lump_while_treating() -> None:
    result = _plan(
        complaints=[{"region": "neck"}],
        history={"skin": [{"region": "upper_back", "kind": "undiagnosed_lump"}]},
    )
    assert result.decision is Decision.MODIFY
    assert result.techniques
    assert result.referral is not None
    assert result.referral.urgency == "routine"
