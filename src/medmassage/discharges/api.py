"""JSON API of discharges: `plans/{id}/close` and `plans/{id}/discharge`."""

from __future__ import annotations

from typing import Any

from django.http import HttpResponse
from ninja import Router, Status
from ninja.errors import HttpError

from medmassage.accounts import policy
from medmassage.accounts.access import ClinicRequest
from medmassage.audit.integrity import HEADER
from medmassage.audit.services import record_read
from medmassage.discharges import queries, services
from medmassage.discharges.models import DischargeSummary
from medmassage.discharges.schemas import CloseIn, DischargeOut
from medmassage.discharges.sealing import check_summary
from medmassage.plans.queries import get_plan

router = Router(tags=["discharges"])


@router.post("/plans/{plan_id}/close", response={201: DischargeOut})
def close_plan(request: ClinicRequest, plan_id: int, payload: CloseIn) -> Any:
    """Close the approved plan (goals met, plateau, referral, client's choice): the summary."""
    policy.require(request.membership, "plans.close")
    plan = get_plan(request.clinic, plan_id)
    summary = services.close_plan(plan=plan, by=request.actor, **payload.model_dump())
    return Status(201, discharge_out(summary))


@router.get("/plans/{plan_id}/discharge", response=DischargeOut)
def get_discharge(request: ClinicRequest, response: HttpResponse, plan_id: int) -> Any:
    """The discharge summary of a closed plan; 409 while the plan is not closed."""
    policy.require(request.membership, "plans.view")
    plan = get_plan(request.clinic, plan_id)
    summary = queries.get_discharge(plan.clinic_id, plan)
    if summary is None:
        raise HttpError(409, "This plan is not closed: there is no discharge summary yet.")
    record_read("plans.discharge.viewed", by=request.actor, subject=plan)
    integrity = check_summary(summary, by=request.actor)
    if not integrity.ok:
        response[HEADER] = "mismatch"
    return {**discharge_out(summary), "integrity": integrity.as_json()}


def discharge_out(summary: DischargeSummary) -> dict[str, Any]:
    """The API shape of a discharge summary."""
    return {
        "id": summary.pk,
        "plan_id": summary.plan_id,
        "client_id": summary.client_id,
        "reason": summary.reason,
        "note": summary.note,
        "measures": summary.measures,
        "closed_by": {
            "membership_id": summary.closed_by_id,
            "name": summary.closed_by.user.full_name,
        },
        "closed_at": summary.closed_at,
    }
