"""The measurements API: scored by the core, 422 naming the field, 404 outside, 403 front desk."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.test import Client as Browser

from medmassage.outcomes.models import Measurement
from tests.builders import NDI_EXAMPLE, clinical_counts, events
from tests.cast import Cast, logged_in


def url(client_id: int, query: str = "") -> str:
    return f"/api/v1/clients/{client_id}/measurements{query}"


def post(browser: Browser, client_id: int, body: dict[str, Any]) -> Any:
    return browser.post(url(client_id), data=json.dumps(body), content_type="application/json")


def test_the_ndi_worked_example_through_the_api(cast: Cast) -> None:
    response = post(
        logged_in(cast.therapist),
        cast.client.pk,
        {"instrument": "ndi", "answers": NDI_EXAMPLE, "context": "baseline"},
    )

    assert response.status_code == 201
    body = response.json()
    assert body["score"] == 42
    assert body["band"] == "moderate"
    assert (body["min"], body["max"], body["higher_is_better"]) == (0, 100, False)
    assert (body["answered"], body["items"], body["unit"]) == (10, 10, "percent")
    assert body["answers"] == NDI_EXAMPLE
    assert body["context"] == "baseline"
    assert body["recorded_by"]["name"] == cast.therapist.full_name
    assert Measurement.objects.for_clinic(cast.clinic).get().pk == body["id"]


def test_the_score_is_unrounded_and_a_band_may_be_null(cast: Cast) -> None:
    browser = logged_in(cast.owner)

    prorated = post(
        browser, cast.client.pk, {"instrument": "ndi", "answers": [*NDI_EXAMPLE[:9], None]}
    )
    quickdash = post(browser, cast.client.pk, {"instrument": "quickdash", "answers": [3] * 11})

    assert prorated.json()["score"] == pytest.approx(42.222222, abs=1e-9)
    assert quickdash.json()["band"] is None
    assert quickdash.json()["context"] == "on_demand"


def test_hit6_in_its_own_response_values(cast: Cast) -> None:
    response = post(
        logged_in(cast.therapist), cast.client.pk, {"instrument": "hit6", "answers": [6] * 6}
    )

    assert (response.json()["score"], response.json()["band"]) == (36, "little or no impact")


@pytest.mark.parametrize(
    ("body", "field", "words"),
    [
        ({"instrument": "ndi", "answers": [3, 2, 7, 0, 0, 2, 5, 2, 2, 2]}, "answers", "item 3"),
        ({"instrument": "ndi", "answers": [None] * 10}, "answers", "10 of 10 items unanswered"),
        ({"instrument": "sf36", "answers": [1]}, "instrument", "unknown instrument"),
        ({"instrument": "psfs", "answers": [3, 4, 5]}, "activities", "one activity for each"),
    ],
)
def test_bad_answers_get_422_naming_the_field_and_save_nothing(
    cast: Cast, body: dict[str, Any], field: str, words: str
) -> None:
    before = clinical_counts()

    response = post(logged_in(cast.therapist), cast.client.pk, body)

    assert response.status_code == 422
    errors = response.json()["errors"]
    assert words in " ".join(errors[field])
    assert clinical_counts() == before
    assert not events("outcomes.measurement.recorded")


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"instrument": "nprs", "answers": ["3"]}, "answers.0"),
        ({"instrument": "nprs", "answers": [3], "context": "weekly"}, "context"),
        ({"answers": [3]}, "instrument"),
    ],
)
def test_a_body_of_the_wrong_shape_gets_422_naming_the_field(
    cast: Cast, body: dict[str, Any], field: str
) -> None:
    response = post(logged_in(cast.therapist), cast.client.pk, body)

    assert response.status_code == 422
    fields = [error["field"] for error in response.json()["errors"]]
    assert any(f"payload.{field}" in name for name in fields), fields
    assert clinical_counts()["Measurement"] == 0


def test_the_list_filters_by_instrument_and_is_audited(cast: Cast) -> None:
    browser = logged_in(cast.therapist)
    post(browser, cast.client.pk, {"instrument": "ndi", "answers": NDI_EXAMPLE})
    post(browser, cast.client.pk, {"instrument": "nprs", "answers": [4]})

    everything = browser.get(url(cast.client.pk)).json()
    nprs = browser.get(url(cast.client.pk, "?instrument=nprs")).json()

    assert [m["instrument"] for m in everything] == ["ndi", "nprs"]
    assert [m["score"] for m in nprs] == [4]
    [first, second] = events("outcomes.measurements.viewed")
    assert (first.client_id, first.actor_id) == (cast.client.pk, cast.therapist.pk)
    assert second.details == {"instrument": "nprs"}


def test_an_unknown_instrument_filter_is_refused(cast: Cast) -> None:
    response = logged_in(cast.therapist).get(url(cast.client.pk, "?instrument=vas"))

    assert response.status_code == 422
    assert "instrument" in response.json()["errors"]


def test_the_outsider_gets_404_and_nothing_of_the_record(cast: Cast) -> None:
    post(logged_in(cast.therapist), cast.client.pk, {"instrument": "ndi", "answers": NDI_EXAMPLE})
    outsider = logged_in(cast.outsider)
    before = clinical_counts()

    listed = outsider.get(url(cast.client.pk))
    written = post(outsider, cast.client.pk, {"instrument": "nprs", "answers": [3]})

    for response in (listed, written):
        assert response.status_code == 404
        assert response.json() == {"detail": "Not found"}
    assert clinical_counts() == before


def test_front_desk_gets_nothing_clinical(cast: Cast) -> None:
    post(logged_in(cast.therapist), cast.client.pk, {"instrument": "ndi", "answers": NDI_EXAMPLE})
    desk = logged_in(cast.front_desk)

    listed = desk.get(url(cast.client.pk))
    written = post(desk, cast.client.pk, {"instrument": "nprs", "answers": [3]})

    for response in (listed, written):
        assert response.status_code == 403
        assert "42" not in response.content.decode()
    assert clinical_counts()["Measurement"] == 1


def test_strangers_get_401(db: None) -> None:
    assert Browser().get(url(1)).status_code == 401
