"""The demo clinics: made once, by command, with private credentials that really log in."""

from __future__ import annotations

import json
import re
import stat
from collections import Counter
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.test import Client as Browser
from django.urls import reverse
from pytest_django.fixtures import Settings

from medmassage.accounts.models import Clinic, Membership, User
from medmassage.audit.models import AuditEvent
from medmassage.clients.models import Client

# "  <clinic>  <role>  <email>  <password>", indented under its heading.
LOGIN_LINE = re.compile(r"^\s+.*?(?P<email>\S+@\S+)\s+(?P<password>\S+)$")
KEY_LINE = re.compile(r"^\s+Two-factor key of (?P<email>\S+@\S+): (?P<key>[A-Z2-7]+) ")


def current_code(key: str) -> str:
    """The authenticator app's code for a base32 key, now (as a phone would show it)."""
    from base64 import b32decode

    from django_otp.oath import totp

    return f"{totp(b32decode(key)):06d}"


def seed() -> str:
    out = StringIO()
    call_command("seed_demo", stdout=out)
    return out.getvalue()


def printed_logins(output: str, *, portal: bool = False) -> dict[str, str]:
    """Email to password, as printed for the person who ran the command: the staff logins, or
    (`portal`) the demo client's portal login."""
    lines = [line for line in output.splitlines() if ("Client portal" in line) == portal]
    matches = (LOGIN_LINE.match(line) for line in lines)
    return {m["email"]: m["password"] for m in matches if m}


@pytest.fixture
def var_dir(settings: Settings, tmp_path: Path) -> Path:
    settings.VAR_DIR = tmp_path
    return tmp_path


@pytest.fixture
def seeded(db: None, var_dir: Path) -> str:
    """The demo made once; what the command printed."""
    return seed()


def staff_roles(clinic: Clinic) -> Counter[str]:
    return Counter(Membership.objects.filter(clinic=clinic).values_list("role", flat=True))


def test_migrations_create_no_users(db: None) -> None:
    assert User.objects.count() == 0
    assert Clinic.objects.count() == 0


def test_the_demo_has_a_full_first_clinic_and_a_second_one(seeded: str) -> None:
    first, second = Clinic.objects.order_by("pk")

    assert staff_roles(first) == {"owner": 1, "therapist": 2, "front_desk": 1}
    assert staff_roles(second)["owner"] == 1
    assert staff_roles(second)["therapist"] >= 1
    assert Client.objects.for_clinic(first).exists()
    assert Client.objects.for_clinic(second).exists()


def test_each_demo_clinic_has_its_own_people(seeded: str) -> None:
    first, second = Clinic.objects.order_by("pk")
    first_staff = set(Membership.objects.filter(clinic=first).values_list("user", flat=True))
    second_staff = set(Membership.objects.filter(clinic=second).values_list("user", flat=True))

    assert second_staff
    assert not first_staff & second_staff


def table_sizes() -> dict[str, int]:
    return {
        "users": User.objects.count(),
        "clinics": Clinic.objects.count(),
        "memberships": Membership.objects.count(),
        "clients": Client.unscoped_objects.count(),
        "audit events": AuditEvent.objects.count(),
    }


def test_seeding_twice_creates_nothing_more(seeded: str) -> None:
    sizes = table_sizes()

    again = seed()

    assert table_sizes() == sizes
    assert "exist already" in again
    assert printed_logins(again) == printed_logins(seeded)


def test_the_credentials_file_is_readable_by_its_owner_only(seeded: str, var_dir: Path) -> None:
    path = var_dir / "demo-credentials.json"

    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    saved = {login["email"]: login["password"] for login in json.loads(path.read_text())}
    assert saved == printed_logins(seeded) | printed_logins(seeded, portal=True)


def printed_keys(output: str) -> dict[str, str]:
    """Email to authenticator key, as printed for the owners."""
    found = (KEY_LINE.match(line) for line in output.splitlines())
    return {m["email"]: m["key"] for m in found if m}


def test_every_printed_login_works(seeded: str) -> None:
    logins = printed_logins(seeded)
    keys = printed_keys(seeded)
    assert len(logins) == User.objects.count()
    assert set(keys) == {"owner@harbour.demo", "owner@hillside.demo"}

    for email, password in logins.items():
        browser = Browser()
        response = browser.post(
            reverse("accounts:login"), {"username": email, "password": password}
        )

        assert response.status_code == 302, f"{email} could not log in"
        assert response["Location"] == reverse("dashboard:home")
        if email in keys:  # owners: the second factor, with a code from the printed key
            assert browser.get(reverse("dashboard:home"))["Location"].startswith("/accounts/mfa/")
            code = current_code(keys[email])
            browser.post(reverse("mfa:verify"), {"code": code, "next": "/"})
        assert browser.get(reverse("dashboard:home")).status_code == 200


def test_a_wrong_password_does_not_log_in(seeded: str) -> None:
    email = next(iter(printed_logins(seeded)))
    browser = Browser()

    response = browser.post(
        reverse("accounts:login"), {"username": email, "password": "not the printed one"}
    )

    assert response.status_code == 200
    assert browser.get(reverse("dashboard:home")).status_code == 302


def test_the_demo_has_course_history_the_outcomes_report_shows(seeded: str) -> None:
    from datetime import timedelta

    from django.utils import timezone

    from medmassage.reports.queries import Period, Scope, get_outcomes_report

    clinic = Clinic.objects.get(slug="demo-harbour")
    today = timezone.localdate()
    report = get_outcomes_report(
        Scope(clinic), Period(today - timedelta(days=364), today), as_of=today
    )

    assert report.total.figures is not None
    assert report.total.figures.judged >= 10
    shown = [g for groups in report.sections.values() for g in groups if not g.suppressed]
    assert {g.dimension for g in shown} == {"condition", "technique", "therapist"}


def test_the_printed_portal_login_signs_in_to_the_client_portal(seeded: str) -> None:
    [(email, password)] = printed_logins(seeded, portal=True).items()
    browser = Browser()

    response = browser.post("/portal/sign-in/", {"email": email, "password": password})
    home = browser.get("/portal/")

    assert response.status_code == 302
    assert home.status_code == 200
    assert "Lena" in home.content.decode()


def test_the_demo_clinic_has_its_calendar_billing_identifiers_and_a_week_booked(
    seeded: str,
) -> None:
    from medmassage.accounts.models import Practitioner
    from medmassage.billing.money import npi_is_valid
    from medmassage.scheduling.models import Appointment, AppointmentType, Room, WorkingHours

    clinic = Clinic.objects.get(slug="demo-harbour")
    types = AppointmentType.objects.for_clinic(clinic)
    booked = Appointment.objects.for_clinic(clinic)
    days = {a.starts_at.astimezone(clinic.zone).date() for a in booked}

    assert {(t.name, str(t.price)) for t in types} >= {("Follow-up", "95.00")}
    assert all(t.cpt_codes for t in types)
    assert Room.objects.for_clinic(clinic).count() == 2
    assert WorkingHours.objects.for_clinic(clinic).exists()
    assert len(days) == 7
    assert clinic.tax_id
    npis = [p.npi for p in Practitioner.objects.for_clinic(clinic)]
    assert npis
    assert all(npi_is_valid(npi) for npi in npis)


def test_the_demo_has_clients_mid_course_and_one_discharged(seeded: str) -> None:
    """A newcomer sees the product working: visits, measures over weeks, home programs, a
    discharge, and a therapist's worklist with something on it."""
    from medmassage.discharges.models import DischargeSummary
    from medmassage.homecare.models import HomeProgram
    from medmassage.outcomes.models import Measurement
    from medmassage.tenancy import unscoped
    from medmassage.visits.models import Visit
    from tests.cast import logged_in

    first = Clinic.objects.order_by("pk").first()
    with unscoped():
        signed = Visit.objects.filter(clinic=first, status="signed")
        assert signed.count() >= 12
        days = {m.administered_at.date() for m in Measurement.objects.filter(clinic=first)}
        assert len(days) >= 10  # the graphs spread over the weeks
        assert HomeProgram.objects.filter(clinic=first).values("client").distinct().count() >= 3
        # One discharged mid-course client here, and the course history's finished courses.
        assert DischargeSummary.objects.filter(clinic=first).count() >= 1

    page = logged_in(User.objects.get(email="maya@harbour.demo")).get("/").content.decode()
    for section in ("todays-clients", "unsigned-notes", "adverse-to-review", "reassessments-due"):
        start = page.index(f'id="{section}"')
        assert "/clients/" in page[start:] or "/visits/" in page[start:]
    assert "Helen Nakamura: Soreness beyond 48 hours" in page
    assert "Tomás Rivera: note open" in page
