"""Issue 9 point 2: emergencies outside the musculoskeletal lists stop treatment whatever the
complaint: acute coronary syndrome, stroke (FAST), meningitis, pulmonary embolism."""

from __future__ import annotations

import pytest

from medmassage.clinical.knowledge import knowledge
from tests.clinical.plan_command import Command, codes, intake

EMERGENCIES = {
    "chest_pain": "red_flag.acute_coronary_syndrome",
    "stroke_signs": "red_flag.stroke",
    "meningitis_signs": "red_flag.meningitis",
    "sudden_breathlessness": "red_flag.pulmonary_embolism",
}
COMPLAINTS = [
    {"region": "knee", "side": "left", "onset": "2025-10-01"},
    {"region": "lower_back", "onset": "2024-01-01"},
    {"condition": "anxiety_stress"},
    {"region": "foot", "side": "right", "condition": "plantar_fasciitis"},
]


@pytest.mark.parametrize(("question", "code"), EMERGENCIES.items())
@pytest.mark.parametrize("complaint", COMPLAINTS, ids=["knee", "back", "stress", "foot"])
def test_an_emergency_sign_stops_every_plan(
    medmassage: Command, question: str, code: str, complaint: dict[str, str]
) -> None:
    result = medmassage("plan", intake(complaints=[complaint], red_flags={question: True}))
    assert result["decision"] == "refer_emergency"
    assert code in codes(result)
    assert result["techniques"] == []
    assert result["referral"]["urgency"] == "emergency"
    finding = next(f for f in result["findings"] if f["code"] == code)
    assert finding["kind"] == "red_flag"
    assert not finding["overridable"]


def test_the_emergency_questions_are_asked_of_everyone() -> None:
    questions = knowledge().questions
    for key in (*EMERGENCIES, "feverish", "dvt_signs", "suicidal_thoughts"):
        assert questions[key].regions == (), key


def test_emergencies_cite_checkable_sources() -> None:
    rules = {rule.code: rule for rule in knowledge().rules}
    assert "gulati2021" in rules["red_flag.acute_coronary_syndrome"].sources
    assert "nor2004" in rules["red_flag.stroke"].sources
    assert "vandebeek2004" in rules["red_flag.meningitis"].sources
    assert rules["red_flag.pulmonary_embolism"].policy


def test_chest_pain_written_in_the_complaint_is_an_emergency_until_answered(
    medmassage: Command,
) -> None:
    result = medmassage(
        "plan",
        intake(
            complaints=[
                {
                    "region": "shoulder",
                    "side": "left",
                    "description": "left shoulder ache, and chest pain spreading to my jaw",
                }
            ]
        ),
    )
    assert result["decision"] == "refer_emergency"
    assert "red_flag.acute_coronary_syndrome" in codes(result)
    assert [hit["target"] for hit in result["text_hits"]] == ["red_flags.chest_pain"]


def test_headache_with_a_reported_fever_is_an_emergency(medmassage: Command) -> None:
    result = medmassage(
        "plan", intake(complaints=[{"region": "head"}], red_flags={"feverish": True})
    )
    assert result["decision"] == "refer_emergency"
    assert "red_flag.headache_fever" in codes(result)


def test_a_reported_fever_postpones_a_limb_complaint(medmassage: Command) -> None:
    result = medmassage(
        "plan", intake(complaints=[{"region": "knee"}], red_flags={"feverish": True})
    )
    assert result["decision"] == "postpone"
    assert "fever" in codes(result)
