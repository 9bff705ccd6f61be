"""Response headers: no-store for authenticated pages, CSP and the standard set; CSRF."""

from __future__ import annotations

import pytest
from django.test import Client as HttpClient
from django.urls import reverse

from tests.cast import PASSWORD, Cast, logged_in


@pytest.mark.parametrize("url_name", ["dashboard:home", "clients:list", "accounts:tokens"])
def test_authenticated_pages_are_never_stored(cast: Cast, url_name: str) -> None:
    response = logged_in(cast.therapist).get(reverse(url_name))
    assert response.status_code == 200
    assert response["Cache-Control"] == "no-store"


def test_client_record_is_never_stored(cast: Cast) -> None:
    response = logged_in(cast.therapist).get(reverse("charts:client", args=[cast.client.pk]))
    assert response["Cache-Control"] == "no-store"


def test_api_responses_are_never_stored(cast: Cast) -> None:
    assert logged_in(cast.therapist).get("/api/v1/me")["Cache-Control"] == "no-store"


def test_content_security_policy_loads_nothing_from_elsewhere(cast: Cast) -> None:
    policy = logged_in(cast.therapist).get(reverse("dashboard:home"))["Content-Security-Policy"]
    directives = dict(part.strip().split(" ", 1) for part in policy.split(";"))
    assert directives["default-src"] == "'self'"
    assert directives["script-src"] == "'self'"
    assert directives["object-src"] == "'none'"
    assert directives["frame-ancestors"] == "'none'"
    assert "unsafe-inline" not in policy
    assert "http" not in policy


@pytest.mark.django_db
def test_standard_security_headers_on_the_login_page() -> None:
    response = HttpClient().get(reverse("accounts:login"))
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"
    assert "camera=()" in response["Permissions-Policy"]
    assert "no-store" in response["Cache-Control"] or "no-cache" in response["Cache-Control"]


@pytest.mark.django_db
def test_forms_without_a_csrf_token_are_refused() -> None:
    browser = HttpClient(enforce_csrf_checks=True)
    response = browser.post(reverse("accounts:login"), {"username": "x@y.test", "password": "z"})
    assert response.status_code == 403
    assert b"nothing was saved" in response.content


def test_unsafe_methods_need_csrf_when_logged_in(cast: Cast) -> None:
    browser = logged_in(cast.therapist, enforce_csrf_checks=True)
    assert browser.post(reverse("accounts:logout")).status_code == 403
    assert browser.get(reverse("dashboard:home")).status_code == 200  # still logged in


def test_pages_use_only_local_static_files(cast: Cast) -> None:
    page = logged_in(cast.therapist).get(reverse("dashboard:home")).content.decode()
    assert "/static/vendor/htmx/htmx.min.js" in page
    assert "https://" not in page
    assert "http://" not in page


@pytest.mark.django_db
def test_login_page_does_not_leak_which_part_was_wrong(cast: Cast) -> None:
    response = HttpClient().post(
        reverse("accounts:login"), {"username": cast.therapist.email, "password": PASSWORD + "x"}
    )
    assert response.status_code == 200
    assert b"Please enter a correct email and password" in response.content
