"""JSON API of the homecare app (paths under /api/v1/, see ../shared/DESIGN.md)."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import Router, Status
from ninja.errors import HttpError

from medmassage.accounts import policy
from medmassage.accounts.models import Membership
from medmassage.clients.models import Client
from medmassage.clients.queries import get_client
from medmassage.homecare import discharge, queries, services
from medmassage.homecare.errors import HomeCareError
from medmassage.homecare.models import DischargeSummary, HomeProgram
from medmassage.homecare.schemas import (
    CloseIn,
    DischargeOut,
    HomeProgramChangesIn,
    HomeProgramOut,
)
from medmassage.plans.queries import get_plan
from medmassage.problems import ApiProblem

router = Router(tags=["homecare"])


def _membership(request: HttpRequest) -> Membership:
    return request.membership  # type: ignore[attr-defined, no-any-return]


def _client(request: HttpRequest, client_id: int, action: str) -> Client:
    policy.require(_membership(request), action)
    return get_client(_membership(request).clinic_id, client_id)


@router.get("/clients/{client_id}/home-program", response=HomeProgramOut)
def get_home_program(request: HttpRequest, client_id: int) -> Any:
    """The program in force (its latest version); 409 before one is started. Audited."""
    client = _client(request, client_id, "homecare.view")
    current = queries.get_current_program(client.clinic_id, client)
    if current is None:
        raise HttpError(409, "No home program yet: PUT to start it from the approved plan.")
    services.record_program_viewed(client=client, membership=_membership(request), request=request)
    return program_out(current)


@router.put("/clients/{client_id}/home-program", response=HomeProgramOut)
def update_home_program(request: HttpRequest, client_id: int, payload: HomeProgramChangesIn) -> Any:
    """Add or drop library exercises and change doses; 422 names the field, nothing is saved."""
    client = _client(request, client_id, "homecare.edit")
    changes = services.ProgramChanges(**payload.model_dump())
    try:
        program = services.update_home_program(
            client=client, membership=_membership(request), changes=changes, request=request
        )
    except HomeCareError as error:
        raise ApiProblem(error) from error
    return program_out(program)


@router.get("/clients/{client_id}/home-program/history", response=list[HomeProgramOut])
def home_program_history(request: HttpRequest, client_id: int) -> Any:
    """Every version of the program, newest first. Audited."""
    client = _client(request, client_id, "homecare.view")
    services.record_program_viewed(
        client=client, membership=_membership(request), request=request, what="history"
    )
    return [program_out(p) for p in queries.list_program_versions(client.clinic_id, client)]


def program_out(program: HomeProgram) -> dict[str, Any]:
    """The API shape of one program version."""
    return {
        "id": program.pk,
        "client_id": program.client_id,
        "plan_id": program.plan_id,
        "version": program.version,
        "items": program.items,
        "changed_by": {
            "membership_id": program.changed_by_id,
            "name": program.changed_by.user.full_name,
        },
        "changed_at": program.changed_at,
        "reason": program.reason,
    }


@router.post("/plans/{plan_id}/close", response={201: DischargeOut})
def close_plan(request: HttpRequest, plan_id: int, payload: CloseIn) -> Any:
    """Close the approved plan (goals met, plateau, referral, client's choice): the summary."""
    policy.require(_membership(request), "plans.close")
    plan = get_plan(_membership(request).clinic_id, plan_id)
    try:
        summary = discharge.close_plan(
            plan=plan, membership=_membership(request), request=request, **payload.model_dump()
        )
    except HomeCareError as error:
        raise ApiProblem(error) from error
    return Status(201, discharge_out(summary))


@router.get("/plans/{plan_id}/discharge", response=DischargeOut)
def get_discharge(request: HttpRequest, plan_id: int) -> Any:
    """The discharge summary of a closed plan; 409 while the plan is not closed."""
    policy.require(_membership(request), "plans.view")
    plan = get_plan(_membership(request).clinic_id, plan_id)
    summary = queries.get_discharge(plan.clinic_id, plan)
    if summary is None:
        raise HttpError(409, "This plan is not closed: there is no discharge summary yet.")
    discharge.record_discharge_viewed(plan=plan, membership=_membership(request), request=request)
    return discharge_out(summary)


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
