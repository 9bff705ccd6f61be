"""Small generated practices for the report's tests: every row made through the services.

A `Course` says what happens to one client: the complaint's ICD-10-CM code, who treats them,
the NDI before and after, how many visits (and after which one the follow-up NDI is taken),
adverse events, home-program adherence at the visits, whether the plan is closed.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from django.utils import timezone

from medmassage.accounts.models import Membership, Role
from medmassage.clients.models import Client
from medmassage.clients.services import create_client
from medmassage.discharges.services import close_plan
from medmassage.intake.services import record_intake
from medmassage.outcomes.services import record_measurement
from medmassage.plans.models import TreatmentPlan
from medmassage.plans.services import approve_plan, draft_plan
from medmassage.practitioners.services import register_practitioner
from medmassage.visits import services as visit_services
from medmassage.visits.models import Visit
from medmassage.visits.note import read_note
from tests.builders import actor, give_consent, license_, todays_vignette
from tests.cast import Cast, make_user

THEO, T1 = 0, 1  # the cast's therapist, then a second one


@dataclass(frozen=True)
class Course:
    code: str = "M54.2"  # neck pain: the plan's primary measure is the NDI
    therapist: int = 0  # index into Practice.therapists
    ndi_before: int = 2  # every NDI item: 2 gives 40 %
    ndi_after: int | None = None  # None: no follow-up
    visits: int = 2
    follow_up_after: int = 2  # the follow-up NDI is given after this many visits
    adverse_events: int = 0
    adherence: tuple[str, ...] = ()  # per visit, e.g. ("most", "none")
    closed: bool = False


@dataclass
class Practice:
    cast: Cast
    therapists: list[Membership]
    made: int = 0

    def treat(self, course: Course, client: Client | None = None) -> Client:
        """A new client treated as the course says (or a further course of a client whose
        earlier course is closed: a fresh intake and plan)."""
        therapist = self.therapists[course.therapist]
        by = actor(therapist)
        if client is None:
            self.made += 1
            client = create_client(
                by=by,
                given_name=f"Client{self.made}",
                family_name="Generated",
                date_of_birth=date(1970, 1, 1) + timedelta(days=400 * self.made),
            )
            give_consent(client, therapist)
        document = todays_vignette("p1_neck_desk")
        document["complaints"][0]["icd10"] = course.code
        record_intake(client=client, by=by, document=document)
        record_measurement(
            client=client,
            by=by,
            instrument="ndi",
            answers=[course.ndi_before] * 10,
            context="baseline",
        )
        plan = approve_plan(plan=draft_plan(client=client, by=by), by=by)
        for number in range(1, course.visits + 1):
            adherence = course.adherence[number - 1] if number <= len(course.adherence) else ""
            visit = signed(client, therapist, adherence=adherence)
            if number <= course.adverse_events:
                visit_services.record_adverse_event(
                    visit=visit, by=by, event={"kind": "soreness_48h", "severity": "mild"}
                )
            if number == course.follow_up_after and course.ndi_after is not None:
                record_measurement(
                    client=client,
                    by=by,
                    instrument="ndi",
                    answers=[course.ndi_after] * 10,
                    context="reassessment",
                )
        if course.closed:
            close_plan(plan=current(plan), by=by, reason="goals_met")
        return client


def current(plan: TreatmentPlan) -> TreatmentPlan:
    return TreatmentPlan.objects.for_clinic(plan.clinic_id).get(pk=plan.pk)


def signed(client: Client, therapist: Membership, *, adherence: str = "") -> Visit:
    by = actor(therapist)
    visit = visit_services.start_visit(client=client, by=by, answers={"temperature_c": 36.6})
    note = {"pain_today": 4, "assessment": "Less guarded"}
    if adherence:
        note["home_care_adherence"] = adherence
    visit_services.save_note(visit=visit, by=by, changes=read_note(note))
    return visit_services.sign_visit(visit=visit, by=by)


def practice(cast: Cast, therapists: int = 2) -> Practice:
    """The cast's clinic with licensed therapists: the cast's own, then new ones."""
    members = [Membership.objects.get(user=cast.therapist)]
    for n in range(1, therapists):
        user = make_user(f"t{n}@harbour.test", f"Therapist {n}", cast.clinic, Role.THERAPIST)
        members.append(Membership.objects.get(user=user))
    for member in members:
        practitioner = register_practitioner(membership=member, by=actor(cast.owner))
        license_(practitioner, cast.owner, expires_on=timezone.localdate() + timedelta(days=365))
    return Practice(cast, members)
