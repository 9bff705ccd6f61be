"""Dates in query strings are ISO dates or times, never numbers read as seconds since 1970."""

from __future__ import annotations

import pytest

from tests.cast import Cast, logged_in


@pytest.mark.parametrize(
    ("path", "field"),
    [
        ("/api/v1/appointments?starts=0.5", "starts"),
        ("/api/v1/appointments?ends=0", "ends"),
        ("/api/v1/payments?day=0", "day"),
        ("/api/v1/reports/outcomes?end=0", "end"),
        ("/api/v1/reports/outcomes?start=1700000000", "start"),
        ("/api/v1/availability?date=0&type_id=1", "date"),
    ],
)
def test_a_number_is_not_a_date(cast: Cast, path: str, field: str) -> None:
    response = logged_in(cast.owner).get(path)

    assert response.status_code == 422
    assert field in response.content.decode()
