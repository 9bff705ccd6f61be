"""Deny by default: every view needs a login unless it is on a short, explicit allow-list."""

from __future__ import annotations

import json

import pytest
from django.apps import apps
from django.test import Client as Browser
from django.urls import reverse

from medmassage.accounts.models import Membership, Role
from medmassage.accounts.queries import ACTIVE_CLINIC_KEY
from medmassage.audit.models import AuditChainHead, AuditEvent
from tests.cast import Cast, logged_in
from tests.foundation.url_patterns import CLIENT_SIGN_IN, Endpoint, endpoints

# Views past Django's login wall (`login_not_required`): the login page and the health check,
# the admin's login (which only sends people to ours), a calendar feed's secret address and the
# API, whose own authentication answers 401.
# A therapist's calendar feed is fetched by calendar apps: its secret address is its key.
ALLOW_LIST = {"accounts:login", "health", "admin:login", "scheduling:feed"}
# Password reset by email: asked for, and used, without a session.
ALLOW_LIST |= {
    "accounts:password-reset",
    "accounts:password-reset-sent",
    "accounts:password-reset-confirm",
    "accounts:password-reset-complete",
}
# Django-ninja's root view exists only so that reverse() finds the API's prefix; it serves
# nothing and answers 404 to everyone.
EMPTY_ROOTS = {"api-v1:api-root"}

# The client portal has its own wall (a client's sign-in, never a staff login): its pages are
# past Django's login wall and behind the portal's; only these four are open to strangers.
PORTAL_OPEN = {"portal:sign-in", "portal:sign-in-code", "portal:accept", "portal:sign-out"}

ENDPOINTS = endpoints()
PORTAL = [e for e in ENDPOINTS if e.name.startswith("portal:")]
# FHIR R4 answers strangers 401 with an OperationOutcome (tests/fhir walks it).
FHIR = [e for e in ENDPOINTS if e.is_fhir]
PAGES = [
    e
    for e in ENDPOINTS
    if not e.is_api and not e.is_fhir and e.name not in ALLOW_LIST and e not in PORTAL
]
# The admin's login page is public but shows nothing: it redirects to the login page as well.
PAGES += [e for e in ENDPOINTS if e.name == "admin:login"]
API = [e for e in ENDPOINTS if e.is_api and e.name not in EMPTY_ROOTS | CLIENT_SIGN_IN]


def api_methods(path: str) -> list[str]:
    """Every method an API operation answers (django-ninja lists them on a 405, before auth)."""
    response = Browser().options(path)
    if response.status_code != 405:  # a plain view such as the schema
        return ["GET"]
    return sorted(m.strip() for m in response["Allow"].split(","))


def test_only_the_login_page_and_the_health_check_are_past_the_login_wall() -> None:
    past_the_wall = {
        e.name
        for e in ENDPOINTS
        if not e.is_api and not getattr(e.callback, "login_required", True)
    }

    assert past_the_wall == ALLOW_LIST | {e.name for e in PORTAL} | {e.name for e in FHIR}


@pytest.mark.parametrize("method", ["GET", "POST"])
@pytest.mark.parametrize("endpoint", [e for e in PORTAL if e.name not in PORTAL_OPEN], ids=str)
def test_every_portal_page_sends_strangers_and_staff_to_the_portal_sign_in(
    cast: Cast, endpoint: Endpoint, method: str
) -> None:
    path = endpoint.path()

    for browser in (Browser(), logged_in(cast.owner)):
        response = browser.generic(method, path)

        assert response.status_code == 302, f"{method} {path} is open"
        assert response["Location"].startswith("/portal/sign-in/?next=")


def test_every_api_operation_is_left_to_the_api_authentication() -> None:
    walled = [str(e) for e in API if getattr(e.callback, "login_required", True)]

    assert not walled, f"the login wall would send API clients to a page: {walled}"


def test_the_admin_login_sends_people_to_the_one_login_page(db: None) -> None:
    response = Browser().get(reverse("admin:login"), {"next": "/admin/"})

    assert response.status_code == 302
    assert response["Location"] == f"{reverse('accounts:login')}?next=/admin/"


def test_the_walk_covers_pages_admin_and_api() -> None:
    names = {endpoint.name for endpoint in ENDPOINTS}
    assert {"dashboard:home", "charts:client", "admin:index", "api-v1:me"} <= names


@pytest.mark.parametrize("method", ["GET", "POST"])
@pytest.mark.parametrize("endpoint", PAGES, ids=str)
def test_every_page_sends_strangers_to_the_login_page(
    db: None, endpoint: Endpoint, method: str
) -> None:
    path = endpoint.path()

    response = Browser().generic(method, path)

    assert response.status_code == 302, f"{method} {path} is open"
    assert response["Location"].startswith(f"{reverse('accounts:login')}?next=")


@pytest.mark.parametrize("endpoint", API, ids=str)
def test_every_api_operation_answers_strangers_401(db: None, endpoint: Endpoint) -> None:
    path = endpoint.path()

    for method in api_methods(path):
        response = Browser().generic(method, path, data="{}", content_type="application/json")

        assert response.status_code == 401, f"{method} {path} is open"
        assert response["Content-Type"].startswith("application/json")
        assert json.loads(response.content) == {"detail": "Authentication required"}


@pytest.mark.parametrize("endpoint", FHIR, ids=str)
def test_every_fhir_address_answers_strangers_401(db: None, endpoint: Endpoint) -> None:
    path = endpoint.path()

    for method in ("GET", "POST", "DELETE"):
        response = Browser().generic(method, path)

        assert response.status_code in {401, 405}, f"{method} {path} is open"
        assert response["Content-Type"].startswith("application/fhir+json")
        assert json.loads(response.content)["resourceType"] == "OperationOutcome"


@pytest.mark.parametrize("name", sorted(EMPTY_ROOTS))
def test_the_api_root_serves_nothing(db: None, name: str) -> None:
    assert Browser().get(reverse(name)).status_code == 404


def test_the_login_page_is_open(db: None) -> None:
    response = Browser().get(reverse("accounts:login"))

    assert response.status_code == 200
    assert b'name="username"' in response.content


def test_the_health_check_is_open_and_tells_nothing(db: None) -> None:
    response = Browser().get(reverse("health"))

    assert response.status_code == 200
    assert json.loads(response.content) == {"status": "ok"}


# --- No state change on GET -------------------------------------------------------------------


def test_logout_refuses_get(cast: Cast) -> None:
    browser = logged_in(cast.therapist)

    assert browser.get(reverse("accounts:logout")).status_code == 405
    assert browser.get(reverse("dashboard:home")).status_code == 200
    assert not AuditEvent.objects.filter(action="accounts.user.logged_out").exists()


def test_admin_logout_refuses_get(cast: Cast) -> None:
    browser = logged_in(cast.owner)

    assert browser.get(reverse("admin:logout")).status_code == 405
    assert browser.get(reverse("admin:index")).status_code == 200


def test_clinic_switch_refuses_get(cast: Cast) -> None:
    Membership.objects.create(user=cast.therapist, clinic=cast.other_clinic, role=Role.THERAPIST)
    browser = logged_in(cast.therapist)
    browser.get(reverse("dashboard:home"))
    active = browser.session.get(ACTIVE_CLINIC_KEY)

    response = browser.get(reverse("accounts:switch-clinic"), {"clinic": cast.other_clinic.pk})

    assert response.status_code == 405
    assert browser.session.get(ACTIVE_CLINIC_KEY) == active
    assert json.loads(browser.get(reverse("api-v1:me")).content)["clinic"]["id"] == cast.clinic.pk
    assert not AuditEvent.objects.filter(action="accounts.clinic.switched").exists()


# Bookkeeping that may change on any request: the session itself and login throttling.
BOOKKEEPING = {"sessions.session", "axes.accessattempt", "axes.accesslog", "axes.accessfailurelog"}
AUDIT_MODELS = {AuditEvent, AuditChainHead}


def row_counts() -> dict[str, int]:
    return {
        model._meta.label_lower: model._base_manager.count()
        for model in apps.get_models()
        if model._meta.label_lower not in BOOKKEEPING and model not in AUDIT_MODELS
    }


def test_get_changes_nothing_but_the_record_of_reads(cast: Cast) -> None:
    browser = logged_in(cast.owner)
    changed = []
    for endpoint in ENDPOINTS:
        path = endpoint.path({"client_id": cast.client.pk})
        counts, last_event = row_counts(), AuditEvent.objects.latest("id").pk

        browser.get(path)

        written = AuditEvent.objects.filter(pk__gt=last_event).values_list("action", flat=True)
        reads = [a for a in written if not a.endswith(".viewed") and a != "access.denied"]
        if row_counts() != counts or reads:
            changed.append(path)
    assert not changed, f"GET changed data at {changed}"
