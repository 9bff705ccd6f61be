"""The signed-in user is read with their clinics in one query, and still checked as Django does:
a deactivated user is signed out, a membership ended drops its clinic at the next request, and
a user with no clinic left is still the user (who then sees that they belong to none)."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth import SESSION_KEY, authenticate
from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext

from medmassage.accounts.backends import MemberBackend
from medmassage.accounts.models import Clinic, Membership, Role
from medmassage.accounts.queries import memberships_of
from tests.cast import Cast, logged_in

BACKEND = "medmassage.accounts.backends.MemberBackend"


def test_the_backend_is_the_one_that_signs_people_in(cast: Cast) -> None:
    assert BACKEND in settings.AUTHENTICATION_BACKENDS
    assert "django.contrib.auth.backends.ModelBackend" not in settings.AUTHENTICATION_BACKENDS
    cast.therapist.set_password("a long enough passphrase")
    cast.therapist.save()
    request = RequestFactory().post("/accounts/login/")
    user = authenticate(request, username=cast.therapist.email, password="a long enough passphrase")
    assert user == cast.therapist
    assert user.backend == BACKEND  # type: ignore[union-attr]


def test_one_query_reads_the_user_and_every_clinic_they_act_in(cast: Cast) -> None:
    second = Clinic.objects.create(name="Another Harbour", slug="another-harbour")
    Membership.objects.create(user=cast.therapist, clinic=second, role=Role.THERAPIST)
    with CaptureQueriesContext(connection) as captured:
        user = MemberBackend().get_user(cast.therapist.pk)
        assert user is not None
        memberships = memberships_of(user)
    assert len(captured.captured_queries) == 1
    assert user == cast.therapist
    assert [m.clinic.name for m in memberships] == sorted([cast.clinic.name, "Another Harbour"])
    assert all(m.user is user for m in memberships)


def test_a_deactivated_user_is_signed_out_at_the_next_request(cast: Cast) -> None:
    browser = logged_in(cast.therapist)
    assert browser.get("/").status_code == 200
    cast.therapist.is_active = False
    cast.therapist.save(update_fields=["is_active"])
    assert MemberBackend().get_user(cast.therapist.pk) is None
    response = browser.get("/")
    assert response.status_code == 302
    assert "/login" in response["Location"]


def test_an_ended_membership_drops_its_clinic_and_the_user_stays_signed_in(cast: Cast) -> None:
    browser = logged_in(cast.therapist)
    Membership.objects.filter(user=cast.therapist).update(is_active=False)
    user = MemberBackend().get_user(cast.therapist.pk)
    assert user == cast.therapist
    assert user is not None
    assert memberships_of(user) == []
    assert browser.session[SESSION_KEY] == str(cast.therapist.pk)
    response = browser.get("/")
    assert response.status_code == 403  # signed in, refused: they belong to no clinic


def test_an_unknown_user_is_nobody(cast: Cast) -> None:
    assert MemberBackend().get_user(10_000_000) is None
