"""The demo clinics: made once, with random passwords printed and saved for the local user."""

from __future__ import annotations

import json
import os
import secrets
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from django.db import transaction
from django.utils import timezone

from medmassage.accounts.models import Clinic, Membership, Practitioner, Role, User
from medmassage.clients.services import create_client
from medmassage.tenancy import unscoped

DEMO_SLUG = "demo-harbour"


@dataclass(frozen=True)
class DemoLogin:
    clinic: str
    role: str
    email: str
    password: str


@dataclass(frozen=True)
class _Person:
    email: str
    name: str
    role: Role
    licence: str = ""


_CLINICS = {
    DEMO_SLUG: ("Harbour Medical Massage (demo)", "Ontario, Canada"),
    "demo-hillside": ("Hillside Bodywork (demo, second clinic)", "British Columbia, Canada"),
}
_STAFF = {
    DEMO_SLUG: [
        _Person("owner@harbour.demo", "Olivia Harbour", Role.OWNER),
        _Person("maya@harbour.demo", "Maya Chen", Role.THERAPIST, "RMT-20417"),
        _Person("sam@harbour.demo", "Samuel Okafor", Role.THERAPIST, "RMT-31188"),
        _Person("desk@harbour.demo", "Priya Nair", Role.FRONT_DESK),
    ],
    "demo-hillside": [
        _Person("owner@hillside.demo", "Henrik Lund", Role.OWNER),
        _Person("lea@hillside.demo", "Lea Moreau", Role.THERAPIST, "RMT-55210"),
    ],
}
# Fictional people, ages and contact details spread the way a real client list is.
_CLIENTS = {
    DEMO_SLUG: [
        ("Daniel", "Brooks", date(1973, 5, 14), "555-0141"),
        ("Amira", "Haddad", date(1994, 11, 2), "555-0178"),
        ("Margaret", "O'Neill", date(1967, 3, 29), "555-0112"),
        ("Tomás", "Rivera", date(2000, 8, 21), "555-0190"),
        ("Helen", "Nakamura", date(1958, 1, 7), "555-0155"),
        ("Kwame", "Mensah", date(1985, 9, 30), "555-0166"),
    ],
    "demo-hillside": [
        ("Ingrid", "Solberg", date(1979, 6, 18), "555-0201"),
        ("Ravi", "Kapoor", date(1990, 2, 11), "555-0222"),
    ],
}


def demo_exists() -> bool:
    """Whether the demo clinics were made already."""
    return Clinic.objects.filter(slug=DEMO_SLUG).exists()


@transaction.atomic
def create_demo() -> list[DemoLogin]:
    """Create both demo clinics with staff and clients; return the logins with passwords."""
    logins: list[DemoLogin] = []
    with unscoped():
        for slug, (name, jurisdiction) in _CLINICS.items():
            clinic = Clinic.objects.create(name=name, slug=slug, jurisdiction=jurisdiction)
            staff = [_create_person(clinic, person, logins) for person in _STAFF[slug]]
            therapist = next(u for u, p in zip(staff, _STAFF[slug], strict=True) if p.licence)
            for given, family, born, phone in _CLIENTS[slug]:
                create_client(
                    clinic=clinic,
                    actor=therapist,
                    given_name=given,
                    family_name=family,
                    date_of_birth=born,
                    phone=phone,
                )
    return logins


def _create_person(clinic: Clinic, person: _Person, logins: list[DemoLogin]) -> User:
    password = secrets.token_urlsafe(18)
    user = User.objects.create_user(person.email, password, full_name=person.name)
    membership = Membership.objects.create(user=user, clinic=clinic, role=person.role)
    if person.licence:
        Practitioner.objects.create(
            membership=membership,
            clinic=clinic,
            licence_number=person.licence,
            jurisdiction=clinic.jurisdiction,
            licence_expires_on=date(timezone.localdate().year + 1, 12, 31),
        )
    logins.append(DemoLogin(clinic.name, person.role.label, person.email, password))
    return user


def save_credentials(logins: list[DemoLogin], path: Path) -> None:
    """Write the logins to a file only its owner can read."""
    path.parent.mkdir(parents=True, exist_ok=True)
    payload = json.dumps([login.__dict__ for login in logins], indent=2)
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(descriptor, "w") as handle:
        handle.write(payload + "\n")
    os.chmod(path, 0o600)


def load_credentials(path: Path) -> list[DemoLogin]:
    """The logins saved when the demo was made, if the file is still there."""
    if not path.exists():
        return []
    return [DemoLogin(**item) for item in json.loads(path.read_text())]
