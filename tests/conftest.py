"""Shared fixtures. Django is imported lazily so tests/clinical runs without it."""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    from tests.cast import Cast


@pytest.fixture
def cast(db: None) -> Cast:
    """Two clinics: owner, therapist and front desk of one, and an outsider from the other."""
    from tests.cast import build_cast

    return build_cast()


@pytest.fixture(autouse=True)
def _fast_password_hashing(request: pytest.FixtureRequest) -> None:
    """Argon2 costs most of a second per test user; tests of hashing itself keep it.

    Modules that test password hashing mark themselves with `real_password_hashing`.
    """
    if request.node.get_closest_marker("real_password_hashing") or "django" not in sys.modules:
        return
    settings = request.getfixturevalue("settings")
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
