"""The demo clinics: made once, with random passwords printed and saved for the local user."""

from __future__ import annotations

import json
import os
import secrets
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

from django.db import transaction
from django.utils import timezone

from medmassage.accounts.actors import Actor
from medmassage.accounts.models import Clinic, Membership, Role, User
from medmassage.clients.services import create_client
from medmassage.demo.consents import seed_demo_consents
from medmassage.demo.course_history import seed_course_history
from medmassage.demo.courses import seed_demo_courses
from medmassage.demo.day import seed_demo_day
from medmassage.mfa.services import enrol_for_demo
from medmassage.practitioners import services as practitioner_services
from medmassage.tenancy import unscoped

DEMO_SLUG = "demo-harbour"
# How the demo client's portal login is listed among the staff logins (it signs in at /portal/).
PORTAL_ROLE = "Client portal"


@dataclass(frozen=True)
class DemoLogin:
    clinic: str
    role: str
    email: str
    password: str
    # Owners need a second factor: the authenticator key (base32) and single-use recovery codes.
    authenticator_key: str = ""
    recovery_codes: tuple[str, ...] = ()


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
# Fictional standing, in days from today: Maya holds a lymphatic drainage certification and is
# 12 CE hours short; Samuel's licence and craniosacral certification expire within 60 days.
_STANDING: dict[str, dict[str, Any]] = {
    "RMT-20417": {
        "licence": {"issued": -1100, "period_start": -365, "expires": 365, "ce_hours": 30},
        "certifications": [
            (
                "Manual Lymphatic Drainage (Vodder method)",
                "Dr. Vodder School International",
                ["lymphatic_drainage"],
                -700,
                None,
            ),
        ],
        "education": [
            ("Myofascial release of the cervical spine", "Ontario CE Institute", "12", -40),
            ("Clinical record keeping", "CMTO webinar", "6", -120),
        ],
    },
    "RMT-31188": {
        "licence": {"issued": -2600, "period_start": -685, "expires": 45, "ce_hours": 25},
        "certifications": [
            ("Craniosacral Therapy I", "Upledger Institute", ["craniosacral"], -1050, 50),
        ],
        "education": [("Sports massage update", "RMTAO", "20", -200)],
    },
    "RMT-55210": {
        "licence": {"issued": -900, "period_start": -170, "expires": 560, "ce_hours": 25},
        "certifications": [],
        "education": [("Pain science for manual therapists", "BC CE Collective", "10", -60)],
    },
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
        ("Lena", "Fischer", date(1991, 4, 12), "555-0133"),  # new: the portal's demo client
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
            therapist = next(m for m, p in zip(staff, _STAFF[slug], strict=True) if p.licence)
            for given, family, born, phone in _CLIENTS[slug]:
                create_client(
                    by=Actor(therapist),
                    given_name=given,
                    family_name=family,
                    date_of_birth=born,
                    phone=phone,
                )
            if slug == DEMO_SLUG:
                seed_demo_consents(clinic)
                seed_course_history(clinic)
                seed_demo_courses(clinic, therapist)
                email, password = seed_demo_day(clinic)
                logins.append(DemoLogin(clinic.name, PORTAL_ROLE, email, password))
    return logins


def _create_person(clinic: Clinic, person: _Person, logins: list[DemoLogin]) -> Membership:
    password = secrets.token_urlsafe(18)
    user = User.objects.create_user(person.email, password, full_name=person.name)
    membership = Membership.objects.create(user=user, clinic=clinic, role=person.role)
    if person.licence:
        _give_standing(membership, person.licence)
    key, codes = enrol_for_demo(user) if person.role == Role.OWNER else ("", [])
    logins.append(
        DemoLogin(clinic.name, person.role.label, person.email, password, key, tuple(codes))
    )
    return membership


def _give_standing(membership: Membership, number: str) -> None:
    """A practitioner profile with a licence, certifications and CE, through the services."""
    today, standing, by = timezone.localdate(), _STANDING[number], Actor(membership)
    practitioner = practitioner_services.register_practitioner(membership=membership, by=by)
    licence = standing["licence"]
    practitioner_services.add_licence(
        practitioner=practitioner,
        by=by,
        fields={
            "jurisdiction": membership.clinic.jurisdiction,
            "number": number,
            "issued_on": today + timedelta(days=licence["issued"]),
            "renewal_period_start": today + timedelta(days=licence["period_start"]),
            "expires_on": today + timedelta(days=licence["expires"]),
            "ce_hours_required": Decimal(licence["ce_hours"]),
        },
    )
    for name, issuer, credentials, issued, expires in standing["certifications"]:
        fields = {
            "name": name,
            "issuer": issuer,
            "credentials": credentials,
            "issued_on": today + timedelta(days=issued),
            "expires_on": None if expires is None else today + timedelta(days=expires),
        }
        practitioner_services.add_certification(practitioner=practitioner, by=by, fields=fields)
    for course, provider, hours, completed in standing["education"]:
        fields = {
            "course": course,
            "provider": provider,
            "hours": Decimal(hours),
            "completed_on": today + timedelta(days=completed),
        }
        practitioner_services.add_education(practitioner=practitioner, by=by, fields=fields)


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
    return [
        DemoLogin(**{**item, "recovery_codes": tuple(item.get("recovery_codes", ()))})
        for item in json.loads(path.read_text())
    ]
