"""Login throttling: per username and address, so an attacker cannot lock a therapist out."""

from __future__ import annotations

from django.test import Client as HttpClient
from django.urls import reverse

from tests.cast import PASSWORD, Cast

ATTACKER = "203.0.113.66"
THERAPIST_TABLET = "198.51.100.7"


def attempt(email: str, password: str, address: str) -> int:
    browser = HttpClient(REMOTE_ADDR=address)
    response = browser.post(reverse("accounts:login"), {"username": email, "password": password})
    return response.status_code


def fail_until_locked(email: str, address: str, attempts: int = 5) -> None:
    for _ in range(attempts):
        attempt(email, "not the password at all", address)


def test_a_wrong_password_is_refused_with_the_form_again(cast: Cast) -> None:
    assert attempt(cast.therapist.email, "wrong password here", THERAPIST_TABLET) == 200


def test_repeated_failures_lock_that_username_from_that_address(cast: Cast) -> None:
    fail_until_locked(cast.therapist.email, ATTACKER)
    # Even the right password is refused from the attacker's address now.
    assert attempt(cast.therapist.email, PASSWORD, ATTACKER) == 429


def test_the_therapist_can_still_log_in_from_their_own_address(cast: Cast) -> None:
    fail_until_locked(cast.therapist.email, ATTACKER)
    assert attempt(cast.therapist.email, PASSWORD, THERAPIST_TABLET) == 302


def test_other_users_at_the_locked_address_are_not_affected(cast: Cast) -> None:
    fail_until_locked(cast.therapist.email, ATTACKER)
    assert attempt(cast.owner.email, PASSWORD, ATTACKER) == 302


def test_fewer_failures_than_the_limit_do_not_lock(cast: Cast) -> None:
    fail_until_locked(cast.therapist.email, ATTACKER, attempts=4)
    assert attempt(cast.therapist.email, PASSWORD, ATTACKER) == 302


def test_locked_out_page_explains_what_happened(cast: Cast) -> None:
    fail_until_locked(cast.therapist.email, ATTACKER)
    browser = HttpClient(REMOTE_ADDR=ATTACKER)
    response = browser.post(
        reverse("accounts:login"), {"username": cast.therapist.email, "password": PASSWORD}
    )
    assert b"Too many failed attempts" in response.content
