"""JSON API of intakes (paths under /api/v1/, see DESIGN.md): adapters over the services."""

from __future__ import annotations

import json
from typing import Any

from ninja import Router, Status

from medmassage.accounts import policy
from medmassage.accounts.access import ClinicRequest
from medmassage.audit.services import record_read
from medmassage.clients.access import client_for
from medmassage.intake import queries, services
from medmassage.intake.models import Intake
from medmassage.intake.schemas import (
    IntakeOut,
    IntakeVersionOut,
    PromptAnswersIn,
    intake_document_schema,
)
from medmassage.problems import invalid

router = Router(tags=["intake"])

_DOCUMENT_BODY = {
    "requestBody": {
        "required": True,
        "content": {"application/json": {"schema": intake_document_schema()}},
    }
}


def _document(request: ClinicRequest) -> Any:
    try:
        return json.loads(request.body)
    except (ValueError, UnicodeDecodeError) as error:
        raise invalid("document", f"The body is not valid JSON: {error}") from None


@router.get(
    "/clients/{client_id}/intakes",
    response=list[IntakeVersionOut],
    summary="A client's intake versions, newest first",
)
def list_intakes(request: ClinicRequest, client_id: int) -> list[dict[str, Any]]:
    """Every intake version of the client with its screening decision. The read is audited."""
    client = client_for(request, client_id, "intake.view")
    record_read("intake.intake_list.viewed", by=request.actor, subject=client)
    return [version_out(intake) for intake in queries.list_intakes(client.clinic_id, client)]


@router.post(
    "/clients/{client_id}/intakes",
    response={201: IntakeOut},
    summary="Record an intake: it is screened and stored as the next version",
    openapi_extra=_DOCUMENT_BODY,
)
def record_intake(request: ClinicRequest, client_id: int) -> Status[dict[str, Any]]:
    """Body: the intake document. 422 names the field's JSON path and nothing is saved."""
    client = client_for(request, client_id, "intake.record")
    intake = services.record_intake(client=client, by=request.actor, document=_document(request))
    return Status(201, intake_out(intake))


@router.get("/intakes/{intake_id}", response=IntakeOut, summary="One intake with its screening")
def get_intake(request: ClinicRequest, intake_id: int) -> dict[str, Any]:
    """The stored intake document and its screening. The read is audited."""
    policy.require(request.membership, "intake.view")
    intake = queries.get_intake(request.membership.clinic_id, intake_id)
    record_read(
        "intake.intake.viewed",
        by=request.actor,
        subject=intake,
        details={"version": intake.version, "section": "intake"},
    )
    return intake_out(intake)


@router.post(
    "/intakes/{intake_id}/prompt-answers",
    response={201: IntakeOut},
    summary="Answer the intake's free-text prompts: a new version, screened again",
)
def answer_prompts(
    request: ClinicRequest, intake_id: int, payload: PromptAnswersIn
) -> Status[dict[str, Any]]:
    """Each answer names a prompt of the intake (target and field); 422 names a wrong one."""
    policy.require(request.membership, "intake.record")
    intake = queries.get_intake(request.clinic, intake_id)
    answers = [item.model_dump() for item in payload.answers]
    answered = services.answer_prompts(intake=intake, by=request.actor, answers=answers)
    return Status(201, intake_out(answered))


def version_out(intake: Intake) -> dict[str, Any]:
    """An intake version in brief."""
    return {
        "id": intake.pk,
        "client_id": intake.client_id,
        "version": intake.version,
        "visit_date": intake.visit_date,
        "recorded_at": intake.recorded_at,
        "recorded_by": None
        if intake.recorded_by is None
        else {
            "membership_id": intake.recorded_by_id,
            "name": intake.recorded_by.user.full_name,
        },
        "source": intake.source,
        "decision": intake.decision,
    }


def intake_out(intake: Intake) -> dict[str, Any]:
    """An intake with its document and screening."""
    return {**version_out(intake), "document": intake.document, "screening": intake.screening}
