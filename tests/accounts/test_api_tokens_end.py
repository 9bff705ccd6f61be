"""API tokens expire, show their last use, and stop at once when the owner's password changes
or the membership is deactivated (and stay stopped when it is reactivated)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.test import Client as Browser
from django.urls import reverse
from django.utils import timezone

from medmassage.accounts.memberships import change_membership
from medmassage.accounts.models import ApiToken, Role
from medmassage.accounts.tokens import issue_token
from tests.builders import actor, events, membership
from tests.cast import PASSWORD, Cast, logged_in


def call(plaintext: str) -> int:
    return Browser().get("/api/v1/me", HTTP_AUTHORIZATION=f"Bearer {plaintext}").status_code


@pytest.fixture
def token(cast: Cast) -> str:
    return issue_token(by=actor(cast.therapist), name="script").plaintext


def test_a_token_expires_after_the_configured_days(
    cast: Cast, settings: pytest.FixtureRequest
) -> None:
    settings.API_TOKEN_DAYS = 30  # type: ignore[attr-defined]
    issued = issue_token(by=actor(cast.therapist), name="short")
    assert issued.token.expires_at is not None
    assert timedelta(days=29) < issued.token.expires_at - timezone.now() <= timedelta(days=30)
    assert call(issued.plaintext) == 200

    ApiToken.objects.filter(pk=issued.token.pk).update(expires_at=timezone.now())

    assert call(issued.plaintext) == 401


def test_the_default_is_90_days_and_the_page_shows_expiry_and_last_use(
    cast: Cast, token: str
) -> None:
    stored = ApiToken.objects.get(user=cast.therapist)
    assert stored.expires_at is not None
    assert round((stored.expires_at - stored.created_at).total_seconds() / 86400) == 90
    call(token)

    page = logged_in(cast.therapist).get(reverse("accounts:tokens")).content.decode()

    assert stored.expires_at.strftime("%Y-%m-%d") in page
    assert "never" not in page  # it was used just now


def test_a_changed_password_stops_the_token_at_once(cast: Cast, token: str) -> None:
    assert call(token) == 200
    browser = logged_in(cast.therapist)

    response = browser.post(
        reverse("accounts:password-change"),
        {
            "old_password": PASSWORD,
            "new_password1": "a brand new passphrase for the clinic",
            "new_password2": "a brand new passphrase for the clinic",
        },
    )

    assert response.status_code == 302
    assert call(token) == 401
    assert events("accounts.password.changed")[0].actor_id == cast.therapist.pk


def test_deactivation_revokes_and_reactivation_does_not_bring_it_back(
    cast: Cast, token: str
) -> None:
    member = membership(cast.therapist)
    change_membership(member, by=actor(cast.owner), role=member.role, is_active=False)
    assert call(token) == 401

    change_membership(member, by=actor(cast.owner), role=member.role, is_active=True)

    assert call(token) == 401
    change = events("accounts.membership.changed")[0]
    assert change.details["is_active"] == {"from": True, "to": False}
    assert change.details["tokens_revoked"] == 1


def test_role_changes_in_the_admin_are_audited(cast: Cast) -> None:
    member = membership(cast.front_desk)
    browser = logged_in(cast.owner)

    response = browser.post(
        reverse("admin:accounts_membership_change", args=[member.pk]),
        {"role": Role.THERAPIST, "is_active": "on"},
    )

    assert response.status_code == 302
    member.refresh_from_db()
    assert member.role == Role.THERAPIST
    change = events("accounts.membership.changed")[0]
    assert change.details["role"] == {"from": "front_desk", "to": "therapist"}
    assert change.actor_id == cast.owner.pk
