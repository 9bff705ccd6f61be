"""The API base: session or bearer-token auth, hashed tokens, CSRF, clinic binding, JSON errors."""

from __future__ import annotations

import json
import re
from typing import Any

import pytest
from django.apps import apps
from django.http import HttpRequest, HttpResponse
from django.test import Client as Browser
from django.urls import path, reverse
from ninja import NinjaAPI

from medmassage.accounts.models import ApiToken, Membership, Role, User
from medmassage.accounts.sessions import start as start_session
from medmassage.accounts.tokens import IssuedToken, hash_token, issue_token, revoke_token
from medmassage.api.router import api, api_urls
from medmassage.clients.models import Client
from medmassage.config.urls import urlpatterns as project_urlpatterns
from medmassage.tenancy import ScopeError
from tests.builders import actor
from tests.cast import PASSWORD, Cast, logged_in
from tests.foundation.url_patterns import endpoints

ME = "/api/v1/me"
SCHEMA = "/api/v1/openapi.json"
PLAINTEXT = re.compile(r"mm_[0-9a-f]{8}_[A-Za-z0-9_-]{20,}")
UNSAFE = {"POST", "PUT", "PATCH", "DELETE"}

# A probe mounted beside the real API and guarded exactly as it is, whose endpoints do nothing
# but show the guard at work: a write, and a read through the implicit clinic scope.
probe = NinjaAPI(title="probe", urls_namespace="tests-api-probe", auth=api.auth, docs_url=None)


@probe.post("/writes")
def probe_write(request: HttpRequest) -> dict[str, Any]:
    return {"clinic": request.clinic.pk}  # type: ignore[attr-defined]


@probe.get("/clients")
def probe_clients(request: HttpRequest) -> list[str]:
    return sorted(client.full_name for client in Client.objects.all())


urlpatterns = [path("api/probe/", api_urls(probe)), *project_urlpatterns]
with_probe = pytest.mark.urls(__name__)


def bearer(token: IssuedToken | str) -> dict[str, str]:
    plaintext = token if isinstance(token, str) else token.plaintext
    return {"Authorization": f"Bearer {plaintext}"}


def body(response: HttpResponse) -> Any:
    assert response["Content-Type"].startswith("application/json"), response["Content-Type"]
    return json.loads(response.content)


def membership(user: User, clinic: Any = None) -> Membership:
    memberships = Membership.objects.filter(user=user)
    return memberships.get(clinic=clinic) if clinic else memberships.get()


@pytest.fixture
def token(cast: Cast) -> IssuedToken:
    """A token of the first clinic's therapist."""
    return issue_token(by=actor(membership(cast.therapist)), name="script")


@pytest.fixture
def both_clinics(cast: Cast) -> User:
    """The therapist, also a member of the other clinic."""
    Membership.objects.create(user=cast.therapist, clinic=cast.other_clinic, role=Role.THERAPIST)
    return cast.therapist


# --- Who am I ---------------------------------------------------------------------------------


def test_me_after_logging_in_with_a_password(cast: Cast) -> None:
    browser = Browser()
    login = browser.post(
        reverse("accounts:login"), {"username": cast.therapist.email, "password": PASSWORD}
    )
    assert login.status_code == 302

    response = browser.get(ME)

    assert response.status_code == 200
    assert body(response) == {
        "id": cast.therapist.pk,
        "email": cast.therapist.email,
        "full_name": cast.therapist.full_name,
        "clinic": {"id": cast.clinic.pk, "name": cast.clinic.name},
        "role": "therapist",
    }


def test_me_with_a_bearer_token(cast: Cast, token: IssuedToken) -> None:
    response = Browser().get(ME, headers=bearer(token))

    assert response.status_code == 200
    me = body(response)
    assert (me["id"], me["role"]) == (cast.therapist.pk, "therapist")
    assert me["clinic"] == {"id": cast.clinic.pk, "name": cast.clinic.name}


def test_a_session_without_a_clinic_is_refused(db: None) -> None:
    loner = User.objects.create_user("loner@nowhere.test", PASSWORD, full_name="No Clinic")

    response = logged_in(loner).get(ME)

    assert response.status_code == 401


@pytest.mark.parametrize(
    "plaintext",
    ["mm_00000000_" + "A" * 43, "not-a-token", "mm_", "Bearer"],
    ids=["unknown", "malformed", "empty", "word"],
)
def test_unknown_tokens_are_refused_with_a_clear_json_error(cast: Cast, plaintext: str) -> None:
    response = Browser().get(ME, headers=bearer(plaintext))

    assert response.status_code == 401
    assert body(response) == {"detail": "Authentication required"}


def test_a_revoked_token_is_refused(cast: Cast, token: IssuedToken) -> None:
    revoke_token(by=actor(membership(cast.therapist)), token_id=token.token.pk)

    response = Browser().get(ME, headers=bearer(token))

    assert response.status_code == 401
    assert body(response) == {"detail": "Authentication required"}


def test_a_token_of_a_clinic_the_user_left_is_refused(cast: Cast, token: IssuedToken) -> None:
    Membership.objects.filter(user=cast.therapist).update(is_active=False)

    assert Browser().get(ME, headers=bearer(token)).status_code == 401


def test_a_token_of_a_deactivated_user_is_refused(cast: Cast, token: IssuedToken) -> None:
    User.objects.filter(pk=cast.therapist.pk).update(is_active=False)

    assert Browser().get(ME, headers=bearer(token)).status_code == 401


# --- Tokens are secrets -----------------------------------------------------------------------


def every_stored_value() -> str:
    rows = [str(row) for model in apps.get_models() for row in model._base_manager.values_list()]
    return "\n".join(rows)


def test_the_database_holds_only_the_tokens_hash(token: IssuedToken) -> None:
    stored = ApiToken.objects.get(pk=token.token.pk)

    assert stored.token_hash == hash_token(token.plaintext) != token.plaintext
    secret_part = token.plaintext.split("_", 2)[2]
    assert secret_part not in every_stored_value()


def test_the_tokens_page_shows_a_new_token_once(cast: Cast) -> None:
    browser = logged_in(cast.therapist)

    created = browser.post(reverse("accounts:tokens"), {"name": "reporting script"})

    assert created.status_code == 200
    plaintext = PLAINTEXT.search(created.content.decode())
    assert plaintext, "the new token is not on the page"
    assert Browser().get(ME, headers=bearer(plaintext[0])).status_code == 200
    later = browser.get(reverse("accounts:tokens")).content.decode()
    assert "reporting script" in later
    assert plaintext[0] not in later
    assert not PLAINTEXT.search(later)


def test_a_token_is_revoked_from_the_tokens_page(cast: Cast, token: IssuedToken) -> None:
    browser = logged_in(cast.therapist)

    response = browser.post(reverse("accounts:revoke-token", args=[token.token.pk]))

    assert response.status_code == 302
    assert ApiToken.objects.get(pk=token.token.pk).revoked_at is not None
    assert Browser().get(ME, headers=bearer(token)).status_code == 401


# --- The schema -------------------------------------------------------------------------------


def test_the_schema_needs_authentication(db: None) -> None:
    response = Browser().get(SCHEMA)

    assert response.status_code == 401
    assert body(response) == {"detail": "Authentication required"}


def test_the_schema_lists_me_for_a_session(cast: Cast) -> None:
    response = logged_in(cast.front_desk).get(SCHEMA)

    assert response.status_code == 200
    assert ME in body(response)["paths"]


def test_the_schema_is_served_to_a_bearer_token(token: IssuedToken) -> None:
    assert Browser().get(SCHEMA, headers=bearer(token)).status_code == 200


# --- CSRF on writes with a session ------------------------------------------------------------


def csrf_token_of(browser: Browser) -> str:
    browser.get(reverse("accounts:tokens"))  # any page with a form sets the cookie
    return browser.cookies["csrftoken"].value


def session_browser(user: User) -> Browser:
    """Logged in like `logged_in`, but checking CSRF as a real browser's requests are."""
    browser = Browser(enforce_csrf_checks=True)
    browser.force_login(user)
    session = browser.session
    start_session(session)
    session.save()
    return browser


@with_probe
def test_a_session_write_without_a_csrf_token_is_refused(cast: Cast) -> None:
    response = session_browser(cast.therapist).post("/api/probe/writes")

    assert response.status_code == 403
    assert "CSRF" in body(response)["detail"]


@with_probe
def test_a_session_write_with_a_csrf_token_is_accepted(cast: Cast) -> None:
    browser = session_browser(cast.therapist)

    response = browser.post("/api/probe/writes", headers={"X-CSRFToken": csrf_token_of(browser)})

    assert response.status_code == 200
    assert body(response) == {"clinic": cast.clinic.pk}


@with_probe
def test_a_bearer_write_needs_no_csrf_token(cast: Cast, token: IssuedToken) -> None:
    browser = Browser(enforce_csrf_checks=True)

    assert browser.post("/api/probe/writes", headers=bearer(token)).status_code == 200


def test_every_unsafe_api_operation_needs_csrf_with_a_session(cast: Cast) -> None:
    browser = session_browser(cast.therapist)
    accepted = []
    # The portal's endpoints belong to clients, whose session is the portal's own: their CSRF
    # rule is shown with a portal session in tests/portal/test_portal_api.py.
    for endpoint in (e for e in endpoints() if e.is_api and "/portal/" not in e.path()):
        url = endpoint.path()
        allow = browser.options(url).get("Allow", "")
        for method in UNSAFE & {m.strip() for m in allow.split(",")}:
            response = browser.generic(method, url, data="{}", content_type="application/json")
            if response.status_code != 403:
                accepted.append(f"{method} {url}")
    assert not accepted, f"writes accepted without a CSRF token: {accepted}"


# --- A token is bound to its clinic -----------------------------------------------------------


def test_a_token_speaks_for_the_clinic_it_was_issued_in(cast: Cast, both_clinics: User) -> None:
    for clinic in (cast.clinic, cast.other_clinic):
        issued = issue_token(by=actor(membership(both_clinics, clinic)), name="s")

        me = body(Browser().get(ME, headers=bearer(issued)))

        assert me["clinic"]["id"] == clinic.pk


@with_probe
def test_a_token_reads_only_its_own_clinics_records(cast: Cast, token: IssuedToken) -> None:
    response = Browser().get("/api/probe/clients", headers=bearer(token))

    assert response.status_code == 200
    assert body(response) == [cast.client.full_name]


@with_probe
def test_a_tokens_clinic_scope_ends_with_its_request(cast: Cast, token: IssuedToken) -> None:
    Browser().get("/api/probe/clients", headers=bearer(token))

    with pytest.raises(ScopeError):
        Client.objects.count()


@with_probe
def test_a_token_outranks_the_sessions_clinic(cast: Cast, both_clinics: User) -> None:
    other = issue_token(by=actor(membership(both_clinics, cast.other_clinic)), name="s")
    browser = logged_in(both_clinics)  # whose session works in the first clinic

    me = body(browser.get(ME, headers=bearer(other)))
    clients = body(browser.get("/api/probe/clients", headers=bearer(other)))

    assert me["clinic"]["id"] == cast.other_clinic.pk
    assert clients == [cast.outsiders_client.full_name]


# --- Responses --------------------------------------------------------------------------------


def test_api_responses_are_never_stored(cast: Cast, token: IssuedToken) -> None:
    responses = [
        logged_in(cast.therapist).get(ME),
        Browser().get(ME, headers=bearer(token)),
        Browser().get(ME),
        Browser().get(SCHEMA, headers=bearer(token)),
    ]

    assert [r["Cache-Control"] for r in responses] == ["no-store"] * len(responses)


def test_an_unknown_api_path_answers_json(cast: Cast) -> None:
    response = logged_in(cast.therapist).get("/api/v1/no-such-resource")

    assert response.status_code == 404
    assert "detail" in body(response)


def test_a_method_the_api_does_not_route_answers_json(cast: Cast) -> None:
    response = logged_in(cast.therapist).delete(ME)

    assert response.status_code == 405
    assert "detail" in body(response)
