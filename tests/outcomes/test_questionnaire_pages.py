"""Questionnaire pages: items from the core, scored on save, refused clearly, clinic-only."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.test import Client as Browser
from django.urls import reverse

from medmassage.outcomes.models import Measurement
from medmassage.outcomes.services import record_measurement
from tests.builders import NDI_EXAMPLE, actor, clinical_counts, events, membership
from tests.cast import Cast, logged_in


def record_url(client_id: int, instrument: str) -> str:
    return reverse("outcomes:record", args=[client_id]) + f"?instrument={instrument}"


def answers(values: list[int | None], *, prefix: str = "") -> dict[str, Any]:
    data: dict[str, Any] = {
        f"{prefix}item_{n}": value for n, value in enumerate(values, 1) if value is not None
    }
    return data


def saved(cast: Cast) -> Measurement:
    return record_measurement(
        client=cast.client,
        by=actor(membership(cast.therapist)),
        instrument="ndi",
        answers=NDI_EXAMPLE,
        context="baseline",
    )


def test_the_form_draws_each_item_from_the_core_with_its_responses(cast: Cast) -> None:
    response = logged_in(cast.therapist).get(record_url(cast.client.pk, "ndi"))

    page = response.content.decode()
    assert response.status_code == 200
    assert len(re.findall(r'<fieldset class="item" data-item="\d+"', page)) == 10
    assert "Pain intensity" in page
    assert "Recreation" in page
    assert len(re.findall(r'type="radio" name="item_1"', page)) == 6  # 0 to 5
    assert 'id="questionnaire-submit"' in page
    # The first questionnaire of its kind for the client is offered as the baseline.
    assert '<option value="baseline" selected>' in page


def test_hit6_shows_its_response_values_with_their_words(cast: Cast) -> None:
    page = logged_in(cast.therapist).get(record_url(cast.client.pk, "hit6")).content.decode()

    for value, word in ((6, "never"), (8, "rarely"), (10, "sometimes"), (11, "very often")):
        assert f'value="{value}"' in page
        assert f"{value} ({word})" in page
    assert "13 (always)" in page


def test_saving_scores_and_shows_the_score_and_band(cast: Cast) -> None:
    browser = logged_in(cast.therapist)

    response = browser.post(
        record_url(cast.client.pk, "ndi"), {**answers(NDI_EXAMPLE), "context": "baseline"}
    )

    measurement = Measurement.objects.for_clinic(cast.clinic).get()
    assert response.status_code == 302
    assert response["Location"] == reverse("outcomes:detail", args=[measurement.pk])
    page = browser.get(response["Location"]).content.decode()
    assert re.search(r'id="measurement-score"[^>]*>42<', page)
    assert '<strong id="measurement-band">moderate</strong>' in page
    assert "higher is worse" in page
    assert (measurement.score, measurement.context) == (42, "baseline")


def test_an_unanswered_item_counts_as_missing(cast: Cast) -> None:
    browser = logged_in(cast.therapist)

    browser.post(
        record_url(cast.client.pk, "ndi"), {**answers([*NDI_EXAMPLE[:9], None]), "context": "visit"}
    )

    measurement = Measurement.objects.for_clinic(cast.clinic).get()
    assert measurement.answers[-1] is None
    assert measurement.display_score == "42.2"


def test_too_many_missing_is_shown_and_nothing_is_saved(cast: Cast) -> None:
    before = clinical_counts()

    response = logged_in(cast.therapist).post(
        record_url(cast.client.pk, "ndi"), {**answers([3, 2, 3]), "context": "baseline"}
    )

    page = response.content.decode()
    assert response.status_code == 422
    assert "Nothing was saved." in page
    assert "7 of 10 items unanswered" in page
    assert clinical_counts() == before
    assert not events("outcomes.measurement.recorded")


def test_a_value_that_is_not_offered_names_the_item(cast: Cast) -> None:
    data = {**answers(NDI_EXAMPLE), "item_3": "9", "context": "baseline"}

    response = logged_in(cast.therapist).post(record_url(cast.client.pk, "ndi"), data)

    assert response.status_code == 422
    assert 'data-field="item_3"' in response.content.decode()
    assert clinical_counts()["Measurement"] == 0


def test_psfs_takes_activities_typed_by_the_therapist(cast: Cast) -> None:
    browser = logged_in(cast.therapist)
    form = browser.get(record_url(cast.client.pk, "psfs")).content.decode()
    data = {
        "activity_1": "Lifting my daughter",
        "item_1": "3",
        "activity_2": "Gardening",
        "item_2": "5",
        "activity_3": "Driving",
        "item_3": "7",
        "context": "baseline",
    }

    response = browser.post(record_url(cast.client.pk, "psfs"), data)

    assert 'name="activity_5"' in form
    measurement = Measurement.objects.for_clinic(cast.clinic).get()
    assert response.status_code == 302
    assert measurement.activities == ["Lifting my daughter", "Gardening", "Driving"]
    assert measurement.score == 5
    assert "Lifting my daughter" in browser.get(response["Location"]).content.decode()


def test_a_rated_psfs_activity_needs_a_name(cast: Cast) -> None:
    data = {"activity_1": "Gardening", "item_1": "3", "item_2": "5", "activity_3": "Driving"}

    response = logged_in(cast.therapist).post(
        record_url(cast.client.pk, "psfs"), {**data, "item_3": "7", "context": "baseline"}
    )

    assert response.status_code == 422
    assert "activity 2: name the activity the client rated" in response.content.decode()


def test_an_unknown_questionnaire_is_not_found(cast: Cast) -> None:
    assert logged_in(cast.therapist).get(record_url(cast.client.pk, "vas")).status_code == 404


def test_the_list_shows_latest_against_baseline_and_is_audited(cast: Cast) -> None:
    saved(cast)

    page = logged_in(cast.owner).get(reverse("outcomes:list", args=[cast.client.pk]))

    body = page.content.decode()
    assert page.status_code == 200
    assert 'id="measure-summary"' in body
    assert "Neck Disability Index" in body
    assert "42 (moderate)" in body
    assert 'id="give-ndi"' in body
    [event] = events("outcomes.measurements.viewed")
    assert (event.client_id, event.actor_id) == (cast.client.pk, cast.owner.pk)


def test_the_result_page_is_audited(cast: Cast) -> None:
    measurement = saved(cast)

    logged_in(cast.therapist).get(reverse("outcomes:detail", args=[measurement.pk]))

    [event] = events("outcomes.measurement.viewed")
    assert event.subject_id == str(measurement.pk)


def test_the_questionnaire_fragment_is_prefixed_for_the_assessment_form(cast: Cast) -> None:
    response = logged_in(cast.therapist).get(
        reverse("outcomes:questionnaire-fields") + "?instrument=hit6"
    )

    page = response.content.decode()
    assert 'name="questionnaires" value="hit6"' in page
    assert 'name="q-hit6-item_1"' in page
    assert "data-remove-questionnaire" in page
    assert "<html" not in page


def outsider_pages(cast: Cast, measurement: Measurement) -> list[tuple[str, str]]:
    client_id = cast.client.pk
    return [
        ("get", reverse("outcomes:list", args=[client_id])),
        ("get", record_url(client_id, "ndi")),
        ("post", record_url(client_id, "ndi")),
        ("get", reverse("outcomes:detail", args=[measurement.pk])),
    ]


def test_the_outsider_gets_404_and_sees_nothing(cast: Cast) -> None:
    measurement = saved(cast)
    browser = logged_in(cast.outsider)

    for method, path in outsider_pages(cast, measurement):
        data = {**answers(NDI_EXAMPLE), "context": "baseline"} if method == "post" else None
        response = getattr(browser, method)(path, data)
        assert response.status_code == 404, path
        assert cast.client.family_name not in response.content.decode()
    assert clinical_counts()["Measurement"] == 1
    assert not events("outcomes.measurement.viewed")


@pytest.mark.parametrize("page", ["list", "record", "post", "detail", "fragment"])
def test_front_desk_gets_nothing_clinical(cast: Cast, page: str) -> None:
    measurement = saved(cast)
    browser: Browser = logged_in(cast.front_desk)
    paths = dict(
        zip(["list", "record", "post", "detail"], outsider_pages(cast, measurement), strict=True)
    )
    paths["fragment"] = ("get", reverse("outcomes:questionnaire-fields"))
    method, path = paths[page]

    response = getattr(browser, method)(path, answers(NDI_EXAMPLE) if method == "post" else None)

    assert response.status_code == 403
    assert "moderate" not in response.content.decode()
    assert clinical_counts()["Measurement"] == 1
