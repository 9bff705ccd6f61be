"""The FHIR R4 API: who may read, clinic isolation, search parameters, paging, errors, audit."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client as Browser

from medmassage.audit.models import AuditEvent
from medmassage.fhir.kinds import KINDS
from tests.builders import Ready, membership
from tests.cast import logged_in
from tests.fhir.records import BASE, FullRecord, bearer_browser, body, full_record
from tests.fhir.validation import validate


@pytest.fixture
def record(ready: Ready) -> FullRecord:
    return full_record(ready)


@pytest.fixture
def therapist(ready: Ready) -> Browser:
    return bearer_browser(ready.therapist)


def ids(bundle: dict[str, Any]) -> list[str]:
    return [e["resource"]["id"] for e in bundle["entry"] if e["search"]["mode"] == "match"]


def outcome_of(response: Any, status: int) -> str:
    assert response.status_code == status, response.content
    assert response["Content-Type"].startswith("application/fhir+json")
    found = body(response)
    validate(found)
    assert found["resourceType"] == "OperationOutcome"
    return str(found["issue"][0]["code"])


# --- Who may read -----------------------------------------------------------------------------


@pytest.mark.parametrize("path", ["metadata", "Patient", "Patient/1", "Patient/1/$everything"])
def test_strangers_get_401(db: None, path: str) -> None:
    assert outcome_of(Browser().get(BASE + path), 401) == "login"


def test_an_unknown_token_gets_401(cast: Any) -> None:
    response = Browser().get(BASE + "Patient", headers={"Authorization": "Bearer mm_nope"})
    assert outcome_of(response, 401) == "login"


def test_a_logged_in_session_reads(record: FullRecord) -> None:
    response = logged_in(record.ready.cast.therapist).get(BASE + "Encounter")
    assert response.status_code == 200
    assert body(response)["total"] == 2


def test_a_session_may_not_write(record: FullRecord) -> None:
    response = logged_in(record.ready.cast.therapist).delete(BASE + "$export-status/1")
    assert outcome_of(response, 403) == "forbidden"


def test_front_desk_reads_patients_but_nothing_clinical(record: FullRecord) -> None:
    desk = bearer_browser(membership(record.ready.cast.front_desk))
    assert desk.get(BASE + "Patient").status_code == 200
    assert outcome_of(desk.get(BASE + "Observation"), 403) == "forbidden"


def test_another_clinics_resources_are_404(record: FullRecord) -> None:
    outsider = bearer_browser(membership(record.ready.cast.outsider))
    theirs = bearer_browser(record.ready.therapist)
    for name in KINDS:
        listed = body(theirs.get(f"{BASE}{name}"))
        for resource_id in ids(listed)[:2]:
            if name == "Organization":
                continue
            response = outsider.get(f"{BASE}{name}/{resource_id}")
            assert outcome_of(response, 404) == "not-found", f"{name}/{resource_id}"
    assert body(outsider.get(BASE + "Observation"))["total"] == 0
    assert outcome_of(outsider.get(f"{BASE}Patient/{record.ready.client.pk}/$everything"), 404)


def test_an_outsider_sees_only_their_own_organization(record: FullRecord) -> None:
    outsider = bearer_browser(membership(record.ready.cast.outsider))
    listed = body(outsider.get(BASE + "Organization"))
    assert ids(listed) == [str(record.ready.cast.other_clinic.pk)]
    assert outsider.get(f"{BASE}Organization/{record.ready.cast.clinic.pk}").status_code == 404


# --- Search -----------------------------------------------------------------------------------


def test_search_by_patient_date_code_and_status(record: FullRecord, therapist: Browser) -> None:
    client = record.ready.client.pk
    outsiders = record.ready.cast.outsiders_client.pk

    assert body(therapist.get(BASE + f"Encounter?patient=Patient/{client}"))["total"] == 2
    assert body(therapist.get(BASE + f"Encounter?patient={outsiders}"))["total"] == 0
    assert body(therapist.get(BASE + "Encounter?date=ge2000-01-01&status=finished"))["total"] == 2
    assert body(therapist.get(BASE + "Encounter?date=lt2000-01"))["total"] == 0
    assert body(therapist.get(BASE + "Encounter?status=cancelled"))["total"] == 0
    ndi = body(therapist.get(BASE + "Observation?code=http://loinc.org|82237-9"))
    assert [e["resource"]["code"]["text"] for e in ndi["entry"]] == ["Neck Disability Index"]
    rom = body(therapist.get(BASE + "Observation?category=exam&code=cervical.rotation"))
    assert rom["total"] == 1
    assert body(therapist.get(BASE + "Procedure?code=http://www.ama-assn.org/go/cpt|97124"))[
        "total"
    ]
    assert body(therapist.get(BASE + "Condition?code=M54.2"))["total"] == 1
    assert body(therapist.get(BASE + "Condition?code=M79.7"))["total"] == 0
    assert body(therapist.get(BASE + "CarePlan?status=completed"))["total"] == 1
    assert body(therapist.get(BASE + "Consent?status=active"))["total"] == 1
    referral_in = body(therapist.get(BASE + "ServiceRequest?intent=order&code=M54.2"))
    assert [e["resource"]["quantityQuantity"]["value"] for e in referral_in["entry"]] == [6]
    assert body(therapist.get(BASE + "ServiceRequest?intent=proposal&status=active"))["total"] == 1
    assert body(therapist.get(BASE + "ServiceRequest?status=completed"))["total"] == 0


def test_search_by_id(record: FullRecord, therapist: Browser) -> None:
    found = body(therapist.get(BASE + "Observation"))
    rom = next(i for i in ids(found) if i.startswith("rom-"))

    assert ids(body(therapist.get(f"{BASE}Observation?_id={rom}"))) == [rom]
    assert ids(body(therapist.get(f"{BASE}Observation?_id=nonsense"))) == []


def test_pages_link_next_and_previous(record: FullRecord, therapist: Browser) -> None:
    first = body(therapist.get(BASE + "Procedure?_count=5"))
    total = first["total"]
    seen = ids(first)
    page = first
    while next_link := [link for link in page["link"] if link["relation"] == "next"]:
        page = body(therapist.get(next_link[0]["url"].removeprefix("http://testserver")))
        assert any(link["relation"] == "previous" for link in page["link"])
        seen += ids(page)
    assert len(seen) == len(set(seen)) == total > 5


def test_pages_cross_the_sources_of_a_kind(record: FullRecord, therapist: Browser) -> None:
    everything = ids(body(therapist.get(BASE + "Observation?_count=100")))
    paged = [
        i
        for at in range(0, 12, 3)
        for i in ids(body(therapist.get(f"{BASE}Observation?_count=3&_offset={at}")))
    ]
    assert paged == everything[: len(paged)]
    assert any(i.startswith("rom-") for i in everything)


def test_bad_input_is_400_never_500(record: FullRecord, therapist: Browser) -> None:
    for path in (
        "Encounter?date=yesterday",
        "Encounter?date=2026-13-01",
        "Patient?_count=x",
        "Patient?active=maybe",
    ):
        assert outcome_of(therapist.get(BASE + path), 400) == "invalid", path


def test_unknown_parameters_are_ignored_unless_strict(
    record: FullRecord, therapist: Browser
) -> None:
    lenient = body(therapist.get(BASE + "Encounter?colour=red"))
    assert lenient["total"] == 2
    assert lenient["entry"][-1]["search"]["mode"] == "outcome"
    strict = therapist.get(BASE + "Encounter?colour=red", headers={"Prefer": "handling=strict"})
    assert outcome_of(strict, 400) == "invalid"


def test_unknown_types_and_methods_answer_in_fhir(record: FullRecord, therapist: Browser) -> None:
    assert outcome_of(therapist.get(BASE + "Medication"), 404) == "not-found"
    assert outcome_of(therapist.post(BASE + "Patient"), 405) == "not-supported"
    assert outcome_of(therapist.get(BASE + "Patient", HTTP_ACCEPT="application/fhir+xml"), 406)


# --- $everything and the record of reads ------------------------------------------------------


def test_everything_holds_the_whole_record_once(record: FullRecord, therapist: Browser) -> None:
    bundle = body(therapist.get(f"{BASE}Patient/{record.ready.client.pk}/$everything"))
    kinds = [e["resource"]["resourceType"] for e in bundle["entry"]]
    keys = [(e["resource"]["resourceType"], e["resource"]["id"]) for e in bundle["entry"]]

    assert set(KINDS) - {"PractitionerRole"} <= set(kinds)
    assert kinds.count("Patient") == 1
    assert len(keys) == len(set(keys)) == bundle["total"]


def test_every_read_is_audited_per_client(record: FullRecord, therapist: Browser) -> None:
    therapist.get(BASE + "Observation")
    therapist.get(f"{BASE}Patient/{record.ready.client.pk}")

    actions = list(AuditEvent.objects.order_by("-pk").values_list("action", "client_id")[:2])
    assert actions == [
        ("fhir.patient.viewed", record.ready.client.pk),
        ("fhir.observation.search.viewed", record.ready.client.pk),
    ]


# --- Documents --------------------------------------------------------------------------------


def test_every_document_reference_points_at_its_pdf(record: FullRecord, therapist: Browser) -> None:
    from io import BytesIO

    from pypdf import PdfReader

    documents = body(therapist.get(BASE + "DocumentReference?_count=100"))
    kinds = {e["resource"]["type"]["coding"][0]["code"] for e in documents["entry"]}
    assert kinds == {"visit-note", "discharge-summary", "referral-letter", "progress-report"}
    for entry in documents["entry"]:
        url = entry["resource"]["content"][0]["attachment"]["url"]
        response = therapist.get(BASE + url, HTTP_ACCEPT="application/pdf")
        assert response["Content-Type"] == "application/pdf", url
        assert response.content.startswith(b"%PDF")
        text = "".join(page.extract_text() for page in PdfReader(BytesIO(response.content)).pages)
        assert "Ada Lovelace" in text, url


def test_a_binary_comes_as_fhir_json_when_asked(record: FullRecord, therapist: Browser) -> None:
    visit = record.visits[0]
    found = body(
        therapist.get(f"{BASE}Binary/note-{visit.pk}", HTTP_ACCEPT="application/fhir+json")
    )
    validate(found)
    assert found["contentType"] == "application/pdf"


def test_binaries_are_the_clinics_own(record: FullRecord) -> None:
    outsider = bearer_browser(membership(record.ready.cast.outsider))
    desk = bearer_browser(membership(record.ready.cast.front_desk))
    path = f"{BASE}Binary/note-{record.visits[0].pk}"

    assert outcome_of(outsider.get(path), 404) == "not-found"
    assert outcome_of(desk.get(path), 403) == "forbidden"
    assert outcome_of(bearer_browser(record.ready.therapist).get(BASE + "Binary/note-x"), 404)


def test_fhir_answers_are_never_stored(record: FullRecord, therapist: Browser) -> None:
    assert therapist.get(BASE + "Patient")["Cache-Control"] == "no-store"
    assert Browser().get(BASE + "Patient")["Cache-Control"] == "no-store"
