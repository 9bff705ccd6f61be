"""The plans API: POST clients/{id}/plans drafts, PATCH plans/{id} edits, approve."""

from __future__ import annotations

import json
from typing import Any

from medmassage.plans.models import TreatmentPlan
from tests.builders import Ready, take_intake
from tests.cast import logged_in


def api(browser: Any, method: str, path: str, body: dict | None = None) -> Any:
    call = getattr(browser, method)
    if body is None:
        return call(f"/api/v1{path}")
    return call(f"/api/v1{path}", data=json.dumps(body), content_type="application/json")


def test_draft_edit_approve_through_the_api(ready: Ready) -> None:
    take_intake(ready, "p3_apixaban_shoulder")
    browser = logged_in(ready.cast.therapist)
    response = api(browser, "post", f"/clients/{ready.client.pk}/plans", {})
    assert response.status_code == 201, response.content
    plan = response.json()
    assert plan["content"]["decision"] == "modify"
    assert plan["content"]["max_pressure"] in {"light", "medium"}
    techniques = plan["content"]["techniques"]
    techniques.append(
        {
            "technique": "deep_tissue",
            "regions": [{"region": "shoulder", "side": "right"}],
            "max_pressure": "medium",
            "minutes": 10,
        }
    )
    refused = api(browser, "patch", f"/plans/{plan['id']}", {"techniques": techniques})
    assert refused.status_code == 422
    assert refused.json()["detail"].startswith("Deep tissue massage: a written reason")
    accepted = api(
        browser,
        "patch",
        f"/plans/{plan['id']}",
        {"techniques": techniques, "reasons": {"deep_tissue": "Physician cleared"}},
    )
    assert accepted.status_code == 200, accepted.content
    assert accepted.json()["overrides"][0]["finding"] == "bleeding_risk.anticoagulant"
    approved = api(browser, "post", f"/plans/{plan['id']}/approve", {})
    assert approved.status_code == 200
    assert approved.json()["status"] == "approved"
    again = api(browser, "patch", f"/plans/{plan['id']}", {"weeks": 3})
    assert again.status_code == 409
    listed = api(browser, "get", f"/clients/{ready.client.pk}/plans")
    assert [p["version"] for p in listed.json()] == [1]


def test_bad_fields_are_named(ready: Ready) -> None:
    take_intake(ready, "p1_neck_desk")
    browser = logged_in(ready.cast.therapist)
    plan = api(browser, "post", f"/clients/{ready.client.pk}/plans", {}).json()
    response = api(browser, "patch", f"/plans/{plan['id']}", {"weeks": 0, "measures": ["vas"]})
    assert response.status_code == 422
    assert set(response.json()["errors"]) == {"weeks", "measures[0]"}
    stored = TreatmentPlan.objects.for_clinic(ready.cast.clinic).get(pk=plan["id"])
    assert stored.content == stored.draft


def test_drafting_without_consent_or_intake_explains(ready: Ready) -> None:
    browser = logged_in(ready.cast.therapist)
    response = api(browser, "post", f"/clients/{ready.client.pk}/plans", {})
    assert response.status_code == 409
    assert "intake" in response.json()["detail"]


def test_the_outsider_and_front_desk_get_nothing(ready: Ready) -> None:
    take_intake(ready, "p1_neck_desk")
    plan = api(
        logged_in(ready.cast.therapist), "post", f"/clients/{ready.client.pk}/plans", {}
    ).json()
    outsider = logged_in(ready.cast.outsider)
    for method, path in [
        ("get", f"/clients/{ready.client.pk}/plans"),
        ("post", f"/clients/{ready.client.pk}/plans"),
        ("get", f"/plans/{plan['id']}"),
        ("patch", f"/plans/{plan['id']}"),
        ("post", f"/plans/{plan['id']}/approve"),
    ]:
        response = api(outsider, method, path, None if method == "get" else {})
        assert response.status_code == 404, (method, path)
        assert b"Lovelace" not in response.content
    desk = logged_in(ready.cast.front_desk)
    assert api(desk, "get", f"/plans/{plan['id']}").status_code == 403
