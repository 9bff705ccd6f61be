"""A client with an approved plan (neck pain at a desk), ready for a home program."""

from __future__ import annotations

import pytest

from medmassage.plans import services as plan_services
from medmassage.plans.models import TreatmentPlan
from tests.plans.conftest import Ready, take_intake
from tests.plans.conftest import ready as ready


def approve(ready: Ready, vignette: str = "p1_neck_desk") -> TreatmentPlan:
    take_intake(ready, vignette)
    plan = plan_services.draft_plan(client=ready.client, membership=ready.therapist)
    return plan_services.approve_plan(plan=plan, membership=ready.therapist)


@pytest.fixture
def plan(ready: Ready) -> TreatmentPlan:
    """The approved plan in force."""
    return approve(ready)
