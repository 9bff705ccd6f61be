"""The clients API: same services as the pages, identity-only for front desk, 404 for outsiders."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client as HttpClient

from medmassage.accounts.tokens import issue_token
from medmassage.audit.models import AuditEvent
from medmassage.clients.models import Client, Consent
from tests.builders import actor, events, membership
from tests.cast import Cast
from tests.clients.conftest import DRAWN_PATH, REQUIRED_TOPICS, Api

NEW_CLIENT = {
    "given_name": "Mary",
    "family_name": "Seacole",
    "date_of_birth": "1955-11-23",
    "sex": "female",
    "phone": "+44 20 7946 0958",
    "emergency_contact_name": "Edwin Seacole",
    "emergency_contact_phone": "020 7946 0000",
    "referrer_name": "Dr Florence Grant",
}
CONSENT = {
    "topics": list(REQUIRED_TOPICS),
    "signature_method": "typed",
    "signature": "Ada Lovelace",
}
ApiFor = Callable[..., Api]


def clients_of(cast: Cast) -> int:
    return Client.objects.for_clinic(cast.clinic).count()


def consents_of(cast: Cast) -> int:
    return Consent.objects.for_clinic(cast.clinic).count()


def error_fields(response: Any) -> set[str]:
    """The fields a 422 names, as the service (`errors` by name) or the schema (`field`) does."""
    body = json.loads(response.content)
    errors = body["errors"]
    if isinstance(errors, dict):
        return set(errors)
    return {error["field"].split(".")[-1] for error in errors}


# --- Clients ----------------------------------------------------------------------------------


def test_search_lists_the_clinics_clients_a_page_at_a_time(cast: Cast, api: ApiFor) -> None:
    response = api(cast.front_desk).get("/clients", q="lov")

    assert response.status_code == 200
    body = json.loads(response.content)
    assert body["count"] == 1
    assert body["page"] == 1
    assert body["pages"] == 1
    (item,) = body["items"]
    assert item["id"] == cast.client.pk
    assert item["family_name"] == "Lovelace"
    assert "consent" not in item


@pytest.mark.parametrize(
    ("params", "count"),
    [
        ({"dob": "1980-12-10"}, 1),
        ({"dob": "1980-12-11"}, 0),
        ({"phone": "0100"}, 1),
        ({"q": "hopper"}, 0),  # the other clinic's client
        ({"q": "ada", "phone": "9999"}, 0),
    ],
)
def test_search_filters(cast: Cast, api: ApiFor, params: dict[str, str], count: int) -> None:
    assert json.loads(api(cast.therapist).get("/clients", **params).content)["count"] == count


def test_bad_search_parameters_are_named(cast: Cast, api: ApiFor) -> None:
    response = api(cast.therapist).get("/clients", dob="10/12/1980", page_size=500)

    assert response.status_code == 422
    assert error_fields(response) == {"dob", "page_size"}


def test_a_client_is_registered_through_the_same_service(cast: Cast, api: ApiFor) -> None:
    body = {**NEW_CLIENT, "primary_therapist_id": membership(cast.therapist).pk}

    response = api(cast.front_desk).post("/clients", body)

    assert response.status_code == 201
    created = json.loads(response.content)
    client = Client.objects.for_clinic(cast.clinic).get(pk=created["id"])
    assert client.family_key == "seacole"
    assert client.sex == "female"
    assert created["primary_therapist"] == {
        "membership_id": membership(cast.therapist).pk,
        "name": "Theo Therapist",
    }
    event = AuditEvent.objects.get(action="clients.client.created", client_id=client.pk)
    assert event.actor_id == cast.front_desk.pk


@pytest.mark.parametrize(
    ("changes", "fields"),
    [
        ({"date_of_birth": "1955-02-30"}, {"date_of_birth"}),
        ({"family_name": None}, {"family_name"}),
        ({"sex": "robot"}, {"sex"}),
        ({"phone": "12"}, {"phone"}),
        ({"email": "nope", "emergency_contact_phone": ""}, {"email", "emergency_contact_phone"}),
        ({"date_of_birth": "2999-01-01"}, {"date_of_birth"}),
        ({"given_name": "x" * 101}, {"given_name"}),
    ],
)
def test_bad_input_is_named_and_nothing_is_saved(
    cast: Cast, api: ApiFor, changes: dict[str, Any], fields: set[str]
) -> None:
    before, audited = clients_of(cast), AuditEvent.objects.count()
    body = {key: value for key, value in {**NEW_CLIENT, **changes}.items() if value is not None}

    response = api(cast.therapist).post("/clients", body)

    assert response.status_code == 422
    assert error_fields(response) == fields
    assert clients_of(cast) == before
    assert AuditEvent.objects.count() == audited


def test_another_clinics_therapist_cannot_be_assigned(cast: Cast, api: ApiFor) -> None:
    body = {**NEW_CLIENT, "primary_therapist_id": membership(cast.outsider).pk}

    response = api(cast.owner).post("/clients", body)

    assert response.status_code == 422
    assert error_fields(response) == {"primary_therapist"}


def test_clinical_roles_get_the_consent_status(
    cast: Cast, api: ApiFor, record: Callable[..., Consent]
) -> None:
    consent = record()

    body = json.loads(api(cast.therapist).get(f"/clients/{cast.client.pk}").content)

    assert body["consent"] == {
        "current": True,
        "consent_id": consent.pk,
        "signed_at": body["consent"]["signed_at"],
        "template_version": consent.template.version,
    }


def test_front_desk_gets_identity_without_clinical_fields(
    cast: Cast, api: ApiFor, record: Callable[..., Consent]
) -> None:
    record()

    response = api(cast.front_desk).get(f"/clients/{cast.client.pk}")

    body = json.loads(response.content)
    assert body["family_name"] == "Lovelace"
    assert body["phone"] == "555-0100"
    assert "consent" not in body
    assert "consent" not in response.content.decode().lower()


def test_reading_a_client_is_audited(cast: Cast, api: ApiFor) -> None:
    api(cast.therapist).get(f"/clients/{cast.client.pk}")

    (event,) = events("clients.client.viewed")
    assert (event.client_id, event.details) == (cast.client.pk, {"section": "chart"})


def test_a_patch_changes_only_the_fields_sent(cast: Cast, api: ApiFor) -> None:
    response = api(cast.front_desk).patch(
        f"/clients/{cast.client.pk}", {"preferred_name": "Countess", "primary_therapist_id": None}
    )

    assert response.status_code == 200
    cast.client.refresh_from_db()
    assert (cast.client.preferred_name, cast.client.given_name) == ("Countess", "Ada")
    assert cast.client.preferred_key == "countess"
    (event,) = events("clients.client.updated")
    assert event.details == {"changed": ["preferred_name"]}


def test_a_bad_patch_changes_nothing(cast: Cast, api: ApiFor) -> None:
    response = api(cast.therapist).patch(
        f"/clients/{cast.client.pk}", {"preferred_name": "Countess", "phone": "nope"}
    )

    assert response.status_code == 422
    assert error_fields(response) == {"phone"}
    cast.client.refresh_from_db()
    assert cast.client.preferred_name == ""
    assert not events("clients.client.updated")


# --- Consents ---------------------------------------------------------------------------------


def test_consent_is_recorded_listed_and_revoked(cast: Cast, api: ApiFor) -> None:
    therapist = api(cast.therapist)
    url = f"/clients/{cast.client.pk}/consents"

    created = therapist.post(url, CONSENT)
    assert created.status_code == 201
    consent = json.loads(created.content)
    assert consent["is_current"]
    assert consent["obtained_by"]["name"] == "Theo Therapist"
    assert consent["template"]["version"] == "default-1"

    revoked = therapist.post(f"{url}/{consent['id']}/revoke", {"reason": "Withdrew."})
    assert revoked.status_code == 200
    body = json.loads(revoked.content)
    assert not body["is_current"]
    assert body["revocation_reason"] == "Withdrew."
    assert body["revoked_by"]["name"] == "Theo Therapist"

    again = therapist.post(f"{url}/{consent['id']}/revoke", {"reason": "Again."})
    assert again.status_code == 422
    assert error_fields(again) == {"consent"}

    listed = json.loads(therapist.get(url).content)
    assert [c["id"] for c in listed] == [consent["id"]]
    assert listed[0]["revoked_at"] is not None


def test_a_drawn_consent_through_the_api(cast: Cast, api: ApiFor) -> None:
    body = {**CONSENT, "signature_method": "drawn", "signature": DRAWN_PATH}

    response = api(cast.owner).post(f"/clients/{cast.client.pk}/consents", body)

    assert response.status_code == 201
    assert json.loads(response.content)["signature"] == DRAWN_PATH


@pytest.mark.parametrize(
    ("changes", "fields"),
    [
        ({"signature": "Grace Hopper"}, {"signature"}),
        ({"topics": ["techniques"]}, {"topics"}),
        ({"topics": ["astrology"]}, {"0"}),  # the schema names the item of the list
        ({"signature_method": "smoke"}, {"signature_method"}),
        ({"template_version": "1999"}, {"template_version"}),
        ({"guardian_name": "Lady Byron", "signature": "Lady Byron"}, {"guardian_relationship"}),
    ],
)
def test_a_bad_consent_is_named_and_not_saved(
    cast: Cast, api: ApiFor, changes: dict[str, Any], fields: set[str]
) -> None:
    response = api(cast.therapist).post(
        f"/clients/{cast.client.pk}/consents", {**CONSENT, **changes}
    )

    assert response.status_code == 422
    assert error_fields(response) == fields
    assert consents_of(cast) == 0


def test_a_minor_without_a_guardian_is_refused(cast: Cast, api: ApiFor, minor: Client) -> None:
    body = {**CONSENT, "signature": "Tom Sawyer"}

    response = api(cast.therapist).post(f"/clients/{minor.pk}/consents", body)

    assert response.status_code == 422
    assert error_fields(response) == {"guardian_name"}
    assert "project policy" in response.content.decode()


CLINICAL_CALLS = [
    ("get", "/clients/{id}/consents", None),
    ("post", "/clients/{id}/consents", CONSENT),
    ("post", "/clients/{id}/consents/{consent}/revoke", {"reason": "x"}),
]


@pytest.mark.parametrize(("method", "path", "body"), CLINICAL_CALLS)
def test_front_desk_gets_403_on_consent(
    cast: Cast, api: ApiFor, record: Callable[..., Consent], method: str, path: str, body: Any
) -> None:
    consent = record(notes="Nervous about deep pressure.")
    client = api(cast.front_desk)
    url = path.format(id=cast.client.pk, consent=consent.pk)

    response = client.get(url) if method == "get" else client.post(url, body)

    assert response.status_code == 403
    assert "Nervous" not in response.content.decode()
    assert consents_of(cast) == 1
    assert Consent.objects.for_clinic(cast.clinic).get(pk=consent.pk).revoked_at is None


OUTSIDER_CALLS = [
    ("get", "/clients/{id}", None),
    ("patch", "/clients/{id}", {"given_name": "Hacked"}),
    *CLINICAL_CALLS,
]


@pytest.mark.parametrize(("method", "path", "body"), OUTSIDER_CALLS)
def test_the_outsider_gets_404_and_nothing_else(
    cast: Cast, api: ApiFor, record: Callable[..., Consent], method: str, path: str, body: Any
) -> None:
    consent = record(notes="Nervous about deep pressure.")
    outsider = api(cast.outsider)
    url = path.format(id=cast.client.pk, consent=consent.pk)

    response = outsider.get(url) if method == "get" else outsider.send(method.upper(), url, body)

    assert response.status_code == 404
    assert json.loads(response.content) == {"detail": "Not found"}
    cast.client.refresh_from_db()
    assert cast.client.given_name == "Ada"
    assert consents_of(cast) == 1
    assert Consent.objects.for_clinic(cast.clinic).get(pk=consent.pk).revoked_at is None
    assert not events("clients.client.viewed")


def test_the_outsiders_list_shows_only_their_clinic(cast: Cast, api: ApiFor) -> None:
    body = json.loads(api(cast.outsider).get("/clients").content)

    assert [item["family_name"] for item in body["items"]] == ["Hopper"]


def test_a_bearer_token_works_without_a_browser_session(cast: Cast) -> None:
    token = issue_token(by=actor(membership(cast.therapist)), name="tablet")
    headers = {"Authorization": f"Bearer {token.plaintext}"}
    browser = HttpClient()

    created = browser.post(
        "/api/v1/clients", json.dumps(NEW_CLIENT), content_type="application/json", headers=headers
    )
    consent = browser.post(
        f"/api/v1/clients/{cast.client.pk}/consents",
        json.dumps(CONSENT),
        content_type="application/json",
        headers=headers,
    )
    found = browser.get("/api/v1/clients", {"q": "seac"}, headers=headers)

    assert created.status_code == 201
    assert consent.status_code == 201
    assert json.loads(found.content)["count"] == 1


def test_the_schema_documents_the_client_endpoints(cast: Cast, api: ApiFor) -> None:
    schema = json.loads(api(cast.therapist).get("/openapi.json").content)

    paths = schema["paths"]
    assert {"get", "post"} <= set(paths["/api/v1/clients"])
    assert {"get", "patch"} <= set(paths["/api/v1/clients/{client_id}"])
    assert {"get", "post"} <= set(paths["/api/v1/clients/{client_id}/consents"])
    assert "post" in paths["/api/v1/clients/{client_id}/consents/{consent_id}/revoke"]
    components = schema["components"]["schemas"]
    assert "consent" not in components["ClientOut"]["properties"]
    assert "consent" in components["ClientChartOut"]["properties"]
    assert "guardian_name" in components["ConsentIn"]["properties"]
