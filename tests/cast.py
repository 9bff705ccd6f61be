"""The cast of test users for web tests (as in healthchecks), outsider included."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.test import Client as HttpClient
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice

from medmassage.accounts.models import Clinic, Membership, Role, User
from medmassage.accounts.sessions import start as start_session
from medmassage.clients.models import Client
from medmassage.clients.services import create_client
from tests.builders import actor

PASSWORD = "correct horse battery staple across the clinic"


@dataclass
class Cast:
    clinic: Clinic
    other_clinic: Clinic
    owner: User
    therapist: User
    front_desk: User
    outsider: User  # a therapist of the other clinic
    client: Client
    outsiders_client: Client


def make_user(email: str, name: str, clinic: Clinic, role: Role) -> User:
    user = User.objects.create_user(email, PASSWORD, full_name=name)
    Membership.objects.create(user=user, clinic=clinic, role=role)
    return user


def build_cast() -> Cast:
    clinic = Clinic.objects.create(name="Harbour Clinic", slug="harbour")
    other = Clinic.objects.create(name="Hillside Clinic", slug="hillside")
    owner = make_user("olivia@harbour.test", "Olivia Owner", clinic, Role.OWNER)
    therapist = make_user("theo@harbour.test", "Theo Therapist", clinic, Role.THERAPIST)
    front_desk = make_user("fran@harbour.test", "Fran Desk", clinic, Role.FRONT_DESK)
    outsider = make_user("oscar@hillside.test", "Oscar Outsider", other, Role.THERAPIST)
    client = create_client(
        by=actor(therapist),
        given_name="Ada",
        family_name="Lovelace",
        date_of_birth=date(1980, 12, 10),
        phone="555-0100",
    )
    outsiders_client = create_client(
        by=actor(outsider),
        given_name="Grace",
        family_name="Hopper",
        date_of_birth=date(1970, 12, 9),
    )
    return Cast(clinic, other, owner, therapist, front_desk, outsider, client, outsiders_client)


def logged_in(user: User, *, verified: bool = True, **client_options: Any) -> HttpClient:
    """A browser logged in as the user, with a session stamped as at a real login, past the
    second factor (an authenticator confirmed for the user) unless `verified=False`."""
    browser = HttpClient(**client_options)
    browser.force_login(user)
    session = browser.session
    start_session(session)
    if verified:
        device, _ = TOTPDevice.objects.get_or_create(
            user=user, name="test authenticator", defaults={"confirmed": True}
        )
        session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    return browser
