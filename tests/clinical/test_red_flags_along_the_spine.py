"""Issue 9 point 1: the systemic spinal red flags follow the whole spine, not the lower back;
neck trauma with a dangerous mechanism or midline tenderness is an urgent referral."""

from __future__ import annotations

from typing import Any

import pytest

from medmassage.clinical.knowledge import knowledge
from tests.clinical.plan_command import Command, codes, intake

SPINE = ("neck", "upper_back", "lower_back")
URGENT = "refer_urgent"


def _stops_urgently(result: dict[str, Any], code: str) -> None:
    assert result["decision"] == URGENT
    assert code in codes(result)
    assert result["techniques"] == []
    assert result["referral"]["urgency"] == "urgent"


@pytest.mark.parametrize("region", SPINE)
def test_new_spinal_pain_with_a_cancer_history(medmassage: Command, region: str) -> None:
    result = medmassage(
        "plan",
        intake(
            age=58,
            complaints=[{"region": region, "onset": "2026-02-10", "pain": 5}],
            history={"cancer": [{"site": "breast", "status": "remission"}]},
        ),
    )
    _stops_urgently(result, "red_flag.back_cancer_history")


@pytest.mark.parametrize("region", SPINE)
@pytest.mark.parametrize("question", ["night_pain", "unexplained_weight_loss"])
def test_night_pain_and_weight_loss_at_every_level(
    medmassage: Command, region: str, question: str
) -> None:
    result = medmassage(
        "plan",
        intake(
            complaints=[{"region": region, "onset": "2025-06-01", "pain": 4}],
            red_flags={question: True},
        ),
    )
    _stops_urgently(result, "red_flag.back_systemic")


@pytest.mark.parametrize("region", SPINE)
def test_fever_with_spinal_pain(medmassage: Command, region: str) -> None:
    result = medmassage(
        "plan",
        intake(
            complaints=[{"region": region, "onset": "2025-06-01"}],
            vitals={"temperature_c": 38.4},
        ),
    )
    _stops_urgently(result, "red_flag.back_fever")


@pytest.mark.parametrize("region", SPINE)
def test_immunosuppression_with_spinal_pain(medmassage: Command, region: str) -> None:
    result = medmassage(
        "plan",
        intake(
            complaints=[{"region": region, "onset": "2025-06-01"}],
            medications=["methotrexate"],
        ),
    )
    _stops_urgently(result, "red_flag.back_infection_risk")


@pytest.mark.parametrize("region", SPINE)
def test_minor_trauma_with_osteoporosis(medmassage: Command, region: str) -> None:
    result = medmassage(
        "plan",
        intake(
            age=74,
            complaints=[{"region": region, "onset": "2025-06-01"}],
            history={"osteoporosis": {"severity": "mild"}},
            red_flags={"minor_trauma": True},
        ),
    )
    _stops_urgently(result, "red_flag.back_osteoporotic_trauma")


@pytest.mark.parametrize(
    "answers",
    [{"significant_trauma": True}, {"midline_tenderness": True}],
    ids=["dangerous mechanism", "midline tenderness"],
)
def test_neck_trauma_is_urgent(medmassage: Command, answers: dict[str, bool]) -> None:
    result = medmassage(
        "plan",
        intake(
            complaints=[{"region": "neck", "onset": "2026-02-26", "pain": 6}], red_flags=answers
        ),
    )
    _stops_urgently(result, "red_flag.neck_trauma")
    finding = next(f for f in result["findings"] if f["code"] == "red_flag.neck_trauma")
    assert not finding["overridable"]
    assert any("C-spine" in source for source in finding["sources"])


def test_significant_trauma_before_thoracic_pain_is_urgent(medmassage: Command) -> None:
    result = medmassage(
        "plan",
        intake(complaints=[{"region": "upper_back"}], red_flags={"significant_trauma": True}),
    )
    _stops_urgently(result, "red_flag.back_trauma")


def test_the_spinal_questions_are_asked_for_every_spinal_region() -> None:
    questions = knowledge().questions
    for key in ("night_pain", "unexplained_weight_loss", "significant_trauma", "minor_trauma"):
        assert set(SPINE) <= set(questions[key].regions), key
    assert "neck" in questions["midline_tenderness"].regions


def test_spinal_flags_do_not_follow_a_limb_complaint(medmassage: Command) -> None:
    result = medmassage(
        "plan",
        intake(
            complaints=[{"region": "shoulder", "side": "right", "onset": "2026-02-10"}],
            history={"cancer": [{"site": "prostate", "status": "remission"}]},
            red_flags={"night_pain": True},
        ),
    )
    assert not {"red_flag.back_cancer_history", "red_flag.back_systemic"} & codes(result)
    assert result["decision"] == "modify"  # the cancer history itself


def test_long_standing_neck_pain_after_cancer_is_not_a_red_flag(medmassage: Command) -> None:
    result = medmassage(
        "plan",
        intake(
            complaints=[{"region": "neck", "onset": "2023-01-01"}],
            history={"cancer": [{"site": "colon", "status": "completed"}]},
        ),
    )
    assert "red_flag.back_cancer_history" not in codes(result)
    assert result["decision"] == "modify"
