"""Practitioners of the cast's clinics: Theo (ours) and Oscar (the outsider's clinic)."""

from __future__ import annotations

import pytest

from medmassage.accounts.models import Practitioner
from tests.cast import Cast
from tests.practitioners.records import add_certification, add_education, add_licence, register


@pytest.fixture
def theo(cast: Cast) -> Practitioner:
    """The cast's therapist, licensed in Ontario, with nothing else on record."""
    practitioner = register(cast.therapist)
    add_licence(practitioner, number="RMT-THEO-1")
    return practitioner


@pytest.fixture
def oscar(cast: Cast) -> Practitioner:
    """The outsider: a licensed practitioner of the other clinic, with a certification and CE."""
    practitioner = register(cast.outsider)
    add_licence(practitioner, jurisdiction="British Columbia", number="RMT-HILL-7741")
    add_certification(practitioner, name="Hillside Craniosacral", credentials=["craniosacral"])
    add_education(practitioner, course="Hillside Pain Science")
    return practitioner
