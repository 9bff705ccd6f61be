"""What the plan page shows: content, draft suggestions, findings, overrides and form choices."""

from __future__ import annotations

from typing import Any

from django.http import QueryDict
from django.urls import reverse

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
        "form": form_values(plan.content, posted),
        "next_steps": _next_steps(plan),
    }


def _next_steps(plan: TreatmentPlan) -> list[dict[str, str]]:
    """A draft: check it, then approve (at the foot of the form); approved: the first visit."""
    if plan.is_draft:
        return [
            {
                "label": "Check the plan, then approve it",
                "url": "#plan-approve",
                "id": "next-approve",
            }
        ]
    if plan.status == "approved":
        url = reverse("visits:list", args=[plan.client_id]) + "#check-in-form"
        return [{"label": "Check the client in for a visit", "url": url, "id": "next-visit"}]
    return []


def form_values(content: dict[str, Any], posted: QueryDict | None) -> dict[str, Any]:
    """The edit form's values: as posted (a refused save, a kept draft), else as saved."""
    if posted is None:
        return {
            "goals": "".join(f"{goal}\n" for goal in content.get("goals", [])),
            "rows": [
                {"t": t, "keep": True, "pressure": t["max_pressure"], "minutes": t["minutes"]}
                for t in content.get("techniques", [])
            ],
            "add": {"side": "both", "minutes": "10"},
            "course": {
                name: content.get(name)
                for name in ("sessions_per_week", "weeks", "reassess_after_sessions")
            },
            "measures": list(content.get("measures", [])),
            "home_care": [item["id"] for item in content.get("home_care", [])],
        }
    return {
        "goals": posted.get("goals", ""),
        "rows": [
            {
                "t": t,
                "keep": bool(posted.get(f"keep_{index}")),
                "pressure": posted.get(f"pressure_{index}", t["max_pressure"]),
                "minutes": posted.get(f"minutes_{index}", t["minutes"]),
                "reason": posted.get(f"reason_{index}", ""),
            }
            for index, t in enumerate(content.get("techniques", []))
        ],
        "add": {
            name: posted.get(f"add_{name}", "")
            for name in ("technique", "region", "side", "pressure", "minutes", "reason")
        },
        "course": {
            name: posted.get(name, "")
            for name in ("sessions_per_week", "weeks", "reassess_after_sessions")
        },
        "measures": posted.getlist("measures"),
        "home_care": posted.getlist("home_care"),
        "add_exercise": posted.get("add_exercise", ""),
    }
