"""Clinic-scoped reads of discharge summaries."""

from __future__ import annotations

from typing import TYPE_CHECKING

from medmassage.discharges.models import DischargeSummary

if TYPE_CHECKING:
    from medmassage.accounts.models import Clinic
    from medmassage.plans.models import TreatmentPlan


def get_discharge(clinic: Clinic | int, plan: TreatmentPlan) -> DischargeSummary | None:
    """The plan's discharge summary, if the plan was closed."""
    return (
        DischargeSummary.objects.for_clinic(clinic)
        .filter(plan=plan)
        .select_related("closed_by__user", "client")
        .first()
    )
