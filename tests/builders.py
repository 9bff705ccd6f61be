"""Builders shared by the test folders: the acting member, and records made through services.

Test folders import from here (and from `tests.cast`), never from another folder's conftest;
the fixtures built on these live in the root conftest.
"""

from __future__ import annotations

import copy
import json
from dataclasses import dataclass
from datetime import date, timedelta
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from django.utils import timezone

from medmassage.accounts.actors import Actor
from medmassage.accounts.models import Membership, Practitioner, User
from medmassage.audit.models import AuditEvent
from medmassage.clients.consents import ConsentDetails, record_consent
from medmassage.clients.models import Client, ConsentTopic
from medmassage.intake.models import Intake
from medmassage.intake.services import record_intake
from medmassage.plans.models import TreatmentPlan
from medmassage.plans.services import approve_plan, draft_plan
from medmassage.practitioners.services import add_licence, register_practitioner
from medmassage.visits.models import Visit

if TYPE_CHECKING:
    from tests.cast import Cast

VIGNETTES = Path(__file__).resolve().parent / "clinical" / "vignettes"


def membership(user: User) -> Membership:
    """The user's (only) membership."""
    return Membership.objects.select_related("clinic", "user").get(user=user)


def actor(who: User | Membership | Actor) -> Actor:
    """The acting member for a service call: a membership, or a user's (only) membership."""
    if isinstance(who, Actor):
        return who
    return Actor(who if isinstance(who, Membership) else membership(who))


def events(action: str, **filters: Any) -> list[AuditEvent]:
    """The audit events of one action, oldest first."""
    return list(AuditEvent.objects.filter(action=action, **filters).order_by("id"))


@cache
def _vignette_text(name: str) -> str:
    return (VIGNETTES / f"{name}.json").read_text()


def vignette(name: str) -> dict[str, Any]:
    """An example intake document of tests/clinical/vignettes (a fresh copy)."""
    return copy.deepcopy(json.loads(_vignette_text(name)))


def todays_vignette(name: str) -> dict[str, Any]:
    """The example intake, taken today."""
    return {**vignette(name), "visit_date": timezone.localdate().isoformat()}


def give_consent(client: Client, by: Membership) -> None:
    """The client's informed consent, typed by the client, obtained by the member."""
    record_consent(
        client=client,
        by=actor(by),
        details=ConsentDetails(
            topics=tuple(str(topic) for topic in ConsentTopic),
            signature_method="typed",
            signature=client.full_name,
        ),
    )


def license_(practitioner: Practitioner, by: User | Membership, *, expires_on: date) -> None:
    """A licence for the practitioner, issued two years before it expires."""
    add_licence(
        practitioner=practitioner,
        by=actor(by),
        fields={
            "jurisdiction": "Ontario, Canada",
            "number": f"RMT-{practitioner.pk:05d}",
            "issued_on": expires_on - timedelta(days=700),
            "expires_on": expires_on,
        },
    )


@dataclass
class Ready:
    """A client ready for planning: consent signed, the therapist licensed."""

    cast: Cast
    client: Client
    therapist: Membership
    practitioner: Practitioner


def make_ready(cast: Cast) -> Ready:
    """The cast's client and therapist, ready for an intake and a plan."""
    therapist = membership(cast.therapist)
    practitioner = register_practitioner(membership=therapist, by=actor(cast.owner))
    license_(practitioner, cast.owner, expires_on=timezone.localdate() + timedelta(days=365))
    give_consent(cast.client, therapist)
    return Ready(cast, cast.client, therapist, practitioner)


def take_intake(ready: Ready, name: str) -> Intake:
    """Record one of the example intakes, taken today, for the ready client."""
    return record_intake(
        client=ready.client, by=actor(ready.therapist), document=todays_vignette(name)
    )


def approve(ready: Ready, name: str = "p1_neck_desk") -> TreatmentPlan:
    """Take the example intake, draft the plan from it and approve it."""
    take_intake(ready, name)
    plan = draft_plan(client=ready.client, by=actor(ready.therapist))
    return approve_plan(plan=plan, by=actor(ready.therapist))


# FACTS.md §1 worked example: NDI 3,2,3,0,0,2,5,2,2,2 gives 42 %, raw sum 21: moderate.
NDI_EXAMPLE = [3, 2, 3, 0, 0, 2, 5, 2, 2, 2]


def clinical_counts() -> dict[str, int]:
    """Rows of every table assessments and outcomes write, across clinics."""
    from medmassage.assessments.models import (
        Assessment,
        AssessmentQuestionnaire,
        Palpation,
        Posture,
        RangeOfMotion,
        SpecialTestResult,
    )
    from medmassage.outcomes.models import Measurement
    from medmassage.tenancy import unscoped

    models = (
        Assessment,
        AssessmentQuestionnaire,
        RangeOfMotion,
        Posture,
        Palpation,
        SpecialTestResult,
        Measurement,
    )
    with unscoped():
        return {model.__name__: model.objects.count() for model in models}


def consent_details(**overrides: Any) -> ConsentDetails:
    """A valid typed consent of Ada Lovelace (the cast's client), changed as given."""
    from medmassage.clients.consent_text import DEFAULT_REQUIRED_TOPICS

    fields: dict[str, Any] = {
        "topics": tuple(str(topic) for topic in DEFAULT_REQUIRED_TOPICS),
        "signature_method": "typed",
        "signature": "Ada Lovelace",
    }
    fields.update(overrides)
    return ConsentDetails(**fields)


def signed_visit(ready: Ready, *, pain: int = 4) -> Visit:
    """A routine visit under the approved plan: checked in calm, documented and signed."""
    from medmassage.visits import services
    from medmassage.visits.note import read_note

    by = actor(ready.therapist)
    visit = services.start_visit(client=ready.client, by=by, answers={"temperature_c": 36.6})
    changes = read_note({"pain_today": pain, "assessment": "Less guarded"})
    services.save_note(visit=visit, by=by, changes=changes)
    return services.sign_visit(visit=visit, by=by)


# --- The clinic's day: calendar set-up made directly (its services are tested in their folder)


def calendar_setup(clinic: Any, therapist: User, *, zone: str = "America/Toronto") -> Any:
    """A follow-up type (60 min, 95.00), the therapist's hours 9-17 every day, online booking."""
    from datetime import time
    from decimal import Decimal

    from medmassage.scheduling.models import AppointmentType, BookingPolicy, WorkingHours

    clinic.time_zone = zone
    clinic.save(update_fields=["time_zone"])
    BookingPolicy.unscoped_objects.update_or_create(
        clinic=clinic, defaults={"online_booking": True}
    )
    member = Membership.objects.get(user=therapist, clinic=clinic)
    for weekday in range(7):
        WorkingHours.unscoped_objects.create(
            clinic=clinic, therapist=member, weekday=weekday, starts=time(9), ends=time(17)
        )
    return AppointmentType.unscoped_objects.create(
        clinic=clinic, name="Follow-up", minutes=60, price=Decimal("95.00"), cpt_codes=["97124"]
    )


# --- Billing: visits with treatment minutes chosen, so that units can be counted by hand

# The note's words, for tests that show the front desk never sees them.
NOTE_TEXT = "Trapezius less guarded after release"


def treated_visit(ready: Ready, *, swedish: int, myofascial: int = 0, visit: Any = None) -> Visit:
    """A visit signed with these minutes of Swedish massage (CPT 97124) and myofascial release
    (97140) on the neck at firm pressure, under the approved plan (p1_neck_desk allows both)."""
    from medmassage.visits import services
    from medmassage.visits.note import read_note

    by = actor(ready.therapist)
    if visit is None:
        visit = services.start_visit(client=ready.client, by=by, answers={"temperature_c": 36.6})
    rows = [("swedish", swedish), ("myofascial_release", myofascial)]
    treatments = [
        {"technique": t, "region": "neck", "side": "both", "minutes": m, "pressure": "firm"}
        for t, m in rows
        if m
    ]
    changes = read_note({"pain_today": 4, "assessment": NOTE_TEXT, "treatments": treatments})
    services.save_note(visit=visit, by=by, changes=changes)
    return services.sign_visit(visit=visit, by=by)


def booked_visit(ready: Ready, kind: Any, *, swedish: int, myofascial: int = 0) -> Visit:
    """An appointment of this kind today, checked in, its visit opened from it and signed."""
    from medmassage.scheduling import services as calendar
    from medmassage.scheduling.models import Appointment
    from medmassage.tenancy import unscoped

    with unscoped():
        taken = Appointment.objects.filter(therapist=ready.therapist).count()
    starts = timezone.now() - timedelta(hours=2 * taken + 1)
    appointment = calendar.book_appointment(
        booking=calendar.Booking(ready.client, ready.therapist, kind, starts),
        by=actor(ready.cast.front_desk),
    )
    calendar.mark_arrived(appointment=appointment, by=actor(ready.cast.front_desk))
    visit = calendar.start_appointment_visit(
        appointment=appointment, by=actor(ready.therapist), answers={"temperature_c": 36.6}
    )
    return treated_visit(ready, swedish=swedish, myofascial=myofascial, visit=visit)
