"""`/api/v1/clients/{id}/home-program`: get, change by PUT, history; roles and tenancy."""

from __future__ import annotations

import json

from django.test import Client as Browser

from medmassage.plans.models import TreatmentPlan
from tests.builders import Ready
from tests.cast import logged_in


def url(client_id: int, suffix: str = "") -> str:
    return f"/api/v1/clients/{client_id}/home-program{suffix}"


def put(browser: Browser, client_id: int, body: dict[str, object]) -> object:
    return browser.put(url(client_id), data=json.dumps(body), content_type="application/json")


def test_put_starts_then_changes_the_program(ready: Ready, plan: TreatmentPlan) -> None:
    browser = logged_in(ready.cast.therapist)
    assert browser.get(url(ready.client.pk)).status_code == 409

    started = put(browser, ready.client.pk, {})
    changed = put(
        browser,
        ready.client.pk,
        {"add": ["doorway_chest_stretch"], "doses": {"chin_tuck": "5 times"}, "reason": "ok"},
    )

    assert started.status_code == 200
    assert started.json()["version"] == 1
    body = changed.json()
    assert (body["version"], body["plan_id"], body["reason"]) == (2, plan.pk, "ok")
    assert body["items"][0] == {**plan.content["home_care"][0], "dose": "5 times"}
    assert body["changed_by"]["name"] == ready.cast.therapist.full_name
    assert browser.get(url(ready.client.pk)).json()["version"] == 2
    history = browser.get(url(ready.client.pk, "/history")).json()
    assert [version["version"] for version in history] == [2, 1]


def test_a_bad_change_is_422_naming_the_field(ready: Ready, plan: TreatmentPlan) -> None:
    response = put(logged_in(ready.cast.therapist), ready.client.pk, {"drop": ["handstand"]})

    assert response.status_code == 422
    assert "handstand: not in the program" in response.json()["errors"]["drop"][0]


def test_without_an_approved_plan_put_is_409(ready: Ready) -> None:
    response = put(logged_in(ready.cast.therapist), ready.client.pk, {})

    assert response.status_code == 409
    assert "Approve a treatment plan" in response.json()["detail"]


def test_the_owner_reads_but_does_not_edit(ready: Ready, plan: TreatmentPlan) -> None:
    put(logged_in(ready.cast.therapist), ready.client.pk, {})
    owner = logged_in(ready.cast.owner)

    assert owner.get(url(ready.client.pk)).status_code == 200
    assert put(owner, ready.client.pk, {}).status_code == 403


def test_front_desk_and_outsider_see_nothing(ready: Ready, plan: TreatmentPlan) -> None:
    put(logged_in(ready.cast.therapist), ready.client.pk, {})

    assert logged_in(ready.cast.front_desk).get(url(ready.client.pk)).status_code == 403
    outsider = logged_in(ready.cast.outsider)
    assert outsider.get(url(ready.client.pk)).status_code == 404
    assert outsider.get(url(ready.client.pk, "/history")).status_code == 404
    assert put(outsider, ready.client.pk, {}).status_code == 404
