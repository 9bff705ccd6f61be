"""Bulk Data export in process: kick-off checks, the job's files, _type and _since, cancel,
expiry, the record of it all. (test_live_server.py runs it end to end with a real worker.)"""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import pytest
from django.test import Client as Browser
from django.test import TestCase
from django.utils import timezone

from medmassage.audit.models import AuditEvent
from medmassage.fhir.exports import folder_of, purge_expired
from medmassage.fhir.models import BulkExport
from medmassage.jobs.running import run_queued
from tests.builders import Ready, membership
from tests.fhir.records import BASE, FullRecord, bearer_browser, body, full_record
from tests.fhir.validation import validate

ASYNC = {"Prefer": "respond-async", "Accept": "application/fhir+json"}


@pytest.fixture
def record(ready: Ready) -> FullRecord:
    return full_record(ready)


@pytest.fixture
def therapist(ready: Ready) -> Browser:
    return bearer_browser(ready.therapist)


def kick_off(browser: Browser, path: str = "$export", **params: str) -> str:
    # The job is enqueued when the kick-off commits (the test's transaction never does).
    with TestCase.captureOnCommitCallbacks(execute=True):
        response = browser.get(BASE + path, params, headers=ASYNC)
    assert response.status_code == 202, response.content
    return str(response["Content-Location"]).removeprefix("http://testserver")


def finished(browser: Browser, status_url: str) -> dict[str, Any]:
    pending = browser.get(status_url)
    assert pending.status_code == 202
    assert pending["X-Progress"]
    run_queued()
    done = browser.get(status_url)
    assert done.status_code == 200, done.content
    return dict(body(done))


def lines(browser: Browser, url: str) -> list[dict[str, Any]]:
    response = browser.get(url.removeprefix("http://testserver"))
    assert response["Content-Type"] == "application/fhir+ndjson"
    text = b"".join(response.streaming_content).decode()
    return [json.loads(line) for line in text.splitlines()]


def test_a_system_export_writes_one_valid_ndjson_file_per_type(
    record: FullRecord, therapist: Browser
) -> None:
    manifest = finished(therapist, kick_off(therapist))

    assert manifest["requiresAccessToken"] is True
    assert manifest["error"] == []
    types = {item["type"] for item in manifest["output"]}
    assert {"Patient", "Observation", "Procedure", "CarePlan", "Organization"} <= types
    for item in manifest["output"]:
        resources = lines(therapist, item["url"])
        assert len(resources) == item["count"]
        for resource in resources:
            assert resource["resourceType"] == item["type"]
            validate(resource)


def test_type_and_since_narrow_the_export(record: FullRecord, therapist: Browser) -> None:
    manifest = finished(
        therapist, kick_off(therapist, "Patient/$export", _type="Encounter,Patient")
    )
    assert sorted(item["type"] for item in manifest["output"]) == ["Encounter", "Patient"]

    later = (timezone.now() + dt.timedelta(minutes=5)).isoformat()
    manifest = finished(therapist, kick_off(therapist, _since=later))
    assert manifest["output"] == []


def test_a_group_export_holds_the_therapists_caseload(
    record: FullRecord, therapist: Browser
) -> None:
    client = record.ready.client
    client.primary_therapist = record.ready.therapist
    client.save(update_fields=["primary_therapist"])

    manifest = finished(
        therapist, kick_off(therapist, f"Group/{record.ready.therapist.pk}/$export")
    )

    patients = next(i for i in manifest["output"] if i["type"] == "Patient")
    assert [p["id"] for p in lines(therapist, patients["url"])] == [str(client.pk)]


@pytest.mark.parametrize(
    ("path", "headers", "status"),
    [
        ("$export", {}, 400),  # no Prefer: respond-async
        ("$export?_outputFormat=text/csv", ASYNC, 400),
        ("$export?_type=Unicorn", ASYNC, 400),
        ("$export?_since=last-week", ASYNC, 400),
        ("$export?_typeFilter=Patient%3Factive%3Dtrue", ASYNC, 400),
        ("Group/999999/$export", ASYNC, 404),
    ],
)
def test_a_kick_off_it_cannot_run_is_refused(
    record: FullRecord, therapist: Browser, path: str, headers: dict[str, str], status: int
) -> None:
    response = therapist.get(BASE + path, headers=headers)
    assert response.status_code == status
    assert body(response)["resourceType"] == "OperationOutcome"
    assert not BulkExport.objects.for_clinic(record.ready.cast.clinic).exists()


def test_only_the_member_who_asked_sees_the_export(record: FullRecord, therapist: Browser) -> None:
    status_url = kick_off(therapist)
    manifest = finished(therapist, status_url)
    owner = bearer_browser(membership(record.ready.cast.owner))
    outsider = bearer_browser(membership(record.ready.cast.outsider))

    for browser in (owner, outsider):
        assert browser.get(status_url).status_code == 404
        assert browser.get(manifest["output"][0]["url"]).status_code == 404
    desk = bearer_browser(membership(record.ready.cast.front_desk))
    assert desk.get(BASE + "$export", headers=ASYNC).status_code == 403


def test_delete_cancels_and_removes_the_files(record: FullRecord, therapist: Browser) -> None:
    status_url = kick_off(therapist)
    finished(therapist, status_url)
    export = BulkExport.objects.for_clinic(record.ready.cast.clinic).get()
    assert folder_of(export).exists()

    with TestCase.captureOnCommitCallbacks(execute=True):
        assert therapist.delete(status_url).status_code == 202

    assert therapist.get(status_url).status_code == 404
    assert not folder_of(export).exists()


def test_a_cancelled_queued_export_writes_nothing(record: FullRecord, therapist: Browser) -> None:
    status_url = kick_off(therapist)
    therapist.delete(status_url)
    run_queued()
    export = BulkExport.objects.for_clinic(record.ready.cast.clinic).get()
    assert export.status == "cancelled"
    assert not folder_of(export).exists()


def test_files_are_deleted_when_they_expire(record: FullRecord, therapist: Browser) -> None:
    status_url = kick_off(therapist)
    manifest = finished(therapist, status_url)
    export = BulkExport.objects.for_clinic(record.ready.cast.clinic).get()

    assert purge_expired(now=timezone.now()) == 0
    assert purge_expired(now=timezone.now() + dt.timedelta(hours=25)) == 1

    assert not folder_of(export).exists()
    assert therapist.get(status_url).status_code == 404
    assert therapist.get(manifest["output"][0]["url"]).status_code == 404


def test_every_export_is_audited(record: FullRecord, therapist: Browser) -> None:
    manifest = finished(therapist, kick_off(therapist))
    lines(therapist, manifest["output"][0]["url"])
    purge_expired(now=timezone.now() + dt.timedelta(days=2))

    actions = list(
        AuditEvent.objects.filter(action__startswith="fhir.export").values_list("action", flat=True)
    )
    assert actions == [
        "fhir.export.requested",
        "fhir.export.completed",
        "fhir.export_file.viewed",
        "fhir.export.expired",
    ]
