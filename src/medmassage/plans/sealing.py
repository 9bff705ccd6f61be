"""What an approved plan is, for its seal (see audit/seals.py)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from medmassage.accounts.actors import Actor
from medmassage.audit.integrity import Integrity, gathered
from medmassage.audit.seals import SealedKind, check_seal, register, seal
from medmassage.plans.models import PlanOverride, PlanStatus, TreatmentPlan

# Status is left out: an approved plan is later superseded or closed, and nothing else.
PLAN_FIELDS = (
    "client_id",
    "version",
    "previous_id",
    "intake_id",
    "practitioner_id",
    "practitioner_document",
    "draft",
    "content",
    "decision",
    "created_by_id",
    "created_at",
    "approved_by_id",
    "approved_at",
)
OVERRIDE_FIELDS = ("kind", "technique", "finding", "departure", "reason", "created_by_id")
FINAL = (PlanStatus.APPROVED, PlanStatus.SUPERSEDED, PlanStatus.CLOSED)


def plan_content(plan: Any, *, overrides: Iterable[Any]) -> dict[str, Any]:
    """An approved plan as sealed: its fields and its overrides (in stored order)."""
    return {
        **{name: getattr(plan, name) for name in PLAN_FIELDS},
        "overrides": [{n: getattr(o, n) for n in OVERRIDE_FIELDS} for o in overrides],
    }


def stored_plan_content(plan: TreatmentPlan, *, fresh: bool = True) -> dict[str, Any]:
    stored = TreatmentPlan.unscoped_objects.get(pk=plan.pk) if fresh else plan
    overrides = PlanOverride.unscoped_objects.filter(plan_id=plan.pk).order_by("id")
    return plan_content(stored, overrides=overrides)


def seal_plan(plan: TreatmentPlan) -> None:
    """Seal a plan in the transaction that approves it."""
    seal(plan, stored_plan_content(plan))


def check_plan(plan: TreatmentPlan, *, by: Actor | None) -> Integrity:
    """An approved (or superseded, or closed) plan against its seal; drafts: nothing."""
    if plan.status not in FINAL:
        return Integrity()
    return gathered([check_seal(plan, stored_plan_content(plan, fresh=False), by=by)])


def register_sealed_kinds() -> None:
    register(
        SealedKind(
            "plans.treatmentplan",
            lambda: TreatmentPlan.unscoped_objects.filter(status__in=FINAL).order_by("id"),
            stored_plan_content,
        )
    )
