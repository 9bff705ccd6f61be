"""The intake API: POST the intake document, get the screening back; versions; access."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client as HttpClient

from medmassage.accounts.models import User
from medmassage.accounts.tokens import issue_token
from medmassage.intake.models import Intake
from medmassage.intake.services import record_intake
from tests.builders import actor, events, membership, vignette
from tests.cast import Cast
from tests.intake.conftest import Api, give_consent, intakes_of

ApiFor = Callable[[User], Api]


def intakes_path(cast: Cast, client_id: int | None = None) -> str:
    return f"/clients/{client_id or cast.client.pk}/intakes"


def body(response: Any) -> Any:
    return json.loads(response.content)


def test_post_cauda_equina_answers_201_with_the_emergency(consented: Cast, api: ApiFor) -> None:
    response = api(consented.therapist).post(intakes_path(consented), vignette("p2_cauda_equina"))

    assert response.status_code == 201
    created = body(response)
    assert created["version"] == 1
    assert created["client_id"] == consented.client.pk
    assert created["decision"] == "refer_emergency"
    assert created["screening"]["decision"] == "refer_emergency"
    finding = created["screening"]["findings"][0]
    assert finding["code"] == "red_flag.cauda_equina"
    assert finding["kind"] == "red_flag"
    assert finding["sources"]
    assert finding["action"]
    assert finding["rationale"]
    assert created["document"]["age"] == 45  # from the client's date of birth
    assert created["document"]["red_flags"] == vignette("p2_cauda_equina")["red_flags"]
    assert created["recorded_by"]["membership_id"] == membership(consented.therapist).pk


def test_post_apixaban_modifies_with_the_bleeding_finding(consented: Cast, api: ApiFor) -> None:
    response = api(consented.owner).post(intakes_path(consented), vignette("p3_apixaban_shoulder"))

    created = body(response)
    assert response.status_code == 201
    assert created["screening"]["decision"] == "modify"
    (finding,) = created["screening"]["findings"]
    assert finding["code"] == "bleeding_risk.anticoagulant"
    assert finding["regions"] == []
    assert finding["scope"] == "systemic"


def test_versions_are_listed_newest_first_and_each_can_be_read(
    consented: Cast, api: ApiFor
) -> None:
    client = api(consented.therapist)
    first = body(client.post(intakes_path(consented), vignette("p3_apixaban_shoulder")))
    second = body(client.post(intakes_path(consented), vignette("p2_cauda_equina")))

    listed = body(client.get(intakes_path(consented)))
    read = client.get(f"/intakes/{first['id']}")

    assert [(item["version"], item["decision"]) for item in listed] == [
        (2, "refer_emergency"),
        (1, "modify"),
    ]
    assert "document" not in listed[0]
    assert read.status_code == 200
    assert body(read) == first
    assert second["version"] == 2


@pytest.mark.parametrize(
    ("change", "path"),
    [
        ({"complaints": [{"region": "neck", "pain": 11}]}, "complaints[0].pain"),
        ({"complaints": [{"region": "neck", "side": "middle"}]}, "complaints[0].side"),
        ({"medications": [{"name": "apixaban", "class": "magic"}]}, "medications[0].class"),
        ({"history": {"surgeries": [{"region": "hip"}]}}, "history.surgeries[0].date"),
        ({"vitals": {"temperature_c": 99}}, "vitals.temperature_c"),
        ({"version": 2}, "version"),
        ({"favourite_colour": "blue"}, "favourite_colour"),
    ],
)
def test_invalid_documents_get_422_naming_the_field_and_save_nothing(
    consented: Cast, api: ApiFor, change: dict[str, Any], path: str
) -> None:
    response = api(consented.therapist).post(
        intakes_path(consented), {**vignette("p1_neck_desk"), **change}
    )

    assert response.status_code == 422
    errors = body(response)["errors"]
    assert list(errors) == [path]
    assert errors[path][0]
    assert intakes_of(consented.client) == 0
    assert events("intake.intake.recorded") == []


@pytest.mark.parametrize(
    ("raw", "message"),
    [("{not json", "not valid JSON"), ("[1, 2]", "must be a JSON object"), ("", "not valid JSON")],
)
def test_a_body_that_is_not_an_intake_document_gets_422(
    consented: Cast, api: ApiFor, raw: str, message: str
) -> None:
    response = api(consented.therapist).post(intakes_path(consented), None, raw=raw)

    assert response.status_code == 422
    assert message in body(response)["errors"]["document"][0]
    assert intakes_of(consented.client) == 0


def test_creating_and_viewing_are_audited(consented: Cast, api: ApiFor) -> None:
    client = api(consented.therapist)
    created = body(client.post(intakes_path(consented), vignette("p1_neck_desk")))
    client.get(intakes_path(consented))
    client.get(f"/intakes/{created['id']}")

    (recorded,) = events("intake.intake.recorded")
    (listed,) = events("intake.intake_list.viewed")
    (viewed,) = events("intake.intake.viewed")
    assert recorded.details == {"version": 1, "decision": "proceed"}
    assert listed.client_id == viewed.client_id == consented.client.pk
    assert viewed.subject_id == str(created["id"])


def test_a_bearer_token_works_too(consented: Cast) -> None:
    issued = issue_token(by=actor(membership(consented.therapist)), name="script")
    response = HttpClient().post(
        f"/api/v1{intakes_path(consented)}",
        json.dumps(vignette("p1_neck_desk")),
        content_type="application/json",
        headers={"Authorization": f"Bearer {issued.plaintext}"},
    )

    assert response.status_code == 201


# --- Who may see what -------------------------------------------------------------------------


@pytest.fixture
def their_intake(cast: Cast) -> Intake:
    give_consent(cast)
    return record_intake(
        client=cast.client,
        by=actor(membership(cast.therapist)),
        document=vignette("p2_cauda_equina"),
    )


def calls(cast: Cast, intake: Intake) -> list[tuple[str, str]]:
    return [
        ("GET", intakes_path(cast)),
        ("POST", intakes_path(cast)),
        ("GET", f"/intakes/{intake.pk}"),
    ]


def send(client: Api, method: str, path: str) -> Any:
    if method == "GET":
        return client.get(path)
    return client.post(path, vignette("p1_neck_desk"))


def test_the_outsider_gets_404_and_nothing_else(
    cast: Cast, their_intake: Intake, api: ApiFor
) -> None:
    outsider = api(cast.outsider)

    for method, path in calls(cast, their_intake):
        response = send(outsider, method, path)

        assert response.status_code == 404, path
        assert body(response) == {"detail": "Not found"}
    assert intakes_of(cast.client) == 1


def test_front_desk_gets_403_on_everything_clinical(
    cast: Cast, their_intake: Intake, api: ApiFor
) -> None:
    desk = api(cast.front_desk)

    for method, path in calls(cast, their_intake):
        response = send(desk, method, path)

        assert response.status_code == 403, path
        assert set(body(response)) == {"detail"}
    assert intakes_of(cast.client) == 1


def test_the_schema_documents_the_intake_document_as_the_body(cast: Cast, api: ApiFor) -> None:
    schema = body(api(cast.therapist).get("/openapi.json"))

    operation = schema["paths"]["/api/v1/clients/{client_id}/intakes"]["post"]
    document = operation["requestBody"]["content"]["application/json"]["schema"]
    assert {"complaints", "red_flags", "medications", "history"} <= set(document["properties"])
    assert "201" in operation["responses"]
