"""Checking a plan's content against its findings (through the core) and the clinic's rules."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from medmassage.clinical.intake import parse_intake
from medmassage.clinical.plan_review import review_technique
from medmassage.clinical.planning import Plan
from medmassage.clinical.practitioner import parse_practitioner
from medmassage.plans.errors import OverrideRefused, ReasonRequired
from medmassage.plans.models import TreatmentPlan
from medmassage.words.vocabulary import departure, label

CLINIC_RULE_PREFIX = "clinic_rule."


def exclude_for_scope(suggestion: dict[str, Any], restricted: Mapping[str, str]) -> dict[str, Any]:
    """Remove techniques the clinic's credential rules forbid this practitioner, and say why."""
    if not restricted:
        return suggestion
    plan = dict(suggestion)
    plan["techniques"] = [t for t in plan["techniques"] if t["technique"] not in restricted]
    plan["excluded"] = [
        *plan["excluded"],
        *(
            {
                "technique": technique,
                "regions": [],
                "reason": "credential",
                "finding": f"{CLINIC_RULE_PREFIX}{technique}",
            }
            for technique in sorted(restricted)
        ),
    ]
    plan["findings"] = [
        *plan["findings"],
        *(_rule_finding(t, c) for t, c in sorted(restricted.items())),
    ]
    return plan


def _rule_finding(technique: str, credential: str) -> dict[str, Any]:
    return {
        "code": f"{CLINIC_RULE_PREFIX}{technique}",
        "kind": "scope",
        "scope": "systemic",
        "regions": [],
        "action": f"{technique} not offered: the clinic requires the {credential} credential.",
        "rationale": "The clinic's credential rules for its jurisdiction (scope of practice).",
        "sources": ["Clinic credential rules (project policy by default; the clinic sets them)"],
        "decision": "proceed",
        "overridable": False,
        "policy": True,
    }


def departures_needing_reasons(
    plan: TreatmentPlan, content: Mapping[str, Any], *, reasons: Mapping[str, str]
) -> list[dict[str, Any]]:
    """Every departure of the content from the plan's findings, each with a reason on hand.

    Raises OverrideRefused for a departure no reason may cover, and ReasonRequired for one
    whose technique has no written reason.
    """
    intake = parse_intake(plan.intake.document)
    practitioner = parse_practitioner(plan.practitioner_document)
    ruled_out = {
        entry.technique
        for entry in plan.drafted.excluded
        if entry.finding.startswith(CLINIC_RULE_PREFIX)
    }
    found: list[dict[str, Any]] = []
    for item in Plan.from_json(content).techniques:
        technique = item.technique
        if technique in ruled_out:
            raise OverrideRefused(
                f"{label('technique', technique)}: the clinic's credential rules do not allow it."
            )
        departures = review_technique(
            intake,
            practitioner,
            technique=technique,
            regions=list(item.regions),
            pressure=item.max_pressure,
        )
        worded = [{**d.to_json(), "message": departure(d.to_json())} for d in departures]
        refused = [d["message"] for d in worded if not d["overridable"]]
        if refused:
            raise OverrideRefused(" ".join(refused) + " This rule cannot be overridden.")
        if worded and not reasons.get(technique):
            raise ReasonRequired(technique, [d["message"] for d in worded])
        found += worded
    return found
