"""A client who may already be registered (same name and birth date, or same phone or
email) is not registered silently: the page warns, links the existing record, and registers
only on a deliberate "register anyway"."""

from __future__ import annotations

import pytest

from medmassage.clients.models import Client
from tests.cast import Cast, logged_in


def form(**fields: str) -> dict[str, str]:
    return {
        "given_name": "Ada",
        "family_name": "Lovelace",
        "date_of_birth": "1990-01-01",
        "sex": "female",
        "is_active": "on",
        **fields,
    }


def count(cast: Cast) -> int:
    return Client.objects.for_clinic(cast.clinic).count()


@pytest.mark.parametrize(
    "fields",
    [
        {"given_name": "ADA", "family_name": "Lovelace"},  # same name and birth date
        {"given_name": "Augusta", "date_of_birth": "1980-02-02", "phone": "555 0100"},
        {"given_name": "Augusta", "date_of_birth": "1980-02-02", "email": "ADA@example.org"},
    ],
    ids=["name-and-birth-date", "phone", "email"],
)
def test_a_possible_duplicate_is_warned_with_a_link(cast: Cast, fields: dict[str, str]) -> None:
    existing = cast.client
    existing.email = "ada@example.org"
    existing.save()
    browser = logged_in(cast.front_desk)
    before = count(cast)
    data = form(**fields)
    if "date_of_birth" not in fields:
        data["date_of_birth"] = existing.date_of_birth.isoformat()

    warned = browser.post("/clients/new/", data)

    assert warned.status_code == 409
    page = warned.content.decode()
    assert 'id="possible-duplicates"' in page
    assert f'href="/clients/{existing.pk}/"' in page
    assert count(cast) == before
    registered = browser.post("/clients/new/", {**data, "register_anyway": "1"})
    assert registered.status_code == 302
    assert count(cast) == before + 1


def test_a_new_person_is_registered_without_a_warning(cast: Cast) -> None:
    browser = logged_in(cast.front_desk)

    response = browser.post(
        "/clients/new/", form(given_name="Grace", family_name="Hopper", phone="555 9999")
    )

    assert response.status_code == 302


def test_another_clinics_client_is_no_duplicate(cast: Cast) -> None:
    outsider = logged_in(cast.outsider)
    data = form(date_of_birth=cast.client.date_of_birth.isoformat(), phone=cast.client.phone)

    assert outsider.post("/clients/new/", data).status_code == 302
