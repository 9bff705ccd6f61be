"""JSON API of FHIR imports (v1): stage a Bundle, read its problems, confirm the client.

The drafted intake is then recorded with the intake endpoint (`clients/{id}/intakes`), with the
document this API returns as `draft_intake`, after the therapist has checked it.
"""

from __future__ import annotations

from typing import Any

from django.shortcuts import get_object_or_404
from ninja import Body, Router, Schema, Status

from medmassage.accounts import policy
from medmassage.accounts.access import ClinicRequest
from medmassage.audit.services import record_read
from medmassage.fhir import imports
from medmassage.fhir.models import StagedImport
from medmassage.inputs import StrictInput

router = Router(tags=["fhir imports"])


class ProblemOut(Schema):
    path: str
    message: str
    blocking: bool


class ImportOut(Schema):
    id: int
    status: str
    client_id: int | None
    proposed_client: dict[str, Any]
    proposed_referral: dict[str, Any]
    draft_intake: dict[str, Any]
    matches: list[dict[str, Any]]
    problems: list[ProblemOut]


class ConfirmIn(StrictInput):
    client_id: int | None = None


def import_out(staged: StagedImport) -> dict[str, Any]:
    return {
        "id": staged.pk,
        "status": staged.status,
        "client_id": staged.client_id,
        "proposed_client": staged.proposed_client,
        "proposed_referral": staged.proposed_referral,
        "draft_intake": staged.draft_intake,
        "matches": staged.matches,
        "problems": staged.problems,
    }


def _staged(request: ClinicRequest, staged_import_id: int) -> StagedImport:
    policy.require(request.membership, "fhir.import")
    return get_object_or_404(StagedImport.objects.for_clinic(request.clinic), pk=staged_import_id)


@router.post("/fhir-imports", response={201: ImportOut})
def stage_import(request: ClinicRequest, bundle: Body[dict[str, Any]]) -> Any:
    """Read a FHIR Bundle: what it would become and every mapping problem (nothing is kept on
    a client yet)."""
    policy.require(request.membership, "fhir.import")
    staged = imports.stage_import(by=request.actor, bundle=bundle)
    return Status(201, import_out(staged))


@router.get("/fhir-imports/{staged_import_id}", response=ImportOut)
def get_import(request: ClinicRequest, staged_import_id: int) -> Any:
    """A staged import with its problems."""
    staged = _staged(request, staged_import_id)
    record_read("fhir.import.viewed", by=request.actor, subject=staged, client=staged.client_id)
    return import_out(staged)


@router.post("/fhir-imports/{staged_import_id}/confirm", response=ImportOut)
def confirm_import(request: ClinicRequest, staged_import_id: int, payload: ConfirmIn) -> Any:
    """Confirm who the client is (`client_id`, or null for a new client from the Patient)."""
    staged = _staged(request, staged_import_id)
    imports.confirm_import(by=request.actor, staged=staged, client_id=payload.client_id)
    staged.refresh_from_db()
    return import_out(staged)
