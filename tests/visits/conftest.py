"""A client under an approved plan, ready for a visit."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pytest

from medmassage.plans.models import TreatmentPlan
from medmassage.visits import services
from medmassage.visits.models import Visit
from medmassage.visits.note import read_note
from tests.builders import Ready, actor, approve

CALM = {"temperature_c": 36.6}


@dataclass
class Course:
    ready: Ready
    plan: TreatmentPlan


@pytest.fixture
def course(ready: Ready) -> Course:
    return Course(ready, approve(ready, "p1_neck_desk"))


@pytest.fixture
def anticoagulated(ready: Ready) -> Course:
    return Course(ready, approve(ready, "p3_apixaban_shoulder"))


def start(course: Course, answers: Any = None) -> Visit:
    return services.start_visit(
        client=course.ready.client,
        by=actor(course.ready.therapist),
        answers=CALM if answers is None else answers,
    )


def save(course: Course, visit: Visit, data: dict[str, Any]) -> Visit:
    return services.save_note(
        visit=visit, by=actor(course.ready.therapist), changes=read_note(data)
    )


def signed_visit(course: Course) -> Visit:
    visit = start(course)
    save(course, visit, {"pain_today": 4, "assessment": "Less guarded"})
    return services.sign_visit(visit=visit, by=actor(course.ready.therapist))
