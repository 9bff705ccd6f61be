"""Registering and editing a client: fields checked, nothing half-saved, every change audited."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from medmassage.accounts.models import Membership, Role
from medmassage.audit.models import AuditEvent
from medmassage.clients.models import Client
from medmassage.clients.services import create_client, update_client
from tests.builders import actor, events, membership
from tests.cast import Cast, logged_in, make_user

FULL_RECORD = {
    "given_name": "Mary",
    "family_name": "Seacole",
    "preferred_name": "Molly",
    "date_of_birth": "1955-11-23",
    "sex": "female",
    "phone": "+44 20 7946 0958",
    "email": "mary@example.org",
    "address": "1 Harbour Road\nKingston",
    "emergency_contact_name": "Edwin Seacole",
    "emergency_contact_relationship": "son",
    "emergency_contact_phone": "020 7946 0000",
    "referrer_name": "Dr Florence Grant",
    "referrer_profession": "physician",
    "referrer_organisation": "Harbour Family Practice",
    "referrer_phone": "020 7946 0101",
    "referrer_email": "f.grant@example.org",
    "is_active": "on",
}


def clients_of(cast: Cast) -> int:
    return Client.objects.for_clinic(cast.clinic).count()


def form(**changes: Any) -> dict[str, Any]:
    data = {**FULL_RECORD, **changes}
    return {key: value for key, value in data.items() if value is not None}


@pytest.mark.parametrize("who", ["therapist", "front_desk", "owner"])
def test_staff_register_a_client_with_every_field(cast: Cast, who: str) -> None:
    data = form(primary_therapist=membership(cast.therapist).pk)

    response = logged_in(getattr(cast, who)).post(reverse("clients:create"), data)

    client = Client.objects.for_clinic(cast.clinic).get(family_name="Seacole")
    assert response.status_code == 302
    assert response["Location"] == reverse("charts:client", args=[client.pk])
    assert (client.preferred_name, client.sex, client.date_of_birth) == (
        "Molly",
        "female",
        date(1955, 11, 23),
    )
    assert client.emergency_contact_relationship == "son"
    assert client.referrer_organisation == "Harbour Family Practice"
    assert client.primary_therapist == membership(cast.therapist)
    assert client.address == "1 Harbour Road\nKingston"
    event = AuditEvent.objects.get(action="clients.client.created", subject_id=str(client.pk))
    assert (event.actor_id, event.client_id) == (getattr(cast, who).pk, client.pk)


INVALID = [
    ("given_name", {"given_name": "   "}),
    ("family_name", {"family_name": None}),
    ("date_of_birth", {"date_of_birth": "23/11/1955x"}),
    ("date_of_birth", {"date_of_birth": (timezone.localdate() + timedelta(days=30)).isoformat()}),
    ("date_of_birth", {"date_of_birth": "1850-01-01"}),
    ("sex", {"sex": "robot"}),
    ("phone", {"phone": "call me maybe"}),
    ("phone", {"phone": "12-34"}),
    ("email", {"email": "mary-at-example"}),
    ("emergency_contact_phone", {"emergency_contact_phone": ""}),
    ("emergency_contact_name", {"emergency_contact_name": ""}),
    ("referrer_email", {"referrer_email": "nope"}),
    ("referrer_phone", {"referrer_phone": "+1 (555) 0"}),
    ("address", {"address": "x" * 501}),
]


@pytest.mark.parametrize(
    ("field", "changes"), INVALID, ids=[f"{f}-{i}" for i, (f, _) in enumerate(INVALID)]
)
def test_bad_input_names_the_field_and_saves_nothing(
    cast: Cast, field: str, changes: dict[str, Any]
) -> None:
    before, audited = clients_of(cast), AuditEvent.objects.count()

    response = logged_in(cast.front_desk).post(reverse("clients:create"), form(**changes))

    assert response.status_code == 422
    page = response.content.decode()
    assert f'data-field="{field}"' in page
    assert "Nothing was saved." in page
    assert clients_of(cast) == before
    assert AuditEvent.objects.count() == audited


@pytest.mark.parametrize("who", ["owner", "front_desk", "outsider"])
def test_the_primary_therapist_must_be_a_therapist_of_the_clinic(cast: Cast, who: str) -> None:
    before = clients_of(cast)
    data = form(primary_therapist=membership(getattr(cast, who)).pk)

    response = logged_in(cast.therapist).post(reverse("clients:create"), data)

    assert response.status_code == 422
    assert 'data-field="primary_therapist"' in response.content.decode()
    assert clients_of(cast) == before


@pytest.mark.parametrize("who", ["owner", "front_desk", "outsider"])
def test_the_service_refuses_a_primary_therapist_who_is_not_one(cast: Cast, who: str) -> None:
    with pytest.raises(ValidationError) as refused:
        create_client(
            by=actor(cast.therapist),
            given_name="Nina",
            family_name="Simone",
            date_of_birth=date(1990, 2, 21),
            primary_therapist=membership(getattr(cast, who)),
        )

    assert set(refused.value.message_dict) == {"primary_therapist"}
    assert not Client.objects.for_clinic(cast.clinic).filter(family_name="Simone").exists()


def test_the_service_names_every_invalid_field_at_once(cast: Cast) -> None:
    with pytest.raises(ValidationError) as refused:
        create_client(
            by=actor(cast.therapist),
            given_name="",
            family_name="Hopper",
            date_of_birth=timezone.localdate() + timedelta(days=1),
            phone="abc",
            email="not an email",
        )

    assert set(refused.value.message_dict) == {"given_name", "date_of_birth", "phone", "email"}
    assert clients_of(cast) == 1


def test_an_unknown_field_is_a_programming_error(cast: Cast) -> None:
    with pytest.raises(TypeError, match="clinic_id"):
        create_client(
            by=actor(cast.therapist),
            given_name="A",
            family_name="B",
            date_of_birth=date(1990, 1, 1),
            clinic_id=cast.other_clinic.pk,
        )


def test_editing_saves_the_changes_and_audits_which_fields_changed(cast: Cast) -> None:
    browser = logged_in(cast.front_desk)
    url = reverse("clients:edit", args=[cast.client.pk])
    assert "Lovelace" in browser.get(url).content.decode()

    data = form(given_name="Ada", family_name="Lovelace", date_of_birth="1980-12-10")
    response = browser.post(url, data)

    assert response.status_code == 302
    cast.client.refresh_from_db()
    assert cast.client.phone == "+44 20 7946 0958"
    assert cast.client.family_key == "lovelace"
    assert cast.client.phone_key == "859064970244"  # the digits, reversed
    (event,) = events("clients.client.updated")
    assert "phone" in event.details["changed"]
    assert "given_name" not in event.details["changed"]
    # Field names only: the audit trail keeps no copy of the values.
    assert "7946" not in str(event.details)


def test_a_bad_edit_changes_nothing(cast: Cast) -> None:
    url = reverse("clients:edit", args=[cast.client.pk])

    response = logged_in(cast.therapist).post(
        url, form(given_name="Augusta", family_name="King", phone="not a phone")
    )

    assert response.status_code == 422
    page = response.content.decode()
    assert 'data-field="phone"' in page
    assert "Edit Ada Lovelace" in page
    cast.client.refresh_from_db()
    assert (cast.client.given_name, cast.client.phone) == ("Ada", "555-0100")
    assert not events("clients.client.updated")


def test_saving_without_changes_records_no_change(cast: Cast) -> None:
    update_client(client=cast.client, by=actor(cast.therapist), phone="555-0100")

    assert not events("clients.client.updated")


def test_a_therapist_who_left_does_not_block_other_edits(cast: Cast) -> None:
    assigned = update_client(
        client=cast.client, by=actor(cast.owner), primary_therapist=membership(cast.therapist)
    )
    Membership.objects.filter(user=cast.therapist).update(is_active=False)

    update_client(client=assigned, by=actor(cast.owner), phone="555-0199")

    assigned.refresh_from_db()
    assert assigned.phone == "555-0199"
    assert assigned.primary_therapist_id == membership(cast.therapist).pk


def test_an_inactive_therapist_cannot_be_newly_assigned(cast: Cast) -> None:
    leaver = make_user("lee@harbour.test", "Lee Leaver", cast.clinic, Role.THERAPIST)
    Membership.objects.filter(user=leaver).update(is_active=False)

    with pytest.raises(ValidationError, match="active therapist"):
        update_client(
            client=cast.client, by=actor(cast.owner), primary_therapist=membership(leaver)
        )


def test_the_form_offers_only_the_clinics_active_therapists(cast: Cast) -> None:
    page = logged_in(cast.owner).get(reverse("clients:create")).content.decode()

    assert "Theo Therapist" in page
    assert "Oscar Outsider" not in page
    assert "Fran Desk" not in page


@pytest.mark.parametrize("method", ["get", "post"])
def test_the_outsider_cannot_edit_and_learns_nothing(cast: Cast, method: str) -> None:
    url = reverse("clients:edit", args=[cast.client.pk])

    response = getattr(logged_in(cast.outsider), method)(url, form(given_name="Hacked"))

    assert response.status_code == 404
    assert "Lovelace" not in response.content.decode()
    cast.client.refresh_from_db()
    assert cast.client.given_name == "Ada"


def test_a_client_is_registered_in_the_users_own_clinic(cast: Cast) -> None:
    logged_in(cast.outsider).post(reverse("clients:create"), form())

    created = Client.objects.for_clinic(cast.other_clinic).get(family_name="Seacole")
    assert created.clinic_id == cast.other_clinic.pk
    assert not Client.objects.for_clinic(cast.clinic).filter(family_name="Seacole").exists()
