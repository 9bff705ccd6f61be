"""The visits API: check in, document, feedback, adverse events, sign, addenda."""

from __future__ import annotations

import json
from typing import Any

from medmassage.audit.models import AuditEvent
from medmassage.visits.models import Visit
from tests.cast import logged_in
from tests.visits.conftest import Course


def api(browser: Any, method: str, path: str, body: dict | None = None) -> Any:
    call = getattr(browser, method)
    if body is None:
        return call(f"/api/v1{path}")
    return call(f"/api/v1{path}", data=json.dumps(body), content_type="application/json")


def test_a_visit_from_check_in_to_addendum(course: Course) -> None:
    browser = logged_in(course.ready.cast.therapist)
    client_id = course.ready.client.pk
    started = api(browser, "post", f"/clients/{client_id}/visits", {"temperature_c": 36.5})
    assert started.status_code == 201, started.content
    visit = started.json()
    assert visit["status"] == "draft"
    assert visit["treatments"]
    path = f"/visits/{visit['id']}"
    feedback = {"kind": "discomfort", "region": "neck", "adjustment": "pressure_down"}
    assert api(browser, "post", f"{path}/feedback", feedback).status_code == 201
    treatments = [
        {"technique": "swedish", "region": "neck", "minutes": 20, "pressure": "medium"},
        {
            "technique": "myofascial_release",
            "region": "upper_back",
            "minutes": 10,
            "pressure": "medium",
        },
    ]
    saved = api(browser, "patch", path, {"pain_today": 3, "treatments": treatments})
    assert saved.status_code == 200, saved.content
    assert saved.json()["billing"]["total_units"] == 2
    assert saved.json()["feedback"][0]["adjustment"] == "pressure_down"
    signed = api(browser, "post", f"{path}/sign")
    assert signed.status_code == 200, signed.content
    assert signed.json()["status"] == "signed"
    refused = api(browser, "patch", path, {"assessment": "rewritten"})
    assert refused.status_code == 409
    assert "addendum" in refused.json()["detail"]
    added = api(browser, "post", f"{path}/addenda", {"reason": "Late entry", "text": "Phoned"})
    assert added.status_code == 201, added.content
    listed = api(browser, "get", f"{path}/addenda").json()
    assert [(a["reason"], a["author"]) for a in listed] == [("Late entry", "Theo Therapist")]
    shown = api(browser, "get", path).json()
    assert shown["assessment"] == ""
    assert shown["addenda"][0]["text"] == "Phoned"
    assert [v["id"] for v in api(browser, "get", f"/clients/{client_id}/visits").json()] == [
        visit["id"]
    ]


def test_a_red_flag_at_check_in_answers_with_the_referral(course: Course) -> None:
    browser = logged_in(course.ready.cast.therapist)
    response = api(
        browser,
        "post",
        f"/clients/{course.ready.client.pk}/visits",
        {"red_flags": {"dvt_signs": True}},
    )
    assert response.status_code == 201
    assert response.json()["status"] == "stopped"
    assert response.json()["referral"]["to"]
    stopped = api(browser, "patch", f"/visits/{response.json()['id']}", {"pain_today": 2})
    assert stopped.status_code == 409


def test_bad_input_names_the_field_and_saves_nothing(course: Course) -> None:
    browser = logged_in(course.ready.cast.therapist)
    client_id = course.ready.client.pk
    bad = api(browser, "post", f"/clients/{client_id}/visits", {"temperature_c": 60})
    assert bad.status_code == 422
    assert set(bad.json()["errors"]) == {"temperature_c"}
    assert not Visit.objects.for_clinic(course.ready.cast.clinic).exists()
    visit = api(browser, "post", f"/clients/{client_id}/visits", {}).json()
    before = visit["treatments"]
    body = {
        "pain_today": 12,
        "treatments": [
            {"technique": "swedish", "region": "neck", "minutes": 0, "pressure": "crushing"}
        ],
    }
    response = api(browser, "patch", f"/visits/{visit['id']}", body)
    assert response.status_code == 422
    assert set(response.json()["errors"]) == {
        "pain_today",
        "treatments[0].minutes",
        "treatments[0].pressure",
    }
    after = api(browser, "get", f"/visits/{visit['id']}").json()
    assert after["treatments"] == before
    assert after["pain_today"] is None


def test_safety_refusals_through_the_api(anticoagulated: Course) -> None:
    browser = logged_in(anticoagulated.ready.cast.therapist)
    visit = api(browser, "post", f"/clients/{anticoagulated.ready.client.pk}/visits", {}).json()
    deep = [
        {
            "technique": "deep_tissue",
            "region": "shoulder",
            "side": "right",
            "minutes": 10,
            "pressure": "medium",
        }
    ]
    needs = api(browser, "patch", f"/visits/{visit['id']}", {"treatments": deep})
    assert needs.status_code == 422
    assert needs.json()["field"] == "reasons.deep_tissue"
    assert needs.json()["detail"].startswith("Deep tissue massage: write the reason")
    ok = api(
        browser,
        "patch",
        f"/visits/{visit['id']}",
        {"treatments": deep, "reasons": {"deep_tissue": "Cleared by physician"}},
    )
    assert ok.status_code == 200
    assert ok.json()["overrides"][0]["reason"] == "Cleared by physician"


def test_the_outsider_and_front_desk_get_nothing(course: Course) -> None:
    therapist = logged_in(course.ready.cast.therapist)
    visit = api(therapist, "post", f"/clients/{course.ready.client.pk}/visits", {}).json()
    path = f"/visits/{visit['id']}"
    outsider = logged_in(course.ready.cast.outsider)
    for method, url, body in [
        ("get", path, None),
        ("patch", path, {"assessment": "x"}),
        ("post", f"{path}/sign", {}),
        ("get", f"{path}/addenda", None),
        ("post", f"{path}/addenda", {"reason": "x", "text": "y"}),
        ("post", f"/clients/{course.ready.client.pk}/visits", {}),
        ("get", f"/clients/{course.ready.client.pk}/visits", None),
    ]:
        response = api(outsider, method, url, body)
        assert response.status_code == 404, (method, url)
        assert "Lovelace" not in response.content.decode()
    desk = logged_in(course.ready.cast.front_desk)
    assert api(desk, "get", path).status_code == 403
    assert api(desk, "get", f"/clients/{course.ready.client.pk}/visits").status_code == 403
    owner = logged_in(course.ready.cast.owner)
    assert api(owner, "get", path).status_code == 200
    assert AuditEvent.objects.filter(action="visits.visit.viewed").count() == 1
    assert api(owner, "post", f"{path}/sign", {}).status_code == 403
    assert not AuditEvent.objects.filter(action="visits.visit.signed").exists()


def test_an_adverse_event_is_recorded_and_reviewed(course: Course) -> None:
    browser = logged_in(course.ready.cast.therapist)
    client_path = f"/clients/{course.ready.client.pk}/visits"
    visit = api(browser, "post", client_path, {}).json()
    bad = api(
        browser, "post", f"/visits/{visit['id']}/adverse-events", {"kind": "x", "severity": "mild"}
    )
    assert bad.status_code == 422
    assert set(bad.json()["errors"]) == {"kind"}
    body = {"kind": "dizziness", "severity": "moderate", "follow_up": "Phone tomorrow"}
    recorded = api(browser, "post", f"/visits/{visit['id']}/adverse-events", body)
    assert recorded.status_code == 201
    event = recorded.json()["adverse_events"][0]
    assert event["reviewed_at"] is None
    lowered = api(browser, "post", client_path, {}).json()
    assert "project policy" in lowered["pressure_cap_reason"]
    outsider = logged_in(course.ready.cast.outsider)
    assert api(outsider, "post", f"/adverse-events/{event['id']}/review", {}).status_code == 404
    unnoted = api(browser, "post", f"/adverse-events/{event['id']}/review", {})
    assert unnoted.status_code == 422
    assert set(unnoted.json()["errors"]) == {"note"}
    note = {"note": "Phoned: dizziness passed within the hour"}
    reviewed = api(browser, "post", f"/adverse-events/{event['id']}/review", note)
    assert reviewed.status_code == 200
    assert reviewed.json()["adverse_events"][0]["review_note"] == note["note"]
    assert reviewed.json()["adverse_events"][0]["reviewed_at"] is not None
    assert api(browser, "post", client_path, {}).json()["pressure_cap_reason"] == ""
