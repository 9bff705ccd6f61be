"""Free text is screened: the client's own words become prompts, shown on the intake page and
in the API, counted as a yes until answered; a plan waits for the answers, and so does a visit.
"""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from medmassage.intake.models import Intake
from medmassage.intake.prompts import PromptsUnanswered, unanswered
from medmassage.intake.services import answer_prompts, record_intake
from medmassage.plans.services import approve_plan, draft_plan
from tests.builders import Ready, actor, events, todays_vignette
from tests.cast import Cast, logged_in

# Words a client writes, and the structured question each must raise.
EMERGENCY_WORDS = [
    ("I get a crushing chest pain when I climb the stairs", "red_flags.chest_pain"),
    ("last week my face drooped and my arm went weak for an hour", "red_flags.stroke_signs"),
    (
        "since yesterday a fever and a stiff neck, and I feel confused",
        "red_flags.meningitis_signs",
    ),
]


def intake_with(ready: Ready, *, description: str = "", notes: str = "") -> Intake:
    document: dict[str, Any] = todays_vignette("p1_neck_desk")
    if description:
        document["complaints"][0]["description"] = description
    if notes:
        document["notes"] = notes
    return record_intake(client=ready.client, by=actor(ready.therapist), document=document)


def answer_all(intake: Intake, ready: Ready, *, yes: set[str]) -> Intake:
    answers = [
        {"target": p.target, "field": p.field, "answer": p.target in yes}
        for p in unanswered(intake.screening)
    ]
    return answer_prompts(intake=intake, by=actor(ready.therapist), answers=answers)


@pytest.mark.parametrize(("words", "target"), EMERGENCY_WORDS)
def test_emergency_words_count_as_yes_until_answered(ready: Ready, words: str, target: str) -> None:
    intake = intake_with(ready, description=words)

    assert intake.decision == "refer_emergency"
    assert target in {p.target for p in unanswered(intake.screening)}


@pytest.mark.parametrize(("words", "target"), EMERGENCY_WORDS)
def test_an_answer_of_no_lifts_the_worse_case_and_yes_keeps_it(
    ready: Ready, words: str, target: str
) -> None:
    intake = intake_with(ready, description=words)

    cleared = answer_all(intake, ready, yes=set())
    confirmed = answer_all(intake, ready, yes={target})

    assert (cleared.version, cleared.decision) == (intake.version + 1, "proceed")
    assert not unanswered(cleared.screening)
    assert confirmed.decision == "refer_emergency"
    asked = len(unanswered(intake.screening))
    assert events("intake.prompts.answered")[-1].details == {"from_version": 1, "answers": asked}


@pytest.mark.parametrize(
    "words",
    [
        "no chest pain, no fever, no numbness",
        "denies any dizziness or double vision",
        "sore after long days at the desk",
    ],
)
def test_words_that_report_nothing_raise_no_prompt(ready: Ready, words: str) -> None:
    intake = intake_with(ready, description=words, notes="no other problems")

    assert intake.screening["text_hits"] == []
    assert intake.decision == "proceed"


@pytest.mark.parametrize(
    ("notes", "target"),
    [
        ("I am pregnant, about 20 weeks", "pregnancy"),
        ("started warfarin last month", "medications.anticoagulant"),
    ],
)
def test_anything_else_is_screened_for_contraindications(
    ready: Ready, notes: str, target: str
) -> None:
    intake = intake_with(ready, notes=notes)

    assert target in {p.target for p in unanswered(intake.screening)}


def test_an_answer_must_name_a_prompt_of_the_intake(ready: Ready) -> None:
    intake = intake_with(ready, description=EMERGENCY_WORDS[0][0])

    with pytest.raises(ValidationError) as refused:
        answer_prompts(
            intake=intake,
            by=actor(ready.therapist),
            answers=[{"target": "red_flags.stroke_signs", "field": "notes", "answer": False}],
        )

    assert "text_answers[0]" in str(refused.value)
    assert Intake.objects.for_clinic(ready.cast.clinic).count() == 1


def test_a_plan_waits_for_the_answers(ready: Ready) -> None:
    intake = intake_with(ready, notes="I had a fever and chills this week")
    plan = draft_plan(client=ready.client, by=actor(ready.therapist))

    with pytest.raises(PromptsUnanswered, match="before approving the plan"):
        approve_plan(plan=plan, by=actor(ready.therapist))

    answer_all(intake, ready, yes=set())
    redrafted = draft_plan(client=ready.client, by=actor(ready.therapist))
    assert approve_plan(plan=redrafted, by=actor(ready.therapist)).status == "approved"


# --- Pages and API ----------------------------------------------------------------------------


def test_the_intake_page_shows_the_prompts_and_records_the_answers(ready: Ready) -> None:
    intake = intake_with(ready, description=EMERGENCY_WORDS[1][0])
    browser = logged_in(ready.cast.therapist)

    page = browser.get(reverse("intake:detail", args=[intake.pk])).content.decode()
    assert 'id="text-prompts"' in page
    assert "my face drooped" in page
    assert "counts as yes until you ask" in page

    indexes = [p.index for p in unanswered(intake.screening)]
    response = browser.post(
        reverse("intake:answer-prompts", args=[intake.pk]),
        {f"prompt-{index}": "no" for index in indexes},
    )
    latest = Intake.objects.for_clinic(ready.cast.clinic).latest("version")
    assert response.status_code == 302
    assert response["Location"] == reverse("intake:detail", args=[latest.pk])
    assert not unanswered(latest.screening)


def test_a_refused_answer_keeps_what_was_chosen(ready: Ready) -> None:
    intake = intake_with(ready, description=EMERGENCY_WORDS[0][0])
    prompt = unanswered(intake.screening)[0]

    response = logged_in(ready.cast.therapist).post(
        reverse("intake:answer-prompts", args=[intake.pk]),
        {f"prompt-{prompt.index}-note": "asked, she said only when running"},
    )

    assert response.status_code == 422
    assert "asked, she said only when running" in response.content.decode()


def test_the_api_lists_the_prompts_and_takes_the_answers(ready: Ready) -> None:
    intake = intake_with(ready, description=EMERGENCY_WORDS[0][0])
    browser = logged_in(ready.cast.therapist)

    shown = browser.get(f"/api/v1/intakes/{intake.pk}").json()
    hit = next(h for h in shown["screening"]["text_hits"] if h["unanswered"])
    wrong = browser.post(
        f"/api/v1/intakes/{intake.pk}/prompt-answers",
        {"answers": [{"target": hit["target"], "field": "notes", "answer": False}]},
        content_type="application/json",
    )
    right = browser.post(
        f"/api/v1/intakes/{intake.pk}/prompt-answers",
        {"answers": [{"target": hit["target"], "field": hit["field"], "answer": False}]},
        content_type="application/json",
    )

    assert wrong.status_code == 422
    assert "text_answers[0]" in wrong.json()["errors"]
    assert right.status_code == 201
    assert right.json()["version"] == 2
    assert not [h for h in right.json()["screening"]["text_hits"] if h["unanswered"]]


def test_a_check_in_with_worrying_words_keeps_the_form_and_asks(ready: Ready, plan: Any) -> None:
    browser = logged_in(ready.cast.therapist)
    url = reverse("visits:check-in", args=[ready.client.pk])
    typed = {"temperature_c": "36.8", "new_symptoms": "sudden shortness of breath at night"}

    asked = browser.post(url, typed)

    page = asked.content.decode()
    assert asked.status_code == 409
    assert 'id="text-prompts"' in page
    assert 'value="36.8"' in page
    assert "sudden shortness of breath at night" in page
    index = page.split('name="prompt-')[1].split("-target")[0]
    answered = browser.post(url, {**typed, **hidden_prompt_fields(page), f"prompt-{index}": "no"})
    assert answered.status_code == 302


def hidden_prompt_fields(page: str) -> dict[str, str]:
    fields = {}
    for chunk in page.split('<input type="hidden" name="prompt-')[1:]:
        name, rest = chunk.split('"', 1)
        fields[f"prompt-{name}"] = rest.split('value="', 1)[1].split('"', 1)[0]
    return fields


def test_the_outsider_cannot_answer_another_clinics_prompts(ready: Ready, cast: Cast) -> None:
    intake = intake_with(ready, description=EMERGENCY_WORDS[0][0])

    response = logged_in(cast.outsider).post(
        reverse("intake:answer-prompts", args=[intake.pk]), {"prompt-0": "no"}
    )

    assert response.status_code == 404
    assert Intake.objects.for_clinic(ready.cast.clinic).count() == 1
