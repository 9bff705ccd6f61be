"""JSON API of home programs: `clients/{id}/home-program` and its history."""

from __future__ import annotations

from typing import Any

from ninja import Router
from ninja.errors import HttpError

from medmassage.accounts.access import ClinicRequest
from medmassage.audit.services import record_read
from medmassage.clients.access import client_for
from medmassage.homecare import queries, services
from medmassage.homecare.models import HomeProgram
from medmassage.homecare.schemas import HomeProgramChangesIn, HomeProgramOut

router = Router(tags=["homecare"])


@router.get("/clients/{client_id}/home-program", response=HomeProgramOut)
def get_home_program(request: ClinicRequest, client_id: int) -> Any:
    """The program in force (its latest version); 409 before one is started. Audited."""
    client = client_for(request, client_id, "homecare.view")
    current = queries.get_current_program(client.clinic_id, client)
    if current is None:
        raise HttpError(409, "No home program yet: PUT to start it from the approved plan.")
    record_read("homecare.program.viewed", by=request.actor, client=client)
    return program_out(current)


@router.put("/clients/{client_id}/home-program", response=HomeProgramOut)
def update_home_program(
    request: ClinicRequest, client_id: int, payload: HomeProgramChangesIn
) -> Any:
    """Add or drop library exercises and change doses; 422 names the field, nothing is saved."""
    client = client_for(request, client_id, "homecare.edit")
    changes = services.ProgramChanges(**payload.model_dump())
    program = services.update_home_program(client=client, by=request.actor, changes=changes)
    return program_out(program)


@router.get("/clients/{client_id}/home-program/history", response=list[HomeProgramOut])
def home_program_history(request: ClinicRequest, client_id: int) -> Any:
    """Every version of the program, newest first. Audited."""
    client = client_for(request, client_id, "homecare.view")
    record_read("homecare.history.viewed", by=request.actor, client=client)
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
