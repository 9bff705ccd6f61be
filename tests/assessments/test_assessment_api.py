"""The assessments API: all or nothing, 422 naming `rom[1].degrees`, 404 outside, 403 desk."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.test import Client as Browser

from medmassage.assessments.models import Assessment
from tests.builders import NDI_EXAMPLE, clinical_counts, events
from tests.cast import Cast, logged_in

BODY: dict[str, Any] = {
    "assessed_on": None,
    "notes": "Stiff neck",
    "rom": [
        {"joint": "cervical", "movement": "rotation", "side": "left", "degrees": 60, "pain": True},
        {"joint": "cervical", "movement": "rotation", "side": "right", "degrees": 80},
        {"joint": "hip", "movement": "flexion", "side": "right", "degrees": 100},
    ],
    "posture": [{"region": "shoulder", "observation": "elevated_shoulder", "side": "left"}],
    "palpation": [{"region": "neck", "side": "left", "tenderness": 2, "trigger_points": True}],
    "special_tests": [{"test": "slump", "result": "negative"}],
    "questionnaires": [{"instrument": "ndi", "answers": NDI_EXAMPLE}],
}


def post(browser: Browser, client_id: int, body: dict[str, Any]) -> Any:
    return browser.post(
        f"/api/v1/clients/{client_id}/assessments",
        data=json.dumps(body),
        content_type="application/json",
    )


def with_changes(**changes: Any) -> dict[str, Any]:
    return {**json.loads(json.dumps(BODY)), **changes}


def test_an_assessment_through_the_api(cast: Cast) -> None:
    response = post(logged_in(cast.therapist), cast.client.pk, BODY)

    assert response.status_code == 201
    body = response.json()
    assert body["client_id"] == cast.client.pk
    assert [r["normal_degrees"] for r in body["rom"]] == [80, 80, 125]
    assert body["rom"][2]["percent_of_normal"] == pytest.approx(80)
    rotation, hip = body["rom_comparisons"]
    assert rotation["text"] == (
        "Cervical rotation: L 60° / R 80° (normal 80°), 25% less on the left; pain on movement (L)"
    )
    assert (rotation["difference"], rotation["less_side"]) == (20, "left")
    assert rotation["percent_less"] == pytest.approx(25)
    assert hip["text"] == "Hip flexion R: 100° (normal 125°), 80% of normal"
    assert body["palpation"][0]["tone"] == "normal"
    assert body["special_tests"][0]["region"] == "lower_back"
    [ndi] = body["questionnaires"]
    assert (ndi["score"], ndi["band"], ndi["context"]) == (42, "moderate", "baseline")
    assert ndi["assessment_id"] == body["id"]


@pytest.mark.parametrize(
    ("change", "key", "words"),
    [
        (
            {
                "rom": [
                    BODY["rom"][0],
                    {"joint": "cervical", "movement": "rotation", "side": "right", "degrees": 400},
                ]
            },
            "rom[1].degrees",
            "0 to 360",
        ),
        (
            {"questionnaires": [{"instrument": "ndi", "answers": [3, 2, 7, 0, 0, 2, 5, 2, 2, 2]}]},
            "questionnaires[0].answers",
            "ndi item 3: 7 is out of range",
        ),
        (
            {"palpation": [{"region": "neck", "side": "left", "tenderness": 4}]},
            "palpation[0].tenderness",
            "graded 0 to 3",
        ),
        ({"assessed_on": "2999-01-01"}, "assessed_on", "future"),
    ],
)
def test_a_bad_value_gets_422_naming_the_field_and_nothing_is_saved(
    cast: Cast, change: dict[str, Any], key: str, words: str
) -> None:
    before = clinical_counts()

    response = post(logged_in(cast.therapist), cast.client.pk, with_changes(**change))

    assert response.status_code == 422
    errors = response.json()["errors"]
    assert list(errors) == [key]
    assert words in errors[key][0]
    assert clinical_counts() == before
    assert not events("assessments.assessment.recorded")


def test_a_value_of_the_wrong_type_gets_422_naming_the_field(cast: Cast) -> None:
    rom = [{"joint": "knee", "movement": "flexion", "side": "left", "degrees": "a lot"}]

    response = post(logged_in(cast.therapist), cast.client.pk, with_changes(rom=rom))

    assert response.status_code == 422
    fields = [error["field"] for error in response.json()["errors"]]
    assert any("payload.rom.0.degrees" in field for field in fields), fields
    assert clinical_counts()["Assessment"] == 0


def test_list_and_read_are_audited(cast: Cast) -> None:
    browser = logged_in(cast.owner)
    created = post(browser, cast.client.pk, BODY).json()

    listed = browser.get(f"/api/v1/clients/{cast.client.pk}/assessments").json()
    read = browser.get(f"/api/v1/assessments/{created['id']}").json()

    assert [a["id"] for a in listed] == [created["id"]]
    assert read == created
    assert len(events("assessments.list.viewed", client_id=cast.client.pk)) == 1
    [viewed] = events("assessments.assessment.viewed")
    assert (viewed.subject_id, viewed.actor_id) == (str(created["id"]), cast.owner.pk)


def test_the_outsider_gets_404_and_nothing_of_the_record(cast: Cast) -> None:
    created = post(logged_in(cast.therapist), cast.client.pk, BODY).json()
    outsider = logged_in(cast.outsider)
    before = clinical_counts()

    responses = [
        outsider.get(f"/api/v1/clients/{cast.client.pk}/assessments"),
        outsider.get(f"/api/v1/assessments/{created['id']}"),
        post(outsider, cast.client.pk, BODY),
    ]

    for response in responses:
        assert response.status_code == 404
        assert response.json() == {"detail": "Not found"}
    assert clinical_counts() == before
    assert not events("assessments.assessment.viewed")


def test_front_desk_gets_nothing_clinical(cast: Cast) -> None:
    created = post(logged_in(cast.therapist), cast.client.pk, BODY).json()
    desk = logged_in(cast.front_desk)

    responses = [
        desk.get(f"/api/v1/clients/{cast.client.pk}/assessments"),
        desk.get(f"/api/v1/assessments/{created['id']}"),
        post(desk, cast.client.pk, BODY),
    ]

    for response in responses:
        assert response.status_code == 403
        assert "Cervical" not in response.content.decode()
    assert Assessment.objects.for_clinic(cast.clinic).count() == 1
