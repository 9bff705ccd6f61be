"""Shared fixtures. Django is imported lazily so tests/clinical runs without it."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    from tests.cast import Cast


@pytest.fixture
def cast(db: None) -> Cast:
    """Two clinics: owner, therapist and front desk of one, and an outsider from the other."""
    from tests.cast import build_cast

    return build_cast()
