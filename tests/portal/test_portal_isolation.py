"""Portal isolation: a signed-in client reaches only their own record on every portal URL;
another client's appointment (same clinic or another) is a 404 and shows nothing; every read
is audited with the client as actor; staff logins are not portal logins."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

import pytest
from django.test import Client as Browser
from django.utils import timezone

from medmassage.clientaccounts.actors import ClientActor
from medmassage.clientaccounts.models import ClientAccount
from medmassage.clientaccounts.services import invite_client
from medmassage.clients.services import update_client
from medmassage.portal.session import ACCOUNT_KEY, SEEN_KEY, STARTED_KEY
from medmassage.scheduling import services
from medmassage.scheduling.models import Appointment
from tests.builders import actor, calendar_setup, events, membership
from tests.cast import Cast
from tests.foundation.url_patterns import endpoints

PORTAL = [e for e in endpoints() if e.name.startswith("portal:")]


def portal_browser(account: ClientAccount) -> Browser:
    browser = Browser()
    session = browser.session
    now = timezone.now().isoformat()
    session.update({ACCOUNT_KEY: account.pk, STARTED_KEY: now, SEEN_KEY: now})
    session.save()
    return browser


def account_for(cast: Cast, client: object, email: str) -> ClientAccount:
    update_client(client=client, by=actor(cast.front_desk), email=email)  # type: ignore[arg-type]
    account = invite_client(client=client, by=actor(cast.front_desk))  # type: ignore[arg-type]
    account.activated_at = timezone.now()
    account.save(update_fields=["activated_at"])
    return account


@pytest.fixture
def setup(cast: Cast) -> dict[str, object]:
    from medmassage.clients.services import create_client

    kind = calendar_setup(cast.clinic, cast.therapist)
    neighbour = create_client(
        by=actor(cast.front_desk),
        given_name="Nora",
        family_name="Neighbour",
        date_of_birth=date(1990, 1, 1),
    )
    day = timezone.localdate() + timedelta(days=4)
    theirs = services.book_appointment(
        booking=services.Booking(
            neighbour,
            membership(cast.therapist),
            kind,
            datetime.combine(day, time(11), tzinfo=cast.clinic.zone),
        ),
        by=actor(cast.front_desk),
    )
    mine = services.book_appointment(
        booking=services.Booking(
            cast.client,
            membership(cast.therapist),
            kind,
            datetime.combine(day, time(14), tzinfo=cast.clinic.zone),
        ),
        by=actor(cast.front_desk),
    )
    return {
        "account": account_for(cast, cast.client, "ada@example.org"),
        "theirs": theirs,
        "mine": mine,
        "neighbour": neighbour,
    }


def test_every_portal_url_with_a_record_refuses_another_clients(
    cast: Cast, setup: dict[str, object]
) -> None:
    browser = portal_browser(setup["account"])  # type: ignore[arg-type]
    theirs = setup["theirs"]
    failures = []
    for endpoint in PORTAL:
        names = [name for name, _ in endpoint.parameters if name != "token"]
        if not names:
            continue
        path = endpoint.path(dict.fromkeys(names, theirs.pk))  # type: ignore[attr-defined]
        for method in ("GET", "POST"):
            response = browser.generic(method, path)
            if response.status_code not in {404, 405}:
                failures.append(f"{method} {path} answered {response.status_code}")
            if b"Neighbour" in response.content:
                failures.append(f"{method} {path} shows the other client")
    assert not failures
    with_them = Appointment.objects.for_clinic(cast.clinic).get(pk=theirs.pk)  # type: ignore[attr-defined]
    assert with_them.status == "booked"


def test_every_portal_page_shows_only_the_clients_own_record(
    cast: Cast, setup: dict[str, object]
) -> None:
    browser = portal_browser(setup["account"])  # type: ignore[arg-type]
    failures = []
    for endpoint in (e for e in PORTAL if not e.parameters):
        response = browser.get(endpoint.path(), follow=True)
        body = response.content.decode()
        for secret in ("Neighbour", cast.outsiders_client.family_name, cast.other_clinic.name):
            if secret in body:
                failures.append(f"{endpoint.path()} shows {secret}")
    assert not failures


def test_the_client_cannot_cancel_another_clients_appointment(
    cast: Cast, setup: dict[str, object]
) -> None:
    browser = portal_browser(setup["account"])  # type: ignore[arg-type]

    response = browser.post(f"/portal/appointments/{setup['theirs'].pk}/cancel/")  # type: ignore[attr-defined]
    own = browser.post(f"/portal/appointments/{setup['mine'].pk}/cancel/")  # type: ignore[attr-defined]

    assert response.status_code == 404
    assert own.status_code == 302
    assert (
        Appointment.objects.for_clinic(cast.clinic).get(pk=setup["mine"].pk).status == "cancelled"
    )  # type: ignore[attr-defined]


def test_every_portal_read_is_audited_with_the_client_as_actor(
    cast: Cast, setup: dict[str, object]
) -> None:
    browser = portal_browser(setup["account"])  # type: ignore[arg-type]

    browser.get("/portal/")
    browser.get("/portal/home-program/")

    reads = events("portal.record.viewed")
    assert [e.details["page"] for e in reads] == ["home", "home_program"]
    assert {e.actor_label for e in reads} == {"portal:ada@example.org"}
    assert {e.client_id for e in reads} == {cast.client.pk}


def test_a_client_of_another_clinic_sees_nothing_of_this_one(
    cast: Cast, setup: dict[str, object]
) -> None:
    outsider_account = ClientAccount.unscoped_objects.create(
        clinic=cast.other_clinic,
        client=cast.outsiders_client,
        email="grace@example.org",
        activated_at=timezone.now(),
    )
    browser = portal_browser(outsider_account)

    page = browser.get("/portal/").content.decode()
    cancel = browser.post(f"/portal/appointments/{setup['mine'].pk}/cancel/")  # type: ignore[attr-defined]

    assert cast.client.family_name not in page
    assert cast.clinic.name not in page
    assert cancel.status_code == 404
    assert isinstance(ClientActor(outsider_account).label, str)
