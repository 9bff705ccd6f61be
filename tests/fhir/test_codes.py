"""Observations carry LOINC only where FACTS.md §1 gives a verified code; every instrument is
also coded in the project's own code system."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from medmassage.clinical.instruments import INSTRUMENTS
from medmassage.fhir.codes import INSTRUMENT, LOINC
from medmassage.fhir.mapping.measures import observation
from medmassage.outcomes.models import Measurement

# FACTS.md §1, the LOINC column: the total score's code, or none ("not confirmed").
VERIFIED = {"nprs": "72514-3", "ndi": "82237-9", "odi": "97909-6", "pss10": "106860-0"}


@pytest.mark.parametrize("instrument", sorted(INSTRUMENTS))
def test_loinc_only_where_verified(instrument: str) -> None:
    moment = dt.datetime(2026, 3, 1, tzinfo=dt.UTC)
    row = Measurement(
        pk=1,
        clinic_id=1,
        client_id=1,
        instrument=instrument,
        answers=[1],
        score=Decimal(1),
        answered=1,
        administered_at=moment,
        created_at=moment,
        recorded_by_id=1,
    )
    codings = observation(row)["code"]["coding"]

    loinc = [c["code"] for c in codings if c["system"] == LOINC]
    assert loinc == ([VERIFIED[instrument]] if instrument in VERIFIED else [])
    assert {"system": INSTRUMENT, "code": instrument}.items() <= codings[-1].items()
