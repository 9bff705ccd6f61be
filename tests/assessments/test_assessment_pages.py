"""Assessment pages: the form with normals beside the values, saved all or nothing, read back."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.test import Client as Browser
from django.urls import reverse

from medmassage.assessments.models import Assessment, RangeOfMotion
from tests.builders import NDI_EXAMPLE, clinical_counts, events
from tests.cast import Cast, logged_in


def create_url(client_id: int, query: str = "") -> str:
    return reverse("assessments:create", args=[client_id]) + query


def ndi(values: list[int | None]) -> dict[str, Any]:
    return {f"q-ndi-item_{n}": v for n, v in enumerate(values, 1) if v is not None}


def form_data(**changes: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "assessed_on": "",
        "notes": "Left-sided neck stiffness.",
        "rom-0-motion": "cervical:rotation",
        "rom-0-side": "left",
        "rom-0-degrees": "60",
        "rom-0-pain": "on",
        "rom-1-motion": "cervical:rotation",
        "rom-1-side": "right",
        "rom-1-degrees": "80",
        # A row left blank, as a browser sends it (selects keep their defaults).
        "rom-2-motion": "",
        "rom-2-side": "none",
        "rom-2-degrees": "",
        "posture-0-observation": "forward_head",
        "posture-0-region": "neck",
        "palpation-0-region": "neck",
        "palpation-0-side": "left",
        "palpation-0-tenderness": "2",
        "palpation-0-trigger_points": "on",
        "palpation-0-tone": "high",
        "palpation-1-region": "",
        "palpation-1-side": "both",
        "palpation-1-tenderness": "0",
        "palpation-1-tone": "normal",
        "special_tests-0-test": "spurling",
        "special_tests-0-side": "left",
        "special_tests-0-result": "positive",
        "questionnaires": ["ndi"],
        **ndi(NDI_EXAMPLE),
    }
    data.update(changes)
    return data


def test_the_form_offers_movements_with_their_normals(cast: Cast) -> None:
    page = logged_in(cast.therapist).get(create_url(cast.client.pk)).content.decode()

    assert 'id="id_rom-0-motion"' in page
    assert 'data-rom-motion="rom-0-normal"' in page
    assert re.search(r'value="cervical:rotation"[^>]*data-normal="80"[^>]*data-sided="true"', page)
    assert re.search(r'value="knee:flexion"[^>]*data-normal="140"', page)
    assert '<output id="rom-0-normal"' in page
    assert 'id="assessment-submit"' in page
    assert "assessments/assessment-form.js" in page
    assert "<script>" not in page  # the Content Security Policy allows no inline script


def test_the_form_offers_nprs_unless_other_instruments_are_asked(cast: Cast) -> None:
    browser = logged_in(cast.therapist)

    default = browser.get(create_url(cast.client.pk)).content.decode()
    asked = browser.get(create_url(cast.client.pk, "?instruments=ndi,psfs,nope")).content.decode()

    assert 'data-questionnaire="nprs"' in default
    assert 'data-questionnaire="ndi"' not in default
    assert 'data-questionnaire="ndi"' in asked
    assert 'name="q-psfs-activity_1"' in asked
    assert "nope" not in asked
    assert 'id="add-questionnaire-button"' in default


def test_saving_records_everything_and_shows_the_comparison(cast: Cast) -> None:
    browser = logged_in(cast.therapist)

    response = browser.post(create_url(cast.client.pk), form_data())

    assessment = Assessment.objects.for_clinic(cast.clinic).get()
    assert response.status_code == 302
    assert response["Location"] == reverse("assessments:detail", args=[assessment.pk])
    assert RangeOfMotion.objects.for_clinic(cast.clinic).count() == 2
    page = browser.get(response["Location"]).content.decode()
    assert "Cervical rotation: L 60° / R 80° (normal 80°), 25% less on the left" in page
    assert "Spurling&#x27;s test, Neck, left: <strong>Positive</strong>" in page
    assert "Forward head: Neck" in page
    assert re.search(r'data-instrument="ndi".*42 \(moderate\)', page)


def test_the_normal_is_shown_again_when_the_form_comes_back(cast: Cast) -> None:
    response = logged_in(cast.therapist).post(
        create_url(cast.client.pk), form_data(**{"rom-1-degrees": "400"})
    )

    page = response.content.decode()
    assert response.status_code == 422
    assert re.search(r'<output id="rom-1-normal"[^>]*>normal 80°</output>', page)


def test_a_bad_value_is_shown_on_its_row_and_nothing_is_saved(cast: Cast) -> None:
    before = clinical_counts()

    response = logged_in(cast.therapist).post(
        create_url(cast.client.pk), form_data(**{"rom-1-degrees": "400"})
    )

    page = response.content.decode()
    assert response.status_code == 422
    assert "Nothing was saved." in page
    assert re.search(r'data-errors-for="rom-1".*degrees must be 0 to 360, got 400', page)
    assert clinical_counts() == before


def test_one_bad_questionnaire_saves_nothing_at_all(cast: Cast) -> None:
    before = clinical_counts()

    data = form_data()
    del data["q-ndi-item_3"], data["q-ndi-item_4"]  # left unchosen

    response = logged_in(cast.therapist).post(create_url(cast.client.pk), data)

    page = response.content.decode()
    assert response.status_code == 422
    assert 'id="questionnaire-ndi-errors"' in page
    assert "2 of 10 items unanswered (item 3, 4)" in page
    assert clinical_counts() == before
    assert not events("assessments.assessment.recorded")


def test_a_half_filled_row_asks_for_its_movement(cast: Cast) -> None:
    response = logged_in(cast.therapist).post(
        create_url(cast.client.pk), form_data(**{"rom-4-degrees": "30"})
    )

    assert response.status_code == 422
    assert re.search(
        r'data-errors-for="rom-4".*choose one, or clear the row', response.content.decode()
    )
    assert clinical_counts()["Assessment"] == 0


def test_the_side_must_fit_the_movement(cast: Cast) -> None:
    response = logged_in(cast.therapist).post(
        create_url(cast.client.pk), form_data(**{"rom-1-side": "none"})
    )

    assert response.status_code == 422
    assert "Cervical rotation is measured on each side" in response.content.decode()


def test_the_list_and_the_assessment_are_audited(cast: Cast) -> None:
    browser = logged_in(cast.owner)
    browser.post(create_url(cast.client.pk), form_data())
    assessment = Assessment.objects.for_clinic(cast.clinic).get()

    listed = browser.get(reverse("assessments:list", args=[cast.client.pk]))
    browser.get(reverse("assessments:detail", args=[assessment.pk]))

    assert reverse("assessments:detail", args=[assessment.pk]) in listed.content.decode()
    assert 'id="new-assessment"' in listed.content.decode()
    assert len(events("assessments.list.viewed")) == 1
    [viewed] = events("assessments.assessment.viewed")
    assert viewed.subject_id == str(assessment.pk)


def pages(cast: Cast, assessment: Assessment) -> list[tuple[str, str]]:
    return [
        ("get", reverse("assessments:list", args=[cast.client.pk])),
        ("get", create_url(cast.client.pk)),
        ("post", create_url(cast.client.pk)),
        ("get", reverse("assessments:detail", args=[assessment.pk])),
    ]


def send(browser: Browser, method: str, path: str) -> Any:
    return browser.post(path, form_data()) if method == "post" else browser.get(path)


def test_the_outsider_gets_404_and_sees_nothing(cast: Cast) -> None:
    logged_in(cast.therapist).post(create_url(cast.client.pk), form_data())
    assessment = Assessment.objects.for_clinic(cast.clinic).get()
    browser = logged_in(cast.outsider)
    before = clinical_counts()

    for method, path in pages(cast, assessment):
        response = send(browser, method, path)
        assert response.status_code == 404, path
        body = response.content.decode()
        assert cast.client.family_name not in body
        assert "Cervical rotation" not in body
    assert clinical_counts() == before
    assert not events("assessments.assessment.viewed")


@pytest.mark.parametrize("index", range(4))
def test_front_desk_gets_nothing_clinical(cast: Cast, index: int) -> None:
    logged_in(cast.therapist).post(create_url(cast.client.pk), form_data())
    assessment = Assessment.objects.for_clinic(cast.clinic).get()
    method, path = pages(cast, assessment)[index]
    before = clinical_counts()

    response = send(logged_in(cast.front_desk), method, path)

    assert response.status_code == 403
    assert "Cervical rotation" not in response.content.decode()
    assert clinical_counts() == before
