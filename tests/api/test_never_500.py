"""The API answers bad input with 422 naming the field, never 500: null in text fields, NUL
characters, `dob=0`, a list where an object belongs, unknown keys at any depth; every status it
can answer is in the OpenAPI document; a stranger's unsafe call is a 401, not a CSRF 403."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.test import Client as Browser
from django.urls import reverse

from medmassage.clients.schemas import ClientPatch
from tests.builders import Ready, todays_vignette
from tests.cast import Cast, logged_in

TEXT_FIELDS = sorted(
    name
    for name, field in ClientPatch.model_fields.items()
    if name != "primary_therapist_id" and "str" in str(field.annotation)
)


def send(browser: Browser, method: str, path: str, body: object) -> Any:
    return browser.generic(method, path, data=json.dumps(body), content_type="application/json")


def error_fields(response: Any) -> set[str]:
    errors = json.loads(response.content)["errors"]
    if isinstance(errors, dict):
        return set(errors)
    return {error["field"].split(".")[-1] for error in errors}


@pytest.mark.parametrize("field", TEXT_FIELDS)
def test_null_in_a_text_field_of_a_patch_is_a_422_naming_it(cast: Cast, field: str) -> None:
    response = send(
        logged_in(cast.therapist), "PATCH", f"/api/v1/clients/{cast.client.pk}", {field: None}
    )

    assert response.status_code == 422
    assert field in error_fields(response)


def test_null_unassigns_the_primary_therapist(cast: Cast) -> None:
    path = f"/api/v1/clients/{cast.client.pk}"
    response = send(logged_in(cast.therapist), "PATCH", path, {"primary_therapist_id": None})

    assert response.status_code == 200


@pytest.mark.parametrize(
    ("method", "path", "body"),
    [
        (
            "POST",
            "/api/v1/clients",
            {"given_name": "Nul\u0000", "family_name": "X", "date_of_birth": "1990-01-01"},
        ),
        ("PATCH", "/api/v1/clients/{client}", {"address": "1 Main St\u0000"}),
        (
            "POST",
            "/api/v1/clients/{client}/consents",
            {"notes": "\u0000", "topics": [], "signature_method": "typed", "signature": "A"},
        ),
        ("PATCH", "/api/v1/clients/{client}", {"given\u0000name": "X"}),
    ],
    ids=["create", "patch", "nested", "key"],
)
def test_a_nul_character_anywhere_in_a_body_is_a_422(
    cast: Cast, method: str, path: str, body: dict[str, Any]
) -> None:
    response = send(logged_in(cast.therapist), method, path.format(client=cast.client.pk), body)

    assert response.status_code == 422
    assert "NUL" in response.content.decode()


def test_a_nul_character_in_a_query_is_a_422(cast: Cast) -> None:
    response = logged_in(cast.therapist).get("/api/v1/clients", {"q": "Ada\u0000"})

    assert response.status_code == 422
    assert error_fields(response) == {"query.q"}


def test_a_nul_character_in_a_page_form_is_refused_not_a_crash(cast: Cast) -> None:
    response = logged_in(cast.therapist).post(reverse("accounts:tokens"), {"name": "x\u0000"})

    assert response.status_code == 400


@pytest.mark.parametrize("value", [0, 19900101, "0", "1990/01/01", True])
def test_a_date_is_only_ever_yyyy_mm_dd(cast: Cast, value: object) -> None:
    browser = logged_in(cast.therapist)

    query = browser.get("/api/v1/clients", {"dob": value})
    body = send(browser, "PATCH", f"/api/v1/clients/{cast.client.pk}", {"date_of_birth": value})

    assert query.status_code == 422
    assert body.status_code == 422
    assert "date_of_birth" in error_fields(body)


@pytest.mark.parametrize("body", [[], [["given_name", "X"]], "text", 3, None])
def test_a_body_that_is_not_an_object_is_a_422(cast: Cast, body: object) -> None:
    browser = logged_in(cast.therapist)

    response = send(browser, "PATCH", f"/api/v1/clients/{cast.client.pk}", body)

    assert response.status_code == 422
    cast.client.refresh_from_db()
    assert cast.client.given_name == "Ada"


def test_unknown_keys_are_refused_at_the_top_and_nested(ready: Ready, plan: Any) -> None:
    browser = logged_in(ready.cast.therapist)
    top = send(browser, "PATCH", f"/api/v1/clients/{ready.client.pk}", {"given_nam": "X"})
    document = todays_vignette("p1_neck_desk")
    document["complaints"][0]["severity_guess"] = "high"
    intake = send(browser, "POST", f"/api/v1/clients/{ready.client.pk}/intakes", document)
    draft = send(browser, "POST", f"/api/v1/clients/{ready.client.pk}/plans", {}).json()
    technique = {"technique": "swedish", "regions": [{"region": "neck", "zz": 1}]}
    nested = send(
        browser,
        "PATCH",
        f"/api/v1/plans/{draft['id']}",
        {"techniques": [{**technique, "max_pressure": "light", "minutes": 5}]},
    )

    assert top.status_code == 422
    assert intake.status_code == 422
    assert "complaints[0].severity_guess" in json.loads(intake.content)["errors"]
    assert nested.status_code == 422
    assert "zz" in nested.content.decode()


def walk_objects(schema: dict[str, Any], components: dict[str, Any], path: str) -> list[str]:
    """Object schemas reachable from a request body that would accept unknown keys."""
    if "$ref" in schema:
        name = schema["$ref"].rsplit("/", 1)[-1]
        return walk_objects(components[name], components, f"{path}<{name}>")
    loose = []
    if schema.get("type") == "object" and "properties" in schema:
        if schema.get("additionalProperties", True) is not False:
            loose.append(path)
        for key, inner in schema["properties"].items():
            loose += walk_objects(inner, components, f"{path}.{key}")
    for keyword in ("anyOf", "oneOf", "allOf"):
        for index, inner in enumerate(schema.get(keyword, [])):
            loose += walk_objects(inner, components, f"{path}|{index}")
    if "items" in schema and isinstance(schema["items"], dict):
        loose += walk_objects(schema["items"], components, f"{path}[]")
    return loose


@pytest.fixture
def document(cast: Cast) -> dict[str, Any]:
    return json.loads(logged_in(cast.owner).get("/api/v1/openapi.json").content)


def test_every_request_body_refuses_unknown_keys_at_every_depth(document: dict[str, Any]) -> None:
    components = document["components"]["schemas"]
    loose = []
    for path, operations in document["paths"].items():
        for method, operation in operations.items():
            body = operation.get("requestBody", {}).get("content", {}).get("application/json")
            if body:
                loose += walk_objects(body["schema"], components, f"{method.upper()} {path}")
    assert not loose, "these request bodies accept unknown keys"


def test_every_operation_documents_every_status_it_can_answer(document: dict[str, Any]) -> None:
    missing = []
    for path, operations in document["paths"].items():
        for method, operation in operations.items():
            statuses = {str(status) for status in operation["responses"]}
            if lacking := {"400", "401", "403", "404", "409", "422"} - statuses:
                missing.append(f"{method.upper()} {path}: {sorted(lacking)}")
    assert not missing


def test_a_strangers_unsafe_call_is_a_401_not_a_csrf_403(cast: Cast) -> None:
    stranger = Browser(enforce_csrf_checks=True)

    response = send(stranger, "POST", "/api/v1/clients", {})

    assert response.status_code == 401


def test_a_session_without_its_csrf_token_is_still_refused(cast: Cast) -> None:
    browser = logged_in(cast.therapist, enforce_csrf_checks=True)

    response = send(
        browser,
        "POST",
        "/api/v1/clients",
        {"given_name": "Csrf", "family_name": "Less", "date_of_birth": "1990-01-01"},
    )

    assert response.status_code == 403


def test_numbers_beyond_64_bits_are_refused_not_overflowed(cast: Cast) -> None:
    browser = logged_in(cast.owner)
    huge = 2**80

    in_path = browser.get(f"/api/v1/clients/{huge}")
    in_body = send(browser, "POST", "/api/v1/practitioners", {"user_id": huge})
    in_query = browser.get("/api/v1/clients", {"page": str(huge)})

    assert in_path.status_code == 404
    assert in_body.status_code == 422
    assert in_query.status_code == 422


def test_a_yes_no_field_takes_only_true_or_false(cast: Cast) -> None:
    response = send(
        logged_in(cast.therapist), "PATCH", f"/api/v1/clients/{cast.client.pk}", {"is_active": 0}
    )

    assert response.status_code == 422
    assert "is_active" in error_fields(response)


def test_unknown_keys_in_the_intakes_server_filled_parts_are_refused(ready: Ready) -> None:
    document = {**todays_vignette("p1_neck_desk"), "consents": {"informed": True, "x": 1}}

    response = send(
        logged_in(ready.cast.therapist),
        "POST",
        f"/api/v1/clients/{ready.client.pk}/intakes",
        document,
    )

    assert response.status_code == 422
    assert "consents.x" in json.loads(response.content)["errors"]


def test_a_superscript_digit_in_a_search_is_no_number(cast: Cast) -> None:
    response = logged_in(cast.therapist).get("/api/v1/clients", {"q": "8\u00b2"})

    assert response.status_code == 200


def test_an_intake_answer_of_0_is_not_false(ready: Ready) -> None:
    document = todays_vignette("p1_neck_desk")
    document.setdefault("red_flags", {})["night_pain"] = 0

    response = send(
        logged_in(ready.cast.therapist),
        "POST",
        f"/api/v1/clients/{ready.client.pk}/intakes",
        document,
    )

    assert response.status_code == 422
    assert "red_flags.night_pain" in json.loads(response.content)["errors"]


@pytest.mark.parametrize(
    ("field", "value"),
    [("date_of_birth", ""), ("age", -1), ("sex", "x"), ("consents", []), ("visit_date", None)],
)
def test_the_intakes_server_filled_parts_must_be_valid_when_sent(
    ready: Ready, field: str, value: object
) -> None:
    document = {**todays_vignette("p1_neck_desk"), field: value}

    response = send(
        logged_in(ready.cast.therapist),
        "POST",
        f"/api/v1/clients/{ready.client.pk}/intakes",
        document,
    )

    assert response.status_code == 422
    assert field in json.loads(response.content)["errors"]
