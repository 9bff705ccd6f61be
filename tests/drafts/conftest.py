"""A client under an approved plan, and a visit to start."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from medmassage.plans.models import TreatmentPlan
from medmassage.visits import services
from medmassage.visits.models import Visit
from tests.builders import Ready, actor, approve


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


def start(course: Course) -> Visit:
    return services.start_visit(
        client=course.ready.client,
        by=actor(course.ready.therapist),
        answers={"temperature_c": 36.6},
    )
