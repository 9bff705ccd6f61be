"""A client under an approved plan, ready for a visit."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pytest

from medmassage.plans.models import TreatmentPlan
from medmassage.plans.services import approve_plan, draft_plan
from medmassage.visits import services
from medmassage.visits.models import Visit
from medmassage.visits.note import read_note
from tests.plans.conftest import Ready, ready, take_intake  # noqa: F401 - fixture

CALM = {"temperature_c": 36.6}


@dataclass
class Course:
    ready: Ready
    plan: TreatmentPlan


def approved_plan(prepared: Ready, vignette: str) -> TreatmentPlan:
    take_intake(prepared, vignette)
    plan = draft_plan(client=prepared.client, membership=prepared.therapist)
    return approve_plan(plan=plan, membership=prepared.therapist)


@pytest.fixture
def course(ready: Ready) -> Course:  # noqa: F811 - the fixture above
    return Course(ready, approved_plan(ready, "p1_neck_desk"))


@pytest.fixture
def anticoagulated(ready: Ready) -> Course:  # noqa: F811
    return Course(ready, approved_plan(ready, "p3_apixaban_shoulder"))


def start(course: Course, answers: Any = None) -> Visit:
    return services.start_visit(
        client=course.ready.client,
        membership=course.ready.therapist,
        answers=CALM if answers is None else answers,
    )


def save(course: Course, visit: Visit, data: dict[str, Any]) -> Visit:
    return services.save_note(
        visit=visit, membership=course.ready.therapist, changes=read_note(data)
    )


def signed_visit(course: Course) -> Visit:
    visit = start(course)
    save(course, visit, {"pain_today": 4, "assessment": "Less guarded"})
    return services.sign_visit(visit=visit, membership=course.ready.therapist)
