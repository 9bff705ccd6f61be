"""Demo courses: clients in the middle of treatment, so a newcomer sees the product working.

Each course is made through the services, as a therapist would have made it over the past
weeks: the clock is set to each day in turn (time-machine), so intakes, plans, visits and
measures carry the day they happened and the graphs spread over the weeks.

- Tomás Rivera, right shoulder: four weekly visits, QuickDASH improving, a home program, and
  today's note open.
- Helen Nakamura, neck: past her re-assessment point without improvement on the NDI, an
  adverse event after the last signed visit still to review, and a note left unsigned.
- Kwame Mensah, low back: a six-week course finished with goals met: discharged.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any

import time_machine
from django.utils import timezone

from medmassage.accounts.actors import Actor
from medmassage.accounts.models import Clinic, Membership
from medmassage.clients import consents
from medmassage.clients.models import Client, ConsentTopic
from medmassage.clients.queries import list_clients
from medmassage.discharges.services import close_plan
from medmassage.homecare.services import start_home_program
from medmassage.intake.services import record_intake
from medmassage.outcomes.services import record_measurement
from medmassage.plans.models import TreatmentPlan
from medmassage.plans.services import approve_plan, draft_plan
from medmassage.visits import services as visits
from medmassage.visits.models import Visit
from medmassage.visits.note import read_note

_TOPICS = tuple(str(topic) for topic in ConsentTopic)
_CALM = {"temperature_c": 36.6, "systolic": 126, "diastolic": 80}


@dataclass(frozen=True)
class _Visit:
    days_ago: int
    pain: int
    assessment: str
    plan_notes: str = ""
    feedback: dict[str, str] | None = None
    sign: bool = True
    # Recorded this many days after the visit, not yet reviewed: it caps the next visit.
    adverse_after: int | None = None


@dataclass(frozen=True)
class _Course:
    family_name: str
    starts_days_ago: int
    complaint: dict[str, Any]
    goal: str
    instrument: str
    baseline: list[int]
    reassessment: list[int]  # re-measured after the middle visit
    visits: tuple[_Visit, ...]


_COURSES = (
    _Course(
        family_name="Rivera",
        starts_days_ago=29,
        complaint={
            "region": "shoulder",
            "side": "right",
            "icd10": "M75.41",
            "description": "Right shoulder pain reaching overhead since starting climbing",
            "pain": 6,
            "aggravates": ["reaching overhead", "sleeping on the right side"],
            "eases": ["rest", "heat"],
        },
        goal="Climb twice a week without shoulder pain",
        instrument="quickdash",
        baseline=[3, 3, 4, 3, 3, 3, 3, 3, 3, 3, 3],
        reassessment=[2, 2, 2, 2, 2, 2, 1, 2, 2, 2, 2],
        visits=(
            _Visit(28, 6, "Guarded through the right upper trapezius."),
            _Visit(21, 5, "Less guarding; reaches higher before pain.", "Add pec minor release."),
            _Visit(
                14,
                4,
                "Overhead reach nearly full.",
                "Keep the home stretches daily.",
                {"kind": "discomfort", "region": "shoulder", "adjustment": "pressure_down"},
            ),
            _Visit(7, 3, "Sleeping through the night on the right side."),
        ),
    ),
    _Course(
        family_name="Nakamura",
        starts_days_ago=37,
        complaint={
            "region": "neck",
            "side": "both",
            "icd10": "M54.2",
            "description": "Stiff, aching neck, worse in the evening",
            "pain": 6,
            "aggravates": ["reading in bed", "driving"],
            "eases": ["heat", "walking"],
        },
        goal="Turn the head to reverse the car without pain",
        instrument="ndi",
        baseline=[2, 2, 3, 1, 2, 2, 2, 2, 2, 2],
        reassessment=[2, 2, 3, 1, 2, 2, 2, 2, 2, 1],
        visits=(
            _Visit(35, 6, "Tender suboccipitals, rotation limited both ways."),
            _Visit(28, 6, "Little change since last week."),
            _Visit(21, 5, "Slightly easier rotation to the left."),
            _Visit(
                14,
                6,
                "Back to where she started after a long drive.",
                "Lighter on the left side next time.",
                {"kind": "discomfort", "region": "neck", "adjustment": "pressure_down"},
            ),
            _Visit(7, 6, "No lasting change after five sessions.", adverse_after=3),
            _Visit(2, 6, "Sore for three days after last week's visit.", sign=False),
        ),
    ),
    _Course(
        family_name="Mensah",
        starts_days_ago=62,
        complaint={
            "region": "lower_back",
            "side": "both",
            "icd10": "M54.50",
            "description": "Low back ache after long shifts standing",
            "pain": 6,
            "aggravates": ["standing", "bending"],
            "eases": ["walking", "lying down"],
        },
        goal="Work a full shift without back pain",
        instrument="odi",
        baseline=[3, 2, 3, 2, 3, 2, 2, 3, 2, 2],
        reassessment=[1, 1, 1, 0, 1, 1, 0, 1, 1, 1],
        visits=(
            _Visit(61, 6, "Guarded lumbar erectors, both sides."),
            _Visit(54, 5, "Less morning stiffness."),
            _Visit(47, 4, "Bending easier; home stretches most days."),
            _Visit(40, 3, "Full shifts with mild ache only."),
            _Visit(33, 2, "Pain-free most days."),
            _Visit(26, 1, "Goals met: full shifts without pain."),
        ),
    ),
)


@contextmanager
def _on(day: date, clinic: Clinic, hour: int = 10) -> Iterator[None]:
    """The clock set to that day in the clinic (it runs on from there)."""
    with time_machine.travel(datetime.combine(day, time(hour), tzinfo=clinic.zone)):
        yield


def seed_demo_courses(clinic: Clinic, therapist: Membership) -> None:
    """Three clients' courses with the clinic's first therapist, through the services."""
    today = timezone.localdate(timezone.now(), clinic.zone)
    clients = {client.family_name: client for client in list_clients(clinic)}
    by = Actor(therapist)
    for course in _COURSES:
        client = clients[course.family_name]
        start = today - timedelta(days=course.starts_days_ago)
        with _on(start, clinic, hour=9):
            plan = _begin(client, by, course, start)
        for number, planned in enumerate(course.visits, start=1):
            day = today - timedelta(days=planned.days_ago)
            with _on(day, clinic):
                visit = _visit(client, by, planned)
            if number == len(course.visits) // 2:
                with _on(day, clinic, hour=11):
                    _measure(client, by, course.instrument, course.reassessment, "reassessment")
            if planned.adverse_after is not None:
                with _on(day + timedelta(days=planned.adverse_after), clinic):
                    _soreness(visit, by)
        if course.family_name == "Mensah":
            with _on(today - timedelta(days=course.visits[-1].days_ago), clinic, hour=12):
                close_plan(plan=plan, by=by, reason="goals_met", note="Back to full shifts.")
        if course.family_name == "Rivera":
            visits.start_visit(client=client, by=by, answers=_CALM)  # today's note, open


def _begin(client: Client, by: Actor, course: _Course, day: date) -> TreatmentPlan:
    """Consent, intake, baseline measures, the plan approved and the home program."""
    consents.record_consent(
        client=client,
        by=by,
        details=consents.ConsentDetails(
            topics=_TOPICS, signature_method="typed", signature=client.full_name
        ),
    )
    age = (day - client.date_of_birth).days // 365
    document = {
        "format": "medmassage.intake",
        "version": 1,
        "visit_date": day.isoformat(),
        "age": age,
        "complaints": [{**course.complaint, "onset": (day - timedelta(days=70)).isoformat()}],
        "medications": [],
        "red_flags": {"dvt_signs": False, "significant_trauma": False},
        "vitals": _CALM,
        "goals": [course.goal],
        "consents": {"informed": True},
    }
    record_intake(client=client, by=by, document=document)
    _measure(client, by, "nprs", [course.complaint["pain"]], "baseline")
    _measure(client, by, course.instrument, course.baseline, "baseline")
    plan = approve_plan(plan=draft_plan(client=client, by=by), by=by)
    start_home_program(client=client, by=by)
    return plan


def _measure(client: Client, by: Actor, instrument: str, answers: list[int], context: str) -> None:
    record_measurement(
        client=client, by=by, instrument=instrument, answers=answers, context=context
    )


def _visit(client: Client, by: Actor, planned: _Visit) -> Visit:
    visit = visits.start_visit(client=client, by=by, answers=_CALM)
    if planned.feedback:
        visits.add_feedback(visit=visit, by=by, feedback=planned.feedback)
    note = {
        "pain_today": planned.pain,
        "assessment": planned.assessment,
        "plan_notes": planned.plan_notes,
        "home_care_adherence": "most",
    }
    visits.save_note(visit=visit, by=by, changes=read_note(note))
    return visits.sign_visit(visit=visit, by=by) if planned.sign else visit


def _soreness(visit: Visit, by: Actor) -> None:
    """Sore for three days after the visit: recorded, not yet reviewed."""
    visits.record_adverse_event(
        visit=visit,
        by=by,
        event={
            "kind": "soreness_48h",
            "severity": "mild",
            "description": "Sore neck for three days after the visit; settled with heat.",
        },
    )
