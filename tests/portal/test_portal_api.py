"""The portal in the JSON API: a client signs in for a bearer token (or uses the portal's browser
session with its CSRF token), then books, cancels, notes home-program sessions, answers what is
due, signs consent, sends the intake and downloads documents, through the same services as the
pages. Only their own record: another client's anything is a 404 on every endpoint; staff
tokens never open the portal and a client's token never opens the staff API."""

from __future__ import annotations

import io
from datetime import date, datetime, time, timedelta
from typing import Any

import pytest
import time_machine
from django.contrib.auth.hashers import make_password
from django.test import Client as Browser
from django.utils import timezone
from pypdf import PdfReader

from medmassage.api.router import api
from medmassage.clientaccounts.models import ClientAccount
from medmassage.clientaccounts.services import deactivate_account
from medmassage.clients.models import Consent
from medmassage.clients.services import create_client
from medmassage.homecare.adherence import list_logs
from medmassage.homecare.services import start_home_program
from medmassage.intake.models import Intake, Source
from medmassage.scheduling import services
from medmassage.scheduling.models import Appointment
from medmassage.tenancy import unscoped
from tests.builders import Ready, actor, approve, calendar_setup, events, membership
from tests.cast import Cast, logged_in
from tests.portal.test_portal_isolation import account_for, portal_browser

PASSWORD = "correct horse battery staple"
PORTAL = "/api/v1/portal"


def with_password(account: ClientAccount) -> ClientAccount:
    account.password = make_password(PASSWORD)
    account.save(update_fields=["password"])
    return account


def signed_in(email: str) -> Browser:
    """A client of the API: signs in, then sends the token on every request."""
    answer = Browser().post(
        f"{PORTAL}/sign-in",
        {"email": email, "password": PASSWORD},
        content_type="application/json",
    )
    assert answer.status_code == 201, answer.content
    body = answer.json()
    assert body["token"].startswith("mmc_")
    return Browser(HTTP_AUTHORIZATION=f"Bearer {body['token']}")


def send(browser: Browser, path: str, body: object) -> Any:
    return browser.post(f"{PORTAL}{path}", body, content_type="application/json")


def booked(cast: Cast, client: Any, kind: Any, days: int, hour: int) -> Appointment:
    day = timezone.localdate() + timedelta(days=days)
    return services.book_appointment(
        booking=services.Booking(
            client,
            membership(cast.therapist),
            kind,
            datetime.combine(day, time(hour), tzinfo=cast.clinic.zone),
        ),
        by=actor(cast.front_desk),
    )


@pytest.fixture
def world(cast: Cast) -> dict[str, Any]:
    """Ada (with a portal account) and her neighbour Nora, each with an appointment."""
    kind = calendar_setup(cast.clinic, cast.therapist)
    neighbour = create_client(
        by=actor(cast.front_desk),
        given_name="Nora",
        family_name="Neighbour",
        date_of_birth=date(1990, 1, 1),
    )
    return {
        "kind": kind,
        "account": with_password(account_for(cast, cast.client, "ada@example.org")),
        "mine": booked(cast, cast.client, kind, 4, 14),
        "theirs": booked(cast, neighbour, kind, 4, 11),
        "neighbour": neighbour,
    }


@pytest.fixture
def ada(world: dict[str, Any]) -> Browser:
    return signed_in("ada@example.org")


def test_signing_in_gives_a_token_that_reaches_the_clients_own_record(
    cast: Cast, world: dict[str, Any], ada: Browser
) -> None:
    me = ada.get(f"{PORTAL}/me")

    assert me.status_code == 200
    body = me.json()
    assert (body["given_name"], body["family_name"]) == (
        cast.client.given_name,
        cast.client.family_name,
    )
    assert body["clinic"]["name"] == cast.clinic.name
    assert {task["name"] for task in body["tasks"]} >= {"intake", "consent"}
    assert events("portal.api_token.issued")[0].actor_label == "portal:ada@example.org"
    assert [e.details["page"] for e in events("portal.record.viewed")] == ["home"]


def test_a_wrong_password_is_refused_alike_and_repeated_failures_are_throttled(
    world: dict[str, Any],
) -> None:
    browser = Browser()
    wrong = {"email": "ada@example.org", "password": "not it"}
    unknown = {"email": "nobody@example.org", "password": "not it"}

    answers = [send(browser, "/sign-in", wrong) for _ in range(5)]
    stranger = send(browser, "/sign-in", unknown)
    right = send(browser, "/sign-in", {"email": "ada@example.org", "password": PASSWORD})

    assert [a.status_code for a in answers] == [401] * 5
    assert answers[0].json()["detail"] == stranger.json()["detail"]
    assert right.status_code == 429
    assert "wait" in right.json()["detail"]
    neither = send(Browser(), "/sign-in", {"email": "ada@example.org"})
    assert neither.status_code == 422
    assert "password" in neither.json()["errors"]


def test_staff_and_client_credentials_never_cross(
    cast: Cast, world: dict[str, Any], ada: Browser
) -> None:
    staff = logged_in(cast.front_desk)

    assert staff.get(f"{PORTAL}/me").status_code == 401
    assert ada.get("/api/v1/clients").status_code == 401
    assert ada.get("/api/v1/me").status_code == 401
    assert Browser().get(f"{PORTAL}/appointments").status_code == 401


def test_a_token_ends_on_sign_out_when_idle_and_when_the_account_is_closed(
    cast: Cast, world: dict[str, Any]
) -> None:
    first = signed_in("ada@example.org")
    assert send(first, "/sign-out", {}).status_code == 204
    assert first.get(f"{PORTAL}/me").status_code == 401

    second = signed_in("ada@example.org")
    with time_machine.travel(timezone.now() + timedelta(minutes=16), tick=False):
        assert second.get(f"{PORTAL}/me").status_code == 401

    third = signed_in("ada@example.org")
    assert third.get(f"{PORTAL}/me").status_code == 200
    deactivate_account(account=world["account"], by=actor(cast.owner))
    assert third.get(f"{PORTAL}/me").status_code == 401
    assert len(events("portal.api_token.revoked")) == 1


def test_the_portal_session_works_with_its_csrf_token_on_writes(
    cast: Cast, world: dict[str, Any]
) -> None:
    browser = portal_browser(world["account"])
    browser.handler.enforce_csrf_checks = True

    read = browser.get(f"{PORTAL}/appointments")
    write = send(browser, "/home-program/logs", {"status": "done"})

    assert read.status_code == 200
    assert [a["id"] for a in read.json()] == [world["mine"].pk]
    assert write.status_code == 403


def test_the_client_books_a_free_time_and_cancels_within_the_notice(
    cast: Cast, world: dict[str, Any], ada: Browser
) -> None:
    day = (timezone.localdate() + timedelta(days=6)).isoformat()
    kind = world["kind"]

    types = ada.get(f"{PORTAL}/appointment-types").json()
    slots = ada.get(f"{PORTAL}/availability", {"type_id": kind.pk, "date": day}).json()
    made = send(
        ada,
        "/appointments",
        {
            "type_id": kind.pk,
            "therapist_id": slots[0]["therapist_id"],
            "starts_at": slots[0]["starts_at"],
        },
    )
    again = send(
        ada,
        "/appointments",
        {
            "type_id": kind.pk,
            "therapist_id": slots[0]["therapist_id"],
            "starts_at": slots[0]["starts_at"],
        },
    )
    cancelled = send(ada, f"/appointments/{made.json()['id']}/cancel", {"reason": "Away"})

    assert [t["id"] for t in types] == [kind.pk]
    assert made.status_code == 201, made.content
    assert made.json()["may_cancel"] is True
    assert again.status_code == 409
    assert cancelled.status_code == 200
    assert cancelled.json()["status"] == "cancelled"
    with unscoped():
        mine = Appointment.objects.get(pk=made.json()["id"])
    assert (mine.client_id, mine.source) == (cast.client.pk, "portal")


def test_a_type_the_clinic_books_itself_is_refused_naming_the_field(
    world: dict[str, Any], ada: Browser
) -> None:
    kind = world["kind"]
    kind.online = False
    kind.save(update_fields=["online"])

    answer = ada.get(f"{PORTAL}/availability", {"type_id": kind.pk, "date": "2030-01-07"})

    assert answer.status_code == 422
    assert "type_id" in answer.content.decode()


def test_the_client_notes_home_program_sessions_that_reach_the_chart(
    ready: Ready,
) -> None:
    approve(ready)
    start_home_program(client=ready.client, by=actor(ready.therapist))
    with_password(account_for(ready.cast, ready.client, "ada@example.org"))
    ada = signed_in("ada@example.org")

    program = ada.get(f"{PORTAL}/home-program")
    noted = send(ada, "/home-program/logs", {"status": "partly", "pain_after": 3})
    refused = send(ada, "/home-program/logs", {"status": "done", "pain_after": 11})

    assert program.status_code == 200
    assert program.json()["exercises"]
    assert noted.status_code == 201
    assert refused.status_code == 422
    assert "pain_after" in refused.content.decode()
    logs = list(list_logs(ready.cast.clinic.pk, ready.client))
    assert [(log.status, log.pain_after) for log in logs] == [("partly", 3)]
    assert ada.get(f"{PORTAL}/home-program").json()["logs"][0]["status"] == "partly"


def test_without_a_program_or_a_due_questionnaire_the_client_is_told_so(
    world: dict[str, Any], ada: Browser
) -> None:
    assert ada.get(f"{PORTAL}/home-program").status_code == 404
    assert ada.get(f"{PORTAL}/questionnaire").json()["instrument"] is None
    answer = send(ada, "/questionnaire", {"instrument": "ndi", "answers": [0] * 10})
    assert answer.status_code == 409


def test_the_client_signs_consent_once(cast: Cast, world: dict[str, Any], ada: Browser) -> None:
    text = ada.get(f"{PORTAL}/consent").json()
    body = {
        "topics": text["text"]["topics"],
        "signature_method": "typed",
        "signature": cast.client.full_name,
    }

    signed = send(ada, "/consent", body)
    again = send(ada, "/consent", body)

    assert text["signed"] is False
    assert signed.status_code == 201, signed.content
    assert again.status_code == 409
    with unscoped():
        consent = Consent.objects.get(client=cast.client)
    assert consent.obtained_by_id is None


INTAKE = {
    "format": "medmassage.intake",
    "version": 1,
    "complaints": [{"description": "stress and tension from work", "pain": 3}],
    "red_flags": dict.fromkeys(
        (
            "chest_pain",
            "dvt_signs",
            "feverish",
            "meningitis_signs",
            "self_harm",
            "stroke_signs",
            "sudden_breathlessness",
            "suicidal_thoughts",
        ),
        False,
    ),
    "goals": ["Sleep better"],
}


def test_the_client_sends_the_intake_which_is_screened_and_waits_for_review(
    cast: Cast, world: dict[str, Any], ada: Browser
) -> None:
    unanswered = send(ada, "/intake", {**INTAKE, "red_flags": {}})
    not_an_object = send(ada, "/intake", ["no"])
    unknown = send(ada, "/intake", {**INTAKE, "favourite_colour": "blue"})
    sent = send(ada, "/intake", INTAKE)

    assert unanswered.status_code == 422
    assert "red_flags" in unanswered.content.decode()
    assert not_an_object.status_code == 422
    assert unknown.status_code == 422
    assert "favourite_colour" in unknown.content.decode()
    assert sent.status_code == 201, sent.content
    with unscoped():
        intake = Intake.objects.get(client=cast.client)
    assert intake.source == Source.PORTAL
    assert intake.screening  # the clinical core screened it
    shown = ada.get(f"{PORTAL}/intake").json()
    assert shown["document"]["goals"] == ["Sleep better"]
    assert "screening" not in shown


def pdf_text(content: bytes) -> str:
    assert content.startswith(b"%PDF")
    return " ".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)


def test_the_client_downloads_their_documents_by_the_listed_addresses(ready: Ready) -> None:
    approve(ready)
    start_home_program(client=ready.client, by=actor(ready.therapist))
    with_password(account_for(ready.cast, ready.client, "ada@example.org"))
    ada = signed_in("ada@example.org")

    listed = ada.get(f"{PORTAL}/documents").json()
    handout = ada.get(listed[0]["url"])

    assert [d["kind"] for d in listed] == ["home_program"]
    assert handout["Content-Type"] == "application/pdf"
    assert "home" in pdf_text(handout.content).lower()


def _operations() -> list[tuple[str, str]]:
    schema = api.get_openapi_schema()
    return [
        (method.upper(), path)
        for path, methods in schema["paths"].items()
        if path.startswith(PORTAL)
        for method in methods
    ]


def test_every_portal_endpoint_is_closed_without_a_client(world: dict[str, Any]) -> None:
    open_doors = {("POST", f"{PORTAL}/sign-in"), ("POST", f"{PORTAL}/sign-in/code")}
    failures = []
    for method, path in _operations():
        if (method, path) in open_doors:
            continue
        concrete = path.replace("{appointment_id}", "1").replace("{payment_id}", "1")
        concrete = concrete.replace("{invoice_id}", "1").replace("{plan_id}", "1")
        answer = Browser().generic(method, concrete, "{}", content_type="application/json")
        if answer.status_code != 401:
            failures.append(f"{method} {path}: {answer.status_code}")
    assert not failures
    assert len(_operations()) >= 20


def test_every_portal_write_needs_csrf_with_the_portal_session(world: dict[str, Any]) -> None:
    browser = portal_browser(world["account"])
    browser.handler.enforce_csrf_checks = True
    accepted = []
    for method, path in _operations():
        if method == "GET" or path in {f"{PORTAL}/sign-in", f"{PORTAL}/sign-in/code"}:
            continue  # signing in has no session to ride on: it answers with a token
        concrete = path.split("{")[0] + "1" + path.split("}")[1] if "{" in path else path
        answer = browser.generic(method, concrete, "{}", content_type="application/json")
        if answer.status_code != 403:
            accepted.append(f"{method} {path}: {answer.status_code}")
    assert not accepted


def test_every_portal_endpoint_naming_a_record_refuses_another_clients(
    cast: Cast, world: dict[str, Any], ada: Browser
) -> None:
    theirs = world["theirs"]
    failures = []
    for method, path in _operations():
        if "{" not in path:
            continue
        concrete = path.split("{")[0] + str(theirs.pk) + path.split("}")[1]
        answer = ada.generic(method, concrete, "{}", content_type="application/json")
        if answer.status_code != 404:
            failures.append(f"{method} {path}: {answer.status_code}")
        if b"Neighbour" in answer.content:
            failures.append(f"{method} {path} shows the other client")
    assert not failures
    with unscoped():
        assert Appointment.objects.get(pk=theirs.pk).status == "booked"


def test_no_portal_answer_shows_another_clients_record(
    cast: Cast, world: dict[str, Any], ada: Browser
) -> None:
    failures = []
    for method, path in _operations():
        if method != "GET" or "{" in path:
            continue
        body = ada.get(path, {"type_id": world["kind"].pk, "date": "2030-01-07"}).content
        for secret in ("Neighbour", cast.outsiders_client.family_name, cast.other_clinic.name):
            if secret.encode() in body:
                failures.append(f"{path} shows {secret}")
    assert not failures
