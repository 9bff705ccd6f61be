"""What the plan page shows: content, draft suggestions, findings, overrides and form choices."""

from __future__ import annotations

from typing import Any

from django.http import QueryDict

from medmassage.accounts import policy
from medmassage.accounts.access import ClinicRequest
from medmassage.clinical.knowledge import knowledge
from medmassage.clinical.vocabulary import INSTRUMENTS, REGIONS, TECHNIQUES, Pressure, Side
from medmassage.intake.prompts import unanswered
from medmassage.plans import queries
from medmassage.plans.models import TreatmentPlan
from medmassage.words.vocabulary import label


def plan_context(
    request: ClinicRequest,
    plan: TreatmentPlan,
    *,
    problem: str | None = None,
    posted: QueryDict | None = None,
) -> dict[str, Any]:
    """Everything the plan page needs, for the role viewing it."""
    membership = request.membership
    findings = plan.document.findings
    kb = knowledge()
    return {
        "plan": plan,
        "client": plan.client,
        "content": plan.content,
        "decision_words": label("decision", plan.decision),
        "stops": plan.decision in {"postpone", "clearance", "refer_urgent", "refer_emergency"},
        "red_flags": [f for f in findings if f.kind == "red_flag"],
        "other_findings": [f for f in findings if f.kind != "red_flag"],
        "finding_actions": {f.code: f.action for f in findings},
        "overrides": queries.list_overrides(plan),
        "versions": queries.list_plans(plan.clinic_id, plan.client),
        "can_edit": plan.is_draft and policy.allows(membership, "plans.draft"),
        "can_approve": plan.is_draft and policy.allows(membership, "plans.approve"),
        "can_revise": plan.status == "approved" and policy.allows(membership, "plans.draft"),
        "problem": problem,
        "posted": posted,
        "choices": {
            "techniques": TECHNIQUES,
            "regions": REGIONS,
            "sides": [side.value for side in Side],
            "pressures": [pressure.value for pressure in Pressure],
            "instruments": INSTRUMENTS,
            "exercises": sorted(kb.exercises.values(), key=lambda exercise: exercise.name),
        },
        "chosen_home_care": {item.id for item in plan.document.home_care},
        "waiting_prompts": unanswered(plan.intake.screening) if plan.is_draft else [],
    }
