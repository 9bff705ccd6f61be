"""JSON API for treatment plans: `clients/{id}/plans`, `plans/{id}`, `plans/{id}/approve`."""

from __future__ import annotations

from typing import Any

from django.http import HttpResponse
from ninja import Router, Status

from medmassage.accounts import policy
from medmassage.accounts.access import ClinicRequest
from medmassage.audit.integrity import HEADER
from medmassage.audit.services import record_read
from medmassage.clients.access import client_for
from medmassage.plans import queries, services
from medmassage.plans.changes import read_changes
from medmassage.plans.models import TreatmentPlan
from medmassage.plans.schemas import PlanChangesIn, PlanOut, PlanSummaryOut
from medmassage.plans.sealing import check_plan
from medmassage.words.vocabulary import departure

router = Router(tags=["plans"])


@router.get("/clients/{client_id}/plans", response=list[PlanSummaryOut])
def list_plans(request: ClinicRequest, client_id: int) -> Any:
    """The client's plan versions, newest first."""
    client = client_for(request, client_id, "plans.view")
    record_read("plans.plan_list.viewed", by=request.actor, subject=client)
    return list(queries.list_plans(request.clinic, client))


@router.post("/clients/{client_id}/plans", response={201: PlanOut})
def draft_plan(request: ClinicRequest, client_id: int) -> Any:
    """Draft a plan with the clinical core from the latest intake and your credentials."""
    client = client_for(request, client_id, "plans.draft")
    plan = services.draft_plan(client=client, by=request.actor)
    return Status(201, plan_out(plan))


@router.get("/plans/{plan_id}", response=PlanOut)
def get_plan(request: ClinicRequest, response: HttpResponse, plan_id: int) -> Any:
    """One plan version with its draft, content and overrides; `integrity` checks its seal."""
    policy.require(request.membership, "plans.view")
    plan = queries.get_plan(request.clinic, plan_id)
    record_read(
        "plans.plan.viewed", by=request.actor, subject=plan, details={"version": plan.version}
    )
    integrity = check_plan(plan, by=request.actor)
    if not integrity.ok:
        response[HEADER] = "mismatch"
    return {**plan_out(plan), "integrity": integrity.as_json()}


@router.patch("/plans/{plan_id}", response=PlanOut)
def edit_plan(request: ClinicRequest, plan_id: int, payload: PlanChangesIn) -> Any:
    """Edit a draft; a change against the draft needs `reasons[technique]`."""
    policy.require(request.membership, "plans.draft")
    plan = queries.get_plan(request.clinic, plan_id)
    changes = read_changes(payload.dict(exclude_unset=True))
    return plan_out(services.update_draft(plan=plan, by=request.actor, changes=changes))


@router.post("/plans/{plan_id}/approve", response=PlanOut)
def approve_plan(request: ClinicRequest, plan_id: int) -> Any:
    """Approve a draft; approved plans never change."""
    policy.require(request.membership, "plans.approve")
    plan = queries.get_plan(request.clinic, plan_id)
    return plan_out(services.approve_plan(plan=plan, by=request.actor))


@router.post("/plans/{plan_id}/revise", response={201: PlanOut})
def revise_plan(request: ClinicRequest, plan_id: int) -> Any:
    """Start a new draft version of an approved plan."""
    policy.require(request.membership, "plans.draft")
    plan = queries.get_plan(request.clinic, plan_id)
    revision = services.revise_plan(plan=plan, by=request.actor)
    return Status(201, plan_out(revision))


def plan_out(plan: TreatmentPlan) -> dict[str, Any]:
    """The API shape of a plan."""
    actions = {finding.code: finding.action for finding in plan.document.findings}
    return {
        "id": plan.pk,
        "client_id": plan.client_id,
        "version": plan.version,
        "status": plan.status,
        "decision": plan.decision,
        "previous_id": plan.previous_id,
        "intake_version": plan.intake.version,
        "created_at": plan.created_at,
        "approved_at": plan.approved_at,
        "content": plan.content,
        "draft": plan.draft,
        "overrides": [
            {
                **o.departure,
                "message": departure(o.departure, actions),
                "reason": o.reason,
                "created_at": o.created_at,
                "kind": o.kind,
            }
            for o in queries.list_overrides(plan)
        ],
    }
