"""Password reset by email: the same answer for any address, a single-use expiring link, and
no way around the second factor."""

from __future__ import annotations

import re

import pytest
from django.core import mail
from django.test import Client as Browser
from django.urls import reverse

from tests.builders import events
from tests.cast import PASSWORD, Cast, logged_in

NEW = "a fresh and rather long passphrase"


def ask(email: str) -> Browser:
    browser = Browser()
    response = browser.post(reverse("accounts:password-reset"), {"email": email})
    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:password-reset-sent")
    return browser


def link_in(message: str) -> str:
    found = re.search(r"https?://[^/]+(/accounts/password/reset/[^\s]+/)", message)
    assert found
    return found[1]


def logs_in(email: str, password: str) -> bool:
    response = Browser().post(reverse("accounts:login"), {"username": email, "password": password})
    return response.status_code == 302


def test_the_same_answer_whether_the_address_exists_or_not(cast: Cast) -> None:
    ask(cast.therapist.email)
    ask("nobody@nowhere.test")

    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == [cast.therapist.email]


def test_the_link_sets_a_new_password_once(cast: Cast) -> None:
    ask(cast.therapist.email)
    link = link_in(mail.outbox[0].body)
    browser = Browser()
    form = browser.get(link, follow=True)
    target = form.redirect_chain[-1][0] if form.redirect_chain else link

    done = browser.post(target, {"new_password1": NEW, "new_password2": NEW})

    assert done.status_code == 302
    assert logs_in(cast.therapist.email, NEW)
    assert events("accounts.password.reset")[0].actor_id == cast.therapist.pk
    again = Browser().get(link, follow=True)
    assert "used already or has expired" in again.content.decode()


def test_an_expired_link_is_refused(cast: Cast, settings: pytest.FixtureRequest) -> None:
    ask(cast.therapist.email)
    link = link_in(mail.outbox[0].body)
    settings.PASSWORD_RESET_TIMEOUT = -1  # type: ignore[attr-defined]

    page = Browser().get(link, follow=True)

    assert "used already or has expired" in page.content.decode()


def test_a_reset_does_not_get_past_the_second_factor(cast: Cast) -> None:
    logged_in(cast.owner)  # the owner has an authenticator
    ask(cast.owner.email)
    link = link_in(mail.outbox[0].body)
    browser = Browser()
    target = browser.get(link, follow=True).redirect_chain[-1][0]
    browser.post(target, {"new_password1": NEW, "new_password2": NEW})

    assert browser.get(reverse("dashboard:home")).status_code == 302  # not logged in
    login = Browser()
    login.post(reverse("accounts:login"), {"username": cast.owner.email, "password": NEW})
    assert login.get(reverse("dashboard:home"))["Location"].startswith("/accounts/mfa/verify/")


def test_the_old_password_stops_working(cast: Cast) -> None:
    ask(cast.therapist.email)
    link = link_in(mail.outbox[0].body)
    browser = Browser()
    target = browser.get(link, follow=True).redirect_chain[-1][0]
    browser.post(target, {"new_password1": NEW, "new_password2": NEW})

    assert not logs_in(cast.therapist.email, PASSWORD)
