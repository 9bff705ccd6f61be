"""JSON API for treatment plans: `clients/{id}/plans`, `plans/{id}`, `plans/{id}/approve`."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import Router, Status

from medmassage.accounts import policy
from medmassage.clients.queries import get_client
from medmassage.plans import queries, services
from medmassage.plans.changes import read_changes
from medmassage.plans.models import TreatmentPlan
from medmassage.plans.schemas import PlanChangesIn, PlanOut, PlanSummaryOut
from medmassage.problems import DOMAIN_ERRORS, ApiProblem

router = Router(tags=["plans"])


def _run(action: Any, **kwargs: Any) -> TreatmentPlan:
    try:
        return action(**kwargs)
    except DOMAIN_ERRORS as error:
        raise ApiProblem(error) from error


@router.get("/clients/{client_id}/plans", response=list[PlanSummaryOut])
def list_plans(request: HttpRequest, client_id: int) -> Any:
    """The client's plan versions, newest first."""
    policy.require(request.membership, "plans.view")  # type: ignore[attr-defined]
    client = get_client(request.clinic, client_id)  # type: ignore[attr-defined]
    return list(queries.list_plans(request.clinic, client))  # type: ignore[attr-defined]


@router.post("/clients/{client_id}/plans", response={201: PlanOut})
def draft_plan(request: HttpRequest, client_id: int) -> Any:
    """Draft a plan with the clinical core from the latest intake and your credentials."""
    policy.require(request.membership, "plans.draft")  # type: ignore[attr-defined]
    client = get_client(request.clinic, client_id)  # type: ignore[attr-defined]
    plan = _run(services.draft_plan, client=client, membership=request.membership, request=request)  # type: ignore[attr-defined]
    return Status(201, plan_out(plan))


@router.get("/plans/{plan_id}", response=PlanOut)
def get_plan(request: HttpRequest, plan_id: int) -> Any:
    """One plan version with its draft, content and overrides."""
    policy.require(request.membership, "plans.view")  # type: ignore[attr-defined]
    return plan_out(queries.get_plan(request.clinic, plan_id))  # type: ignore[attr-defined]


@router.patch("/plans/{plan_id}", response=PlanOut)
def edit_plan(request: HttpRequest, plan_id: int, payload: PlanChangesIn) -> Any:
    """Edit a draft; a change against the draft needs `reasons[technique]`."""
    policy.require(request.membership, "plans.draft")  # type: ignore[attr-defined]
    plan = queries.get_plan(request.clinic, plan_id)  # type: ignore[attr-defined]
    try:
        changes = read_changes(payload.dict(exclude_unset=True))
    except DOMAIN_ERRORS as error:
        raise ApiProblem(error) from error
    membership = request.membership  # type: ignore[attr-defined]
    plan = _run(
        services.update_draft, plan=plan, membership=membership, changes=changes, request=request
    )
    return plan_out(plan)


@router.post("/plans/{plan_id}/approve", response=PlanOut)
def approve_plan(request: HttpRequest, plan_id: int) -> Any:
    """Approve a draft; approved plans never change."""
    policy.require(request.membership, "plans.approve")  # type: ignore[attr-defined]
    plan = queries.get_plan(request.clinic, plan_id)  # type: ignore[attr-defined]
    membership = request.membership  # type: ignore[attr-defined]
    return plan_out(_run(services.approve_plan, plan=plan, membership=membership, request=request))


@router.post("/plans/{plan_id}/revise", response={201: PlanOut})
def revise_plan(request: HttpRequest, plan_id: int) -> Any:
    """Start a new draft version of an approved plan."""
    policy.require(request.membership, "plans.draft")  # type: ignore[attr-defined]
    plan = queries.get_plan(request.clinic, plan_id)  # type: ignore[attr-defined]
    membership = request.membership  # type: ignore[attr-defined]
    revision = _run(services.revise_plan, plan=plan, membership=membership, request=request)
    return Status(201, plan_out(revision))


def plan_out(plan: TreatmentPlan) -> dict[str, Any]:
    """The API shape of a plan."""
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
            {**o.departure, "reason": o.reason, "created_at": o.created_at, "kind": o.kind}
            for o in queries.list_overrides(plan)
        ],
    }
