"""The second factor holds on every URL pattern: a password-only session of someone who must
use it reaches nothing but the short allow-list, whatever page is added later."""

from __future__ import annotations

import pytest
from django.urls import reverse

from medmassage.mfa.middleware import ALLOW_LIST
from tests.cast import Cast, logged_in
from tests.foundation.url_patterns import CLIENT_SIGN_IN, endpoints

ENDPOINTS = endpoints()
# Past the login wall altogether, or the steps of logging in and out.
OPEN = {"accounts:login", "health", "admin:login"}
EMPTY_ROOTS = {"api-v1:api-root"}


def test_the_allow_list_is_short_and_explicit() -> None:
    assert {
        "accounts:login",
        "accounts:logout",
        "mfa:setup",
        "mfa:verify",
        "health",
        "admin:login",
    } == ALLOW_LIST


@pytest.mark.parametrize("enrolled", [False, True], ids=["not enrolled", "enrolled"])
def test_every_page_sends_an_owner_without_the_second_factor_to_it(
    cast: Cast, enrolled: bool
) -> None:
    if enrolled:
        logged_in(cast.owner)  # confirms an authenticator for the owner
    browser = logged_in(cast.owner, verified=False)
    target = "/accounts/mfa/verify/" if enrolled else "/accounts/mfa/setup/"
    failures = []
    for endpoint in ENDPOINTS:
        if endpoint.is_api or endpoint.name in ALLOW_LIST:
            continue
        path = endpoint.path({"client_id": cast.client.pk})
        for method in ("GET", "POST"):
            response = browser.generic(method, path)
            location = response.get("Location", "")
            if response.status_code != 302 or not location.startswith(target):
                failures.append(f"{method} {path}: {response.status_code} {location}")
    assert not failures, "these pages skip the second factor"


def test_every_api_operation_refuses_a_session_without_the_second_factor(cast: Cast) -> None:
    browser = logged_in(cast.owner, verified=False)
    failures = []
    for endpoint in ENDPOINTS:
        if not endpoint.is_api or endpoint.name in EMPTY_ROOTS | CLIENT_SIGN_IN:
            continue
        path = endpoint.path({"client_id": cast.client.pk})
        for method in ("GET", "POST", "PATCH", "PUT"):
            response = browser.generic(method, path, data="{}", content_type="application/json")
            if response.status_code not in {401, 405}:
                failures.append(f"{method} {path}: {response.status_code}")
    assert not failures, "these API operations accept a session that owes its second factor"


def test_the_same_session_reaches_the_pages_once_verified(cast: Cast) -> None:
    browser = logged_in(cast.owner)

    assert browser.get(reverse("dashboard:home")).status_code == 200
    assert browser.get("/api/v1/me").status_code == 200
