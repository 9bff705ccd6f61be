"""Fixtures of the client tests: memberships, consents, a minor, and an API client."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import date, timedelta
from typing import Any

import pytest
from django.test import Client as HttpClient
from django.utils import timezone

from medmassage.accounts.models import User
from medmassage.clients.consent_text import DEFAULT_REQUIRED_TOPICS
from medmassage.clients.models import Client
from medmassage.clients.services import create_client
from tests.builders import actor
from tests.cast import Cast, logged_in

REQUIRED_TOPICS = tuple(str(topic) for topic in DEFAULT_REQUIRED_TOPICS)
# A short stroke as the signature pad writes it, in its 600 x 200 box.
DRAWN_PATH = "M10 150L40 120L80 160L120 90L160 140M200 100L260 110"


@pytest.fixture(autouse=True)
def fast_password_hashing(settings: Any) -> None:
    """The cast's passwords need no Argon2 here: these tests are about client records."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def born_years_ago(years: int, *, plus_days: int = 0) -> date:
    """A date of birth that makes someone exactly `years` old today (born `plus_days` later)."""
    today = timezone.localdate()
    try:
        born = today.replace(year=today.year - years)
    except ValueError:  # today is 29 February
        born = today.replace(year=today.year - years, day=28)
    return born + timedelta(days=plus_days)


@pytest.fixture
def minor(cast: Cast) -> Client:
    """A client of 15, in the cast's clinic."""
    return create_client(
        by=actor(cast.therapist),
        given_name="Tom",
        family_name="Sawyer",
        date_of_birth=born_years_ago(15),
    )


class Api:
    """A logged-in JSON client of /api/v1."""

    def __init__(self, user: User) -> None:
        self.browser: HttpClient = logged_in(user)

    def get(self, path: str, **params: Any) -> Any:
        return self.browser.get(f"/api/v1{path}", params)

    def send(self, method: str, path: str, body: Any = None) -> Any:
        return self.browser.generic(
            method, f"/api/v1{path}", json.dumps(body or {}), content_type="application/json"
        )

    def post(self, path: str, body: Any = None) -> Any:
        return self.send("POST", path, body)

    def patch(self, path: str, body: Any = None) -> Any:
        return self.send("PATCH", path, body)


@pytest.fixture
def api() -> Callable[[User], Api]:
    return Api
