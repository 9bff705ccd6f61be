"""Counts that stop at a cap: the client list and the dashboard cost the same however large
the clinic, and say "N+" past the cap (issue 15)."""

from __future__ import annotations

from datetime import date

import pytest
from django.urls import reverse

from medmassage.clients import queries
from medmassage.clients.services import create_client
from medmassage.dashboard import queries as dashboard
from tests.builders import actor
from tests.cast import Cast, logged_in


@pytest.fixture
def three_clients(cast: Cast) -> Cast:
    for family in ("Babbage", "Byron"):
        create_client(
            by=actor(cast.therapist),
            given_name="Ada",
            family_name=family,
            date_of_birth=date(1980, 1, 1),
        )
    return cast


def test_the_list_counts_up_to_its_cap(
    three_clients: Cast, monkeypatch: pytest.MonkeyPatch
) -> None:
    browser = logged_in(three_clients.therapist)
    assert "3 clients" in browser.get(reverse("clients:list")).content.decode()
    monkeypatch.setattr(queries, "COUNT_CAP", 2)
    page = browser.get(reverse("clients:list")).content.decode()
    assert "2+ clients" in page
    assert "Lovelace" in page  # the page itself is whole


def test_the_dashboard_counts_clients_up_to_its_cap(
    three_clients: Cast, monkeypatch: pytest.MonkeyPatch
) -> None:
    browser = logged_in(three_clients.owner)
    assert "3</span> clients" in browser.get(reverse("dashboard:home")).content.decode()
    monkeypatch.setattr(dashboard, "CLIENT_COUNT_CAP", 2)
    assert "2+</span> clients" in browser.get(reverse("dashboard:home")).content.decode()


def test_the_api_count_stays_exact(three_clients: Cast, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(queries, "COUNT_CAP", 2)
    answer = logged_in(three_clients.therapist).get("/api/v1/clients?q=ada").json()
    assert answer["count"] == 3
