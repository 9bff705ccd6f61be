"""Fixtures of the intake tests: consent on file, vignettes, a form poster and an API client."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from django.test import Client as HttpClient

from medmassage.accounts.models import User
from medmassage.clients import consents
from medmassage.clients.consent_text import DEFAULT_REQUIRED_TOPICS
from medmassage.clients.models import Client
from medmassage.intake.models import Intake
from tests.builders import actor, membership
from tests.cast import Cast, logged_in

VIGNETTES = Path(__file__).parent.parent / "clinical" / "vignettes"


@pytest.fixture(autouse=True)
def fast_password_hashing(settings: Any) -> None:
    """The cast's passwords need no Argon2 here: these tests are about intakes."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def give_consent(cast: Cast, client: Client | None = None) -> None:
    """Record the client's informed consent, typed by the client, obtained by a therapist of
    the client's clinic."""
    client = client or cast.client
    therapist = cast.therapist if client.clinic_id == cast.clinic.pk else cast.outsider
    consents.record_consent(
        client=client,
        by=actor(membership(therapist)),
        details=consents.ConsentDetails(
            topics=tuple(str(topic) for topic in DEFAULT_REQUIRED_TOPICS),
            signature_method="typed",
            signature=client.full_name,
        ),
    )


@pytest.fixture
def consented(cast: Cast) -> Cast:
    """The cast, with Ada Lovelace's consent to treatment on file."""
    give_consent(cast)
    return cast


def intakes_of(client: Client) -> int:
    return Intake.objects.for_clinic(client.clinic_id).filter(client=client).count()


class Api:
    """A logged-in JSON client of /api/v1."""

    def __init__(self, user: User) -> None:
        self.browser: HttpClient = logged_in(user)

    def get(self, path: str) -> Any:
        return self.browser.get(f"/api/v1{path}")

    def post(self, path: str, body: Any, *, raw: str | None = None) -> Any:
        data = raw if raw is not None else json.dumps(body)
        return self.browser.post(f"/api/v1{path}", data, content_type="application/json")


@pytest.fixture
def api() -> Callable[[User], Api]:
    return Api
