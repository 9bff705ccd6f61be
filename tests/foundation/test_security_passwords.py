"""Passwords: argon2, long passphrases accepted whole, common ones refused."""

from __future__ import annotations

import pytest
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.test import Client as HttpClient
from django.urls import reverse

from medmassage.accounts.models import User

pytestmark = pytest.mark.real_password_hashing

LONG_PASSPHRASE = "the tide comes in twice a day over the harbour wall, and the gulls " * 2


@pytest.mark.django_db
def test_passwords_are_hashed_with_argon2() -> None:
    user = User.objects.create_user("a@example.test", LONG_PASSPHRASE, full_name="A")
    assert user.password.startswith("argon2$argon2id$")


@pytest.mark.django_db
def test_long_passphrase_is_accepted_and_never_truncated() -> None:
    assert len(LONG_PASSPHRASE) > 64
    validate_password(LONG_PASSPHRASE)
    user = User.objects.create_user("b@example.test", LONG_PASSPHRASE, full_name="B")
    assert user.check_password(LONG_PASSPHRASE)
    # A hasher that truncated (bcrypt stops at 72 bytes) would accept these.
    assert not user.check_password(LONG_PASSPHRASE[:72])
    assert not user.check_password(LONG_PASSPHRASE[:-1])


@pytest.mark.django_db
def test_login_works_with_a_long_passphrase() -> None:
    User.objects.create_user("c@example.test", LONG_PASSPHRASE, full_name="C")
    response = HttpClient().post(
        reverse("accounts:login"), {"username": "C@Example.test", "password": LONG_PASSPHRASE}
    )
    assert response.status_code == 302


@pytest.mark.parametrize("password", ["password123", "qwertyuiop12", "123456789012"])
@pytest.mark.django_db
def test_common_and_numeric_passwords_are_refused(password: str) -> None:
    with pytest.raises(ValidationError):
        validate_password(password)


@pytest.mark.django_db
def test_short_passwords_are_refused() -> None:
    with pytest.raises(ValidationError, match="too short"):
        validate_password("Zq8#mP2!")
