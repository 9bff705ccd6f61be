"""The second safety pass through the intake page: the red flags that follow the spine, the
emergencies asked of everyone, and unknown details read strictly, each with several cases."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from medmassage.intake.models import Intake
from tests.cast import Cast, logged_in
from tests.intake.test_intake_pages import EVERYONE, LOW_BACK, NECK, SPINE, answers

UPPER_BACK = SPINE  # the systemic spinal flags are the upper back's questions


def intake_form(region: str, region_questions: tuple[str, ...], **given: str) -> dict[str, Any]:
    """A filled-in intake: one complaint, every question answered no unless given."""
    return {
        "visit_date": "2026-03-01",
        "complaints[0].region": region,
        "complaints[0].side": "both",
        "complaints[0].pain": "5",
        **answers(EVERYONE, **given),
        **answers(region_questions, **given),
        "save": "1",
    }


def saved(cast: Cast, form: dict[str, Any]) -> tuple[Intake, str]:
    response = logged_in(cast.therapist).post(
        reverse("intake:new", args=[cast.client.pk]), form, follow=True
    )
    assert response.status_code == 200, response.content.decode()[:500]
    return Intake.objects.for_clinic(cast.clinic).latest("version"), response.content.decode()


@pytest.mark.parametrize(
    ("region", "questions", "flag"),
    [
        ("neck", NECK, "night_pain"),
        ("neck", NECK, "unexplained_weight_loss"),
        ("upper_back", UPPER_BACK, "night_pain"),
        ("upper_back", UPPER_BACK, "significant_trauma"),
        ("lower_back", (*SPINE, *LOW_BACK), "unexplained_weight_loss"),
    ],
)
def test_systemic_spinal_flags_refer_urgently_whichever_part_of_the_spine(
    consented: Cast, region: str, questions: tuple[str, ...], flag: str
) -> None:
    intake, page = saved(consented, intake_form(region, questions, **{flag: "yes"}))

    assert intake.decision == "refer_urgent"
    assert 'id="red-flag-alert"' in page


@pytest.mark.parametrize("flag", ["midline_tenderness", "significant_trauma"])
def test_neck_trauma_or_midline_tenderness_is_an_urgent_referral(
    consented: Cast, flag: str
) -> None:
    intake, _page = saved(consented, intake_form("neck", NECK, **{flag: "yes"}))

    assert intake.decision == "refer_urgent"


@pytest.mark.parametrize(
    ("flag", "region", "questions"),
    [
        ("chest_pain", "knee", ()),
        ("stroke_signs", "shoulder", ()),
        ("meningitis_signs", "lower_back", (*SPINE, *LOW_BACK)),
        ("chest_pain", "neck", NECK),
    ],
)
def test_emergencies_stop_treatment_whatever_the_complaint(
    consented: Cast, flag: str, region: str, questions: tuple[str, ...]
) -> None:
    intake, page = saved(consented, intake_form(region, questions, **{flag: "yes"}))

    assert intake.decision == "refer_emergency"
    assert "Stop: emergency referral" in page


@pytest.mark.parametrize(
    ("history", "expected"),
    [
        ({"history.osteoporosis": "yes"}, "modify"),
        ({"history.heart_failure": "yes"}, "clearance"),
    ],
)
def test_a_condition_given_without_its_detail_is_read_strictly(
    consented: Cast, history: dict[str, str], expected: str
) -> None:
    intake, page = saved(consented, {**intake_form("knee", ()), **history})

    assert intake.decision == expected
    assert "not stated" in page.lower() or "not given" in page.lower() or "unknown" in page.lower()
