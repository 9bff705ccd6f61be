"""Practitioner records for tests, made through the services as the pages make them."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from django.utils import timezone

from medmassage.accounts.models import Practitioner, User
from medmassage.practitioners import services
from medmassage.practitioners.models import Certification, ContinuingEducation, Licence
from tests.builders import actor, membership


def days(n: int) -> date:
    """A day n days from today (negative: in the past)."""
    return timezone.localdate() + timedelta(days=n)


def register(user: User) -> Practitioner:
    return services.register_practitioner(membership=membership(user), by=actor(user))


def add_licence(practitioner: Practitioner, **fields: Any) -> Licence:
    values: dict[str, Any] = {
        "jurisdiction": "Ontario",
        "number": f"RMT-{practitioner.pk:05d}",
        "issued_on": days(-700),
        "expires_on": days(400),
        "renewal_period_start": days(-330),
        "ce_hours_required": Decimal(30),
    }
    values.update(fields)
    by = actor(practitioner.membership)
    return services.add_licence(practitioner=practitioner, by=by, fields=values)


def add_certification(practitioner: Practitioner, **fields: Any) -> Certification:
    values: dict[str, Any] = {
        "name": "Manual Lymphatic Drainage",
        "issuer": "Vodder School",
        "credentials": ["lymphatic_drainage"],
        "issued_on": days(-300),
        "expires_on": None,
    }
    values.update(fields)
    by = actor(practitioner.membership)
    return services.add_certification(practitioner=practitioner, by=by, fields=values)


def add_education(practitioner: Practitioner, **fields: Any) -> ContinuingEducation:
    values: dict[str, Any] = {
        "course": "Myofascial release update",
        "provider": "CE Institute",
        "hours": Decimal(6),
        "completed_on": days(-30),
    }
    values.update(fields)
    by = actor(practitioner.membership)
    return services.add_education(practitioner=practitioner, by=by, fields=values)


# Strings that would betray the outsider's records in any response to our clinic.
OSCAR_SECRETS = (
    "Oscar Outsider",
    "oscar@hillside.test",
    "RMT-HILL-7741",
    "British Columbia",
    "Hillside Craniosacral",
    "Hillside Pain Science",
    "Hillside Clinic",
)
