"""Treating-team access as a clinic setting: a therapist off a client's treating team reaches
none of the client's records on any URL (pages and API) until they break the glass with a written
reason; break-glass expires, is audited at high severity and is shown to the owner."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from medmassage.accounts.models import Membership, Role, User
from medmassage.accounts.tokens import issue_token
from medmassage.recordaccess.enforce import EXEMPT
from medmassage.recordaccess.models import BreakGlass
from tests.audit.test_every_read_is_audited import CLIENT_DATA, MARK
from tests.builders import actor, events
from tests.cast import Cast, logged_in, make_user
from tests.foundation.clinic_records import RecordBook
from tests.foundation.test_tenancy import _holds_clinic_data, _record_parameters, path_to
from tests.foundation.url_patterns import endpoints


@pytest.fixture
def book(cast: Cast) -> RecordBook:
    records = RecordBook(cast.clinic, cast.therapist, token_holder=cast.owner, mark=MARK)
    for kind in ("client", "consent", "intake", "assessment", "measurement", "plan", "visit"):
        records[kind]
    records["adverse_event"]
    return records


@pytest.fixture
def outsider_on_staff(cast: Cast) -> User:
    """A therapist of the same clinic who is not on the client's treating team."""
    return make_user("nell@harbour.test", "Nell Newcomer", cast.clinic, Role.THERAPIST)


@pytest.fixture
def restricted(cast: Cast) -> Cast:
    cast.clinic.care_team_only = True
    cast.clinic.save()
    return cast


def shows(body: str) -> list[str]:
    return [data for data in CLIENT_DATA if data in body]


def test_off_the_team_no_url_shows_the_clients_data(
    restricted: Cast, book: RecordBook, outsider_on_staff: User
) -> None:
    browser = logged_in(outsider_on_staff)
    token = issue_token(by=actor(outsider_on_staff), name="t").plaintext
    leaks, refused = [], 0
    for endpoint in endpoints():
        if not _record_parameters(endpoint) or not _holds_clinic_data(endpoint):
            continue
        if endpoint.name in EXEMPT:
            continue  # the break-glass page names the client whose record it would open
        path = path_to(endpoint, book)
        if endpoint.is_api:
            response = browser.get(path, HTTP_AUTHORIZATION=f"Bearer {token}")
        else:
            response = browser.get(path)
        refused += response.status_code == 403
        if response.status_code == 200 and (found := shows(response.content.decode())):
            leaks.append(f"{path}: {found}")
    assert refused > 20
    assert not leaks


def test_the_care_team_and_the_owner_still_reach_it(restricted: Cast, book: RecordBook) -> None:
    client_id = book["client"]
    # The book's therapist recorded everything but is on the team only as primary therapist.
    from medmassage.clients.models import Client

    Client.unscoped_objects.filter(pk=client_id).update(
        primary_therapist=Membership.objects.get(user=restricted.therapist)
    )

    assert (
        logged_in(restricted.therapist).get(reverse("charts:client", args=[client_id])).status_code
        == 200
    )
    assert (
        logged_in(restricted.owner).get(reverse("charts:client", args=[client_id])).status_code
        == 200
    )


def test_break_glass_opens_for_a_while_audited_and_shown_to_the_owner(
    restricted: Cast, book: RecordBook, outsider_on_staff: User
) -> None:
    browser = logged_in(outsider_on_staff)
    chart = reverse("charts:client", args=[book["client"]])
    refused = browser.get(chart)
    assert refused.status_code == 403
    assert "break the glass" in refused.content.decode()

    too_short = browser.post(
        reverse("recordaccess:break-glass", args=[book["client"]]), {"reason": "need it"}
    )
    assert too_short.status_code == 422
    assert "need it" in too_short.content.decode()  # what was typed is kept

    reason = "Covering for Theo with his 3 pm client while he is ill today"
    opened = browser.post(
        reverse("recordaccess:break-glass", args=[book["client"]]), {"reason": reason}
    )
    assert opened.status_code == 302
    assert browser.get(chart).status_code == 200
    assert events("recordaccess.break_glass.opened")[0].details["severity"] == "high"
    used = events("recordaccess.break_glass.used")
    assert used
    assert used[0].details["severity"] == "high"
    owner_page = logged_in(restricted.owner).get(reverse("recordaccess:settings")).content.decode()
    assert reason in owner_page

    BreakGlass.unscoped_objects.update(expires_at=timezone.now() - timedelta(seconds=1))
    assert browser.get(chart).status_code == 403


def test_the_setting_is_the_owners_and_audited(cast: Cast) -> None:
    browser = logged_in(cast.owner)

    browser.post(reverse("recordaccess:settings"), {"care_team_only": "on", "require_mfa": "on"})

    cast.clinic.refresh_from_db()
    assert cast.clinic.care_team_only
    assert cast.clinic.require_mfa
    assert events("accounts.clinic.security_changed")[0].details["care_team_only"]["to"] is True
    assert logged_in(cast.therapist).get(reverse("recordaccess:settings")).status_code == 403


def test_the_api_refuses_off_the_team_with_a_403(
    restricted: Cast, book: RecordBook, outsider_on_staff: User
) -> None:
    token = issue_token(by=actor(outsider_on_staff), name="t").plaintext
    from django.test import Client as Browser

    response = Browser().get(
        f"/api/v1/clients/{book['client']}", HTTP_AUTHORIZATION=f"Bearer {token}"
    )

    assert response.status_code == 403
    assert "treating team" in json.loads(response.content)["detail"]


def test_fhir_reads_and_searches_keep_to_the_treating_team(
    restricted: Cast, book: RecordBook, outsider_on_staff: User
) -> None:
    from django.test import Client as Browser

    token = issue_token(by=actor(outsider_on_staff), name="t").plaintext
    fhir = Browser(HTTP_AUTHORIZATION=f"Bearer {token}", HTTP_ACCEPT="application/fhir+json")
    client_id = book["client"]

    read = fhir.get(f"/fhir/R4/Patient/{client_id}")
    everything = fhir.get(f"/fhir/R4/Patient/{client_id}/$everything")
    searched = json.loads(fhir.get("/fhir/R4/Encounter").content)

    assert read.status_code == 403
    assert json.loads(read.content)["resourceType"] == "OperationOutcome"
    assert everything.status_code == 403
    assert all(
        entry["resource"].get("subject", {}).get("reference") != f"Patient/{client_id}"
        for entry in searched["entry"]
    )
    owner = Browser(
        HTTP_AUTHORIZATION=f"Bearer {issue_token(by=actor(restricted.owner), name='o').plaintext}",
        HTTP_ACCEPT="application/fhir+json",
    )
    owners_search = json.loads(owner.get("/fhir/R4/Encounter").content)
    assert any(
        entry["resource"].get("subject", {}).get("reference") == f"Patient/{client_id}"
        for entry in owners_search["entry"]
    )
