"""Issue 9 point 3: free text screened with negation; an unanswered hit counts as a yes to its
structured question until the therapist answers; `medmassage plan` lists the hits."""

from __future__ import annotations

import pytest

from medmassage.clinical.free_text import scan_text
from medmassage.clinical.intake import parse_intake
from medmassage.clinical.knowledge import knowledge
from tests.clinical.plan_command import Command, codes, intake


def _targets(text: str) -> list[str]:
    return [hit.target for hit in scan_text(text, "notes")]


@pytest.mark.parametrize(
    "text",
    [
        "no chest pain",
        "denies fever",
        "without numbness in both legs",
        "Denies chest pain or shortness of breath.",
        "no fever, chills or rash",
        "chest pain denied",
        "never had a blood clot",
        "family history of heart attack",
        "negative for dizziness",
    ],
)
def test_negated_terms_are_not_hits(text: str) -> None:
    assert _targets(text) == []


@pytest.mark.parametrize(
    ("text", "targets"),
    [
        ("chest pain, no fever", ["red_flags.chest_pain"]),
        ("no fever but chest pain since this morning", ["red_flags.chest_pain"]),
        ("Not sure if it was chest pain", ["red_flags.chest_pain"]),
        ("sudden face drooping yesterday evening", ["red_flags.stroke_signs"]),
        (
            "lost bowel control and both legs weak",
            [
                "red_flags.bladder_bowel_dysfunction",
                "red_flags.bilateral_leg_symptoms",
                "red_flags.progressive_leg_weakness",
            ],
        ),
        ("on warfarin since the valve operation", ["medications.anticoagulant"]),
        ("Self-harm last year", ["red_flags.self_harm"]),
        ("I'm 24 weeks pregnant", ["pregnancy"]),
    ],
)
def test_hits_map_to_their_structured_question(text: str, targets: list[str]) -> None:
    assert sorted(_targets(text)) == sorted(targets)


def test_a_hit_names_its_field_words_and_prompt() -> None:
    (hit,) = scan_text("Sharp CHEST PAIN after stairs", "complaints[0].description")
    assert hit.field == "complaints[0].description"
    assert hit.text == "CHEST PAIN"
    assert hit.prompt == knowledge().questions["chest_pain"].text
    assert hit.answer is None
    assert hit.unanswered
    assert hit.counts


def test_an_unanswered_emergency_in_free_text_decides_as_a_yes(medmassage: Command) -> None:
    document = intake(
        complaints=[{"region": "neck", "onset": "2025-05-01"}],
        history={"other": ["slurred speech and face drooping on Sunday"]},
    )
    result = medmassage("plan", document)
    assert result["decision"] == "refer_emergency"
    assert {"red_flag.stroke", "free_text.unanswered"} <= codes(result)
    hit = next(h for h in result["text_hits"] if h["target"] == "red_flags.stroke_signs")
    assert hit == {
        "field": "history.other[0]",
        "text": "slurred speech",
        "term": "slurred speech",
        "target": "red_flags.stroke_signs",
        "prompt": knowledge().questions["stroke_signs"].text,
        "answer": None,
        "recorded": False,
        "unanswered": True,
        "counts_as_yes": True,
    }
    assert medmassage("screen", document)["decision"] == "refer_emergency"


def test_answered_no_the_hit_no_longer_counts(medmassage: Command) -> None:
    document = intake(
        complaints=[{"region": "neck", "onset": "2025-05-01", "description": "chest pain at 20"}],
        text_answers=[{"target": "red_flags.chest_pain", "answer": False}],
    )
    result = medmassage("plan", document)
    assert result["decision"] == "proceed"
    assert "free_text.unanswered" not in codes(result)
    assert result["text_hits"][0]["answer"] is False
    assert result["text_hits"][0]["counts_as_yes"] is False


def test_answered_yes_the_structured_answer_is_yes(medmassage: Command) -> None:
    document = intake(
        complaints=[{"region": "knee", "onset": "2025-05-01"}],
        notes="calf swelling on the right",
        text_answers=[{"target": "red_flags.dvt_signs", "answer": True, "field": "notes"}],
    )
    result = medmassage("plan", document)
    assert result["decision"] == "refer_urgent"
    assert "dvt.suspected" in codes(result)
    assert "free_text.unanswered" not in codes(result)


def test_a_hit_already_answered_yes_in_the_structured_question_needs_no_answer() -> None:
    parsed = parse_intake(
        intake(
            complaints=[{"region": "lower_back", "description": "saddle numbness since Friday"}],
            red_flags={"saddle_numbness": True},
        )
    )
    (hit,) = parsed.text_hits
    assert hit.recorded
    assert not hit.unanswered
    assert parsed.unanswered_text_hits == ()


def test_a_structured_no_does_not_silence_free_text_that_says_yes(medmassage: Command) -> None:
    result = medmassage(
        "plan",
        intake(
            complaints=[{"region": "lower_back", "description": "numb between my legs"}],
            red_flags={"saddle_numbness": False},
        ),
    )
    assert result["decision"] == "refer_emergency"
    assert "red_flag.cauda_equina" in codes(result)


def test_new_symptoms_at_check_in_are_screened_and_answered_per_field(
    medmassage: Command,
) -> None:
    base = intake(
        complaints=[
            {"region": "neck", "onset": "2025-05-01", "description": "dizzy spell in 2019"}
        ],
        text_answers=[
            {"target": "red_flags.dizziness", "answer": False, "field": "complaints[0].description"}
        ],
    )
    assert medmassage("plan", base)["decision"] == "proceed"
    today = {**base, "new_symptoms": "dizzy since this morning"}
    result = medmassage("plan", today)
    assert result["decision"] == "refer_emergency"
    fields = {(h["field"], h["unanswered"]) for h in result["text_hits"]}
    assert fields == {("complaints[0].description", False), ("new_symptoms", True)}


def test_contraindications_in_free_text(medmassage: Command) -> None:
    result = medmassage(
        "plan",
        intake(
            complaints=[{"region": "shoulder", "side": "right", "onset": "2025-05-01"}],
            history={"other": ["takes Xarelto for atrial fibrillation", "osteoporosis"]},
        ),
    )
    assert result["decision"] == "modify"
    assert {"bleeding_risk.anticoagulant", "osteoporosis.severe"} <= codes(result)
    assert result["max_pressure"] in ("light", "medium")


def test_pregnancy_mentioned_in_notes_applies_the_pregnancy_rules(medmassage: Command) -> None:
    result = medmassage(
        "plan",
        intake(complaints=[{"region": "upper_back", "onset": "2025-05-01"}], notes="pregnant"),
    )
    assert {"pregnancy", "pregnancy.positioning", "pregnancy.legs"} <= codes(result)


def test_plain_text_without_signs_changes_nothing(medmassage: Command) -> None:
    document = intake(
        complaints=[
            {"region": "neck", "onset": "2025-05-01", "description": "stiff after desk work"}
        ],
        notes="no red flags; denies chest pain, fever or dizziness",
    )
    result = medmassage("plan", document)
    assert result["decision"] == "proceed"
    assert result["text_hits"] == []


def test_every_term_target_is_a_structured_answer() -> None:
    kb = knowledge()
    for targets in kb.text_scanner.terms.values():
        for phrase in targets:
            kind, _, key = phrase.target.partition(".")
            if kind == "red_flags":
                assert key in kb.questions
            elif kind == "medications":
                assert key in kb.medication_classes
            assert phrase.target in kb.text_scanner.prompts
