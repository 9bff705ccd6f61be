"""Fixtures of the client tests: memberships, consents, a minor, and an API client."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import date, timedelta
from typing import Any

import pytest
from django.test import Client as HttpClient
from django.utils import timezone

from medmassage.accounts.models import Membership, User
from medmassage.audit.models import AuditEvent
from medmassage.clients import consents
from medmassage.clients.consent_text import DEFAULT_REQUIRED_TOPICS
from medmassage.clients.models import Client, Consent
from medmassage.clients.services import create_client
from tests.cast import Cast, logged_in

REQUIRED_TOPICS = tuple(str(topic) for topic in DEFAULT_REQUIRED_TOPICS)
# A short stroke as the signature pad writes it, in its 600 x 200 box.
DRAWN_PATH = "M10 150L40 120L80 160L120 90L160 140M200 100L260 110"


@pytest.fixture(autouse=True)
def fast_password_hashing(settings: Any) -> None:
    """The cast's passwords need no Argon2 here: these tests are about client records."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def membership(user: User) -> Membership:
    """The user's (only) membership."""
    return Membership.objects.select_related("clinic", "user").get(user=user)


def details(**overrides: Any) -> consents.ConsentDetails:
    """A valid typed consent of Ada Lovelace, changed as given."""
    fields: dict[str, Any] = {
        "topics": REQUIRED_TOPICS,
        "signature_method": "typed",
        "signature": "Ada Lovelace",
    }
    fields.update(overrides)
    return consents.ConsentDetails(**fields)


def born_years_ago(years: int, *, plus_days: int = 0) -> date:
    """A date of birth that makes someone exactly `years` old today (born `plus_days` later)."""
    today = timezone.localdate()
    try:
        born = today.replace(year=today.year - years)
    except ValueError:  # today is 29 February
        born = today.replace(year=today.year - years, day=28)
    return born + timedelta(days=plus_days)


def events(action: str) -> list[AuditEvent]:
    return list(AuditEvent.objects.filter(action=action).order_by("id"))


@pytest.fixture
def record(cast: Cast) -> Callable[..., Consent]:
    """Record a consent of the cast's client (or another) by the therapist."""

    def recorder(client: Client | None = None, **overrides: Any) -> Consent:
        return consents.record_consent(
            client=client or cast.client,
            obtained_by=membership(cast.therapist),
            details=details(**overrides),
        )

    return recorder


@pytest.fixture
def minor(cast: Cast) -> Client:
    """A client of 15, in the cast's clinic."""
    return create_client(
        clinic=cast.clinic,
        actor=cast.therapist,
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
