"""Closing a plan: the discharge summary with each measure's first and last score.

The plan's status moves approved -> closed (the only change the database allows an approved
plan besides being superseded), in the same transaction as the summary and its audit event.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction

from medmassage import course_figures
from medmassage.accounts.actors import Actor
from medmassage.audit.services import record_event
from medmassage.discharges.errors import PlanNotClosable
from medmassage.discharges.models import DischargeReason, DischargeSummary
from medmassage.discharges.sealing import seal_summary
from medmassage.outcomes.models import display_number
from medmassage.outcomes.progress import MeasureProgress, get_progress
from medmassage.plans.models import PlanStatus, TreatmentPlan
from medmassage.problems import FieldErrors
from medmassage.tenancy import clinic_scope
from medmassage.visits.models import Visit, VisitStatus

MAX_NOTE_CHARS = 4000


@transaction.atomic
def close_plan(*, plan: TreatmentPlan, by: Actor, reason: str, note: str = "") -> DischargeSummary:
    """Close the approved plan for a reason and write its discharge summary."""
    with clinic_scope(plan.clinic_id):
        plan = (
            TreatmentPlan.objects.for_clinic(plan.clinic_id)
            .select_for_update(no_key=True)
            .get(pk=plan.pk)
        )
        _check(plan, reason=reason, note=note)
        measures = [
            first_and_last(measure) for measure in get_progress(plan.clinic_id, plan.client)
        ]
        plan.status = PlanStatus.CLOSED
        plan.save(update_fields=["status"])
        summary = DischargeSummary.objects.create(
            clinic_id=plan.clinic_id,
            client_id=plan.client_id,
            plan=plan,
            reason=reason,
            note=note.strip(),
            measures=measures,
            closed_by=by.membership,
        )
        seal_summary(summary)
        record_event(
            action="plans.plan.closed",
            by=by,
            subject=plan,
            details={"reason": reason, "version": plan.version, "summary": summary.pk},
        )
        course_figures.changed(clinic_id=plan.clinic_id, client_id=plan.client_id)
        return summary


def _check(plan: TreatmentPlan, *, reason: str, note: str) -> None:
    if plan.status != PlanStatus.APPROVED:
        raise PlanNotClosable("Only the approved plan in force can be closed.")
    drafts = Visit.objects.for_clinic(plan.clinic_id).filter(plan=plan, status=VisitStatus.DRAFT)
    if first := drafts.order_by("started_at").first():
        raise PlanNotClosable(
            f"The visit note of {first.started_at:%Y-%m-%d} is still a draft: sign it (or finish "
            "it) before closing the plan, so that the discharge summary covers every visit."
        )
    errors = FieldErrors()
    if reason not in DischargeReason.values:
        errors.add("reason", f"reason must be one of {', '.join(DischargeReason.values)}")
    if len(note) > MAX_NOTE_CHARS:
        errors.add("note", f"at most {MAX_NOTE_CHARS} characters")
    errors.raise_any()


def first_and_last(measure: MeasureProgress) -> dict[str, Any]:
    """A measure's first and last score as the summary keeps them (exact and for display)."""
    first, last = measure.series[0], measure.series[-1]
    return {
        "instrument": measure.instrument,
        "name": measure.name,
        "first": {
            "score": str(first.score),
            "display": display_number(first.score),
            "on": first.on.isoformat(),
        },
        "last": {
            "score": str(last.score),
            "display": display_number(last.score),
            "on": last.on.isoformat(),
            "band": measure.latest_band,
        },
        "baseline": str(measure.baseline),
        "change": None if measure.change is None else display_number(measure.change),
        "direction": measure.direction,
    }
