"""The base pages: dashboard counts, clinic switcher, admin for owners only."""

from __future__ import annotations

import pytest
from django.urls import reverse

from medmassage.accounts.models import Membership, Role
from medmassage.accounts.queries import ACTIVE_CLINIC_KEY
from medmassage.audit.models import AuditEvent
from medmassage.tenancy import unscoped
from tests.cast import Cast, logged_in


def test_dashboard_states_what_the_clinic_has(cast: Cast) -> None:
    page = logged_in(cast.owner).get(reverse("dashboard:home")).content.decode()
    assert "Harbour Clinic" in page
    assert "1</span> client" in page
    assert "1</span> therapist" in page
    assert "3</span> staff" in page
    assert "Hillside" not in page


def test_a_single_clinic_user_sees_no_switcher(cast: Cast) -> None:
    page = logged_in(cast.therapist).get(reverse("dashboard:home")).content.decode()
    assert "Switch clinic" not in page


@pytest.fixture
def two_clinic_therapist(cast: Cast) -> Cast:
    Membership.objects.create(user=cast.therapist, clinic=cast.other_clinic, role=Role.THERAPIST)
    return cast


def test_a_member_of_two_clinics_can_switch(two_clinic_therapist: Cast) -> None:
    cast = two_clinic_therapist
    browser = logged_in(cast.therapist)
    page = browser.get(reverse("dashboard:home")).content.decode()
    assert "Switch clinic" in page
    key_before = browser.session.session_key
    response = browser.post(reverse("accounts:switch-clinic"), {"clinic": cast.other_clinic.pk})
    assert response.status_code == 302
    assert browser.session[ACTIVE_CLINIC_KEY] == cast.other_clinic.pk
    assert browser.session.session_key != key_before
    page = browser.get(reverse("dashboard:home")).content.decode()
    assert "<h1>Hillside Clinic</h1>" in page
    # The other clinic's client is now visible, the first clinic's is not.
    assert browser.get(reverse("charts:client", args=[cast.outsiders_client.pk])).status_code == 200
    assert browser.get(reverse("charts:client", args=[cast.client.pk])).status_code == 404
    with unscoped():
        assert AuditEvent.objects.filter(action="accounts.clinic.switched").count() == 1


def test_switching_to_a_clinic_one_is_not_a_member_of_is_refused(cast: Cast) -> None:
    browser = logged_in(cast.therapist)
    browser.post(reverse("accounts:switch-clinic"), {"clinic": cast.other_clinic.pk})
    page = browser.get(reverse("dashboard:home")).content.decode()
    assert "<h1>Harbour Clinic</h1>" in page
    assert browser.get(reverse("charts:client", args=[cast.outsiders_client.pk])).status_code == 404


def test_switching_needs_a_clinic_number(cast: Cast) -> None:
    browser = logged_in(cast.therapist)
    response = browser.post(reverse("accounts:switch-clinic"), {"clinic": "harbour"}, follow=True)
    assert b"Choose a clinic to switch to." in response.content


def test_owners_reach_the_admin(cast: Cast) -> None:
    browser = logged_in(cast.owner)
    assert browser.get(reverse("admin:index")).status_code == 200
    page = browser.get(reverse("admin:accounts_membership_changelist")).content.decode()
    assert "Theo Therapist" in page
    assert "Oscar Outsider" not in page


@pytest.mark.parametrize("who", ["therapist", "front_desk"])
def test_other_roles_do_not_reach_the_admin(cast: Cast, who: str) -> None:
    response = logged_in(getattr(cast, who)).get(reverse("admin:index"))
    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]


def test_the_admin_shows_an_owner_only_their_clinics_audit_trail(cast: Cast) -> None:
    page = logged_in(cast.owner).get(reverse("admin:audit_auditevent_changelist")).content.decode()
    assert "clients.client.created" in page
    with unscoped():
        assert AuditEvent.objects.filter(clinic_id=cast.other_clinic.pk).exists()
    assert "oscar@hillside.test" not in page


def test_pages_fit_a_tablet(cast: Cast) -> None:
    page = logged_in(cast.therapist).get(reverse("dashboard:home")).content.decode()
    assert '<meta name="viewport" content="width=device-width, initial-scale=1">' in page


def test_front_desk_sees_clients_by_identity(cast: Cast) -> None:
    browser = logged_in(cast.front_desk)
    assert b"Lovelace" in browser.get(reverse("clients:list")).content
