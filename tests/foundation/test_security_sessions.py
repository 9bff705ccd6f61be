"""Sessions: new id at login, idle and absolute timeouts, logout ends them on the server."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.contrib.sessions.models import Session
from django.test import Client as HttpClient
from django.urls import reverse
from django.utils import timezone

from medmassage.accounts import sessions
from tests.cast import PASSWORD, Cast, logged_in


def age_session(browser: HttpClient, *, idle: timedelta, started: timedelta) -> None:
    session = browser.session
    now = timezone.now()
    session[sessions.ACTIVE_KEY] = (now - idle).timestamp()
    session[sessions.STARTED_KEY] = (now - started).timestamp()
    session.save()


def test_login_rotates_the_session_id(cast: Cast) -> None:
    browser = HttpClient()
    browser.get(reverse("accounts:login"))
    browser.session.save()
    before = browser.session.session_key
    browser.post(
        reverse("accounts:login"), {"username": cast.therapist.email, "password": PASSWORD}
    )
    after = browser.session.session_key
    assert before
    assert after
    assert before != after


def test_an_active_session_keeps_working(cast: Cast) -> None:
    browser = logged_in(cast.therapist)
    age_session(browser, idle=timedelta(minutes=14), started=timedelta(hours=11))
    assert browser.get(reverse("dashboard:home")).status_code == 200


def test_idle_timeout_after_15_minutes_ends_the_session_on_the_server(cast: Cast) -> None:
    browser = logged_in(cast.therapist)
    key = browser.session.session_key
    age_session(browser, idle=timedelta(minutes=16), started=timedelta(minutes=30))
    response = browser.get(reverse("dashboard:home"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))
    assert not Session.objects.filter(session_key=key).exists()


def test_absolute_lifetime_of_12_hours_even_when_active(cast: Cast) -> None:
    browser = logged_in(cast.therapist)
    age_session(browser, idle=timedelta(minutes=1), started=timedelta(hours=12, minutes=1))
    response = browser.get(reverse("dashboard:home"))
    assert response.status_code == 302
    assert "expired=1" in response["Location"]


def test_api_calls_with_an_expired_session_are_unauthorised(cast: Cast) -> None:
    browser = logged_in(cast.therapist)
    age_session(browser, idle=timedelta(minutes=20), started=timedelta(minutes=20))
    assert browser.get("/api/v1/me").status_code == 401


def test_activity_moves_the_idle_clock(cast: Cast) -> None:
    browser = logged_in(cast.therapist)
    age_session(browser, idle=timedelta(minutes=10), started=timedelta(minutes=10))
    browser.get(reverse("dashboard:home"))
    last_active = browser.session[sessions.ACTIVE_KEY]
    assert timezone.now().timestamp() - last_active < 5


def test_logout_deletes_the_session_on_the_server(cast: Cast) -> None:
    browser = logged_in(cast.therapist)
    key = browser.session.session_key
    response = browser.post(reverse("accounts:logout"))
    assert response.status_code == 302
    assert not Session.objects.filter(session_key=key).exists()
    assert browser.get(reverse("dashboard:home")).status_code == 302


def test_logout_refuses_get(cast: Cast) -> None:
    browser = logged_in(cast.therapist)
    assert browser.get(reverse("accounts:logout")).status_code == 405
    assert browser.get(reverse("dashboard:home")).status_code == 200


@pytest.mark.django_db
def test_a_session_without_stamps_counts_as_expired() -> None:
    assert sessions.has_expired({})  # type: ignore[arg-type]
