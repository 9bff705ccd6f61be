"""Helpers shared by the outcomes and assessments tests: memberships, counts, audit reads."""

from __future__ import annotations

from typing import Any

from medmassage.accounts.models import Membership, User
from medmassage.assessments.models import (
    Assessment,
    Palpation,
    Posture,
    RangeOfMotion,
    SpecialTestResult,
)
from medmassage.audit.models import AuditEvent
from medmassage.outcomes.models import Measurement
from medmassage.tenancy import unscoped

# FACTS.md §1 worked example: NDI 3,2,3,0,0,2,5,2,2,2 gives 42 %, raw sum 21: moderate.
NDI_EXAMPLE = [3, 2, 3, 0, 0, 2, 5, 2, 2, 2]
CLINICAL_MODELS = (Assessment, RangeOfMotion, Posture, Palpation, SpecialTestResult, Measurement)


def membership_of(user: User) -> Membership:
    return Membership.objects.select_related("clinic", "user").get(user=user)


def clinical_counts() -> dict[str, int]:
    """Rows of every table these apps write, across clinics."""
    with unscoped():
        return {model.__name__: model.objects.count() for model in CLINICAL_MODELS}


def events(action: str, **filters: Any) -> list[AuditEvent]:
    return list(AuditEvent.objects.filter(action=action, **filters).order_by("id"))
