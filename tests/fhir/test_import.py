"""Importing a FHIR Bundle: a draft the therapist reviews, every mapping problem listed,
nothing clinical kept until the client is confirmed and the intake saved."""

from __future__ import annotations

import json
from datetime import date
from typing import Any

import pytest
from django.test import Client as Browser
from django.urls import reverse

from medmassage.clients.models import Client
from medmassage.clients.services import create_client
from medmassage.fhir.imports import ImportBlocked, confirm_import, stage_import
from medmassage.fhir.models import StagedImport
from medmassage.intake.models import Intake
from medmassage.tenancy import unscoped
from tests.builders import actor, membership
from tests.cast import Cast, logged_in
from tests.fhir.bundles import referral_bundle
from tests.fhir.records import bearer_browser, body

API = "/api/v1/fhir-imports"


def messages_of(staged: StagedImport) -> dict[str, str]:
    found: dict[str, str] = {}
    for problem in staged.problems:
        found[problem["path"]] = f"{found.get(problem['path'], '')} {problem['message']}".strip()
    return found


def counts() -> tuple[int, int]:
    with unscoped():
        return Client.objects.count(), Intake.objects.count()


def test_a_bundle_becomes_a_draft_and_every_problem_is_listed(cast: Cast) -> None:
    before = counts()

    staged = stage_import(by=actor(membership(cast.therapist)), bundle=referral_bundle())

    assert counts() == before  # nothing clinical, no client, until confirmed
    intake = staged.draft_intake
    assert intake["complaints"] == [
        {
            "icd10": "M54.2",
            "description": "Neck pain",
            "region": "neck",
            "side": "both",
            "onset": "2025-10-01",
        },
        {"description": "Knee pain", "region": "knee", "side": "left"},
    ]
    assert intake["medications"] == [{"name": "apixaban"}]
    assert intake["history"]["other"] == ["Allergy: Almond oil (Hives)"]
    assert "Chronic neck pain" in intake["notes"]
    assert staged.proposed_client["family_name"] == "Haddad"
    assert staged.proposed_referral["referrer_name"] == "Dr. Amara Osei"
    problems = messages_of(staged)
    assert "No ICD-10-CM code" in problems["entry[3].resource.code"]
    assert "resolved" in problems["entry[4].resource.clinicalStatus"]
    assert "read as apixaban" in problems["entry[5].resource.medication[x]"]
    assert "stopped" in problems["entry[6].resource.status"]
    assert "allergy" in problems["entry[7].resource"]
    assert "referring provider" in problems["entry[8].resource"]
    assert "Immunization is not imported" in problems["entry[9].resource"]
    assert "Not valid FHIR R4 (vaccineCode" in problems["entry[9].resource"]
    assert not any(problem["blocking"] for problem in staged.problems)


def test_confirming_registers_the_client_and_the_draft_is_a_valid_intake(cast: Cast) -> None:
    by = actor(membership(cast.therapist))
    staged = stage_import(by=by, bundle=referral_bundle())

    client = confirm_import(by=by, staged=staged, client_id=None)

    assert (client.full_name, client.date_of_birth) == ("Noor Haddad", date(1979, 4, 2))
    assert client.referrer_name == "Dr. Amara Osei"
    assert not Intake.objects.for_clinic(cast.clinic).filter(client=client).exists()
    browser = bearer_browser(membership(cast.therapist))
    recorded = browser.post(
        f"/api/v1/clients/{client.pk}/intakes",
        json.dumps(StagedImport.objects.for_clinic(cast.clinic).get().draft_intake),
        content_type="application/json",
    )
    assert recorded.status_code == 201, recorded.content
    # Apixaban is an anticoagulant: the screening reads the imported medication.
    codes = [finding["code"] for finding in body(recorded)["screening"]["findings"]]
    assert any("anticoagul" in code for code in codes), codes


def test_a_client_on_file_is_matched_and_duplicates_are_warned(cast: Cast) -> None:
    by = actor(membership(cast.therapist))
    first = create_client(
        by=by, given_name="Noor", family_name="Haddad", date_of_birth=date(1979, 4, 2)
    )
    create_client(by=by, given_name="Noor", family_name="Haddad", date_of_birth=date(1979, 4, 2))

    staged = stage_import(by=by, bundle=referral_bundle())

    assert staged.matches[0]["id"] == first.pk
    assert "More than one client" in messages_of(staged)["entry"]
    chosen = confirm_import(by=by, staged=staged, client_id=first.pk)
    assert chosen == first
    assert Client.objects.for_clinic(cast.clinic).filter(family_name="Haddad").count() == 2


@pytest.mark.parametrize(
    ("bundle", "path"),
    [
        ({"resourceType": "Patient"}, ""),
        ({"resourceType": "Bundle", "entry": []}, "entry"),
        (referral_bundle(born="1979"), "entry[0].resource.birthDate"),
    ],
)
def test_a_blocking_problem_stops_the_import(cast: Cast, bundle: dict[str, Any], path: str) -> None:
    by = actor(membership(cast.therapist))
    staged = stage_import(by=by, bundle=bundle)

    assert any(p["blocking"] and p["path"] == path for p in staged.problems)
    with pytest.raises(ImportBlocked):
        confirm_import(by=by, staged=staged, client_id=None)


# --- The API ----------------------------------------------------------------------------------


def test_the_api_stages_lists_problems_and_confirms(cast: Cast) -> None:
    browser = bearer_browser(membership(cast.therapist))

    staged = browser.post(API, json.dumps(referral_bundle()), content_type="application/json")

    assert staged.status_code == 201
    found = body(staged)
    assert len(found["problems"]) == 8
    assert body(browser.get(f"{API}/{found['id']}"))["problems"] == found["problems"]
    confirmed = browser.post(
        f"{API}/{found['id']}/confirm",
        json.dumps({"client_id": None}),
        content_type="application/json",
    )
    assert body(confirmed)["status"] == "confirmed"
    again = browser.post(f"{API}/{found['id']}/confirm", "{}", content_type="application/json")
    assert again.status_code == 409


def test_the_api_refuses_front_desk_and_hides_other_clinics(cast: Cast) -> None:
    therapist = bearer_browser(membership(cast.therapist))
    found = body(
        therapist.post(API, json.dumps(referral_bundle()), content_type="application/json")
    )

    desk = bearer_browser(membership(cast.front_desk))
    assert desk.post(API, "{}", content_type="application/json").status_code == 403
    outsider = bearer_browser(membership(cast.outsider))
    assert outsider.get(f"{API}/{found['id']}").status_code == 404


# --- The pages --------------------------------------------------------------------------------


def test_the_pages_read_review_confirm_and_draft_the_intake(cast: Cast) -> None:
    browser = logged_in(cast.therapist)

    read = browser.post(reverse("fhir-imports:list"), {"bundle": json.dumps(referral_bundle())})
    assert read.status_code == 302
    review = browser.get(read["Location"]).content.decode()
    assert "Immunization is not imported" in review
    assert "M54.2" in review
    confirmed = browser.post(read["Location"] + "confirm/", {"client": "new"})
    form = browser.get(confirmed["Location"]).content.decode()
    assert 'value="M54.2"' in form
    assert "apixaban" in form
    client = Client.objects.for_clinic(cast.clinic).get(family_name="Haddad")
    assert f'action="{reverse("intake:new", args=[client.pk])}"' in form


def test_bad_json_keeps_what_was_typed(cast: Cast) -> None:
    response = logged_in(cast.therapist).post(
        reverse("fhir-imports:list"), {"bundle": '{"resourceType": '}
    )

    assert response.status_code == 422
    page = response.content.decode()
    assert "This is not JSON" in page
    assert "{&quot;resourceType&quot;: </textarea>" in page


def test_front_desk_has_no_import_page(cast: Cast) -> None:
    assert logged_in(cast.front_desk).get(reverse("fhir-imports:list")).status_code == 403


def test_another_clinics_import_is_not_found(cast: Cast) -> None:
    staged = stage_import(by=actor(membership(cast.outsider)), bundle=referral_bundle())
    browser: Browser = logged_in(cast.therapist)

    assert browser.get(reverse("fhir-imports:detail", args=[staged.pk])).status_code == 404
