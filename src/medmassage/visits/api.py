"""JSON API of visits: `clients/{id}/visits`, `visits/{id}`, `visits/{id}/sign`,
`visits/{id}/addenda`, with `visits/{id}/feedback` and `visits/{id}/adverse-events`."""

from __future__ import annotations

from typing import Any

from django.http import HttpResponse
from ninja import Router, Status

from medmassage.accounts import policy
from medmassage.accounts.access import ClinicRequest
from medmassage.audit.integrity import HEADER
from medmassage.audit.services import record_read
from medmassage.clients.access import client_for
from medmassage.visits import queries, services
from medmassage.visits.models import Visit
from medmassage.visits.note import read_note
from medmassage.visits.presenters import visit_out, visit_summary
from medmassage.visits.schemas import (
    AddendumIn,
    AddendumOut,
    AdverseEventIn,
    AdverseEventReviewIn,
    CheckInIn,
    FeedbackIn,
    NoteIn,
    VisitOut,
    VisitSummaryOut,
)
from medmassage.visits.sealing import check_note

router = Router(tags=["visits"])


def _visit(request: ClinicRequest, visit_id: int, action: str) -> Visit:
    policy.require(request.membership, action)
    return queries.get_visit(request.clinic, visit_id)


@router.get("/clients/{client_id}/visits", response=list[VisitSummaryOut])
def list_visits(request: ClinicRequest, client_id: int) -> Any:
    """The client's visits, newest first."""
    client = client_for(request, client_id, "visits.view")
    record_read("visits.visit_list.viewed", by=request.actor, subject=client)
    return [visit_summary(v) for v in queries.list_visits(request.clinic, client)]


@router.post("/clients/{client_id}/visits", response={201: VisitOut})
def start_visit(request: ClinicRequest, client_id: int, payload: CheckInIn) -> Any:
    """Check in and open a note pre-filled from the plan; a new red flag stops the visit."""
    client = client_for(request, client_id, "visits.document")
    answers = payload.dict(exclude_defaults=True)
    visit = services.start_visit(client=client, by=request.actor, answers=answers)
    return Status(201, visit_out(visit))


@router.get("/visits/{visit_id}", response=VisitOut)
def get_visit(request: ClinicRequest, response: HttpResponse, visit_id: int) -> Any:
    """One visit note with its treatment, feedback, overrides, billing and addenda."""
    visit = _visit(request, visit_id, "visits.view")
    record_read(
        "visits.visit.viewed", by=request.actor, subject=visit, details={"status": visit.status}
    )
    integrity = check_note(visit, by=request.actor)
    if not integrity.ok:
        response[HEADER] = "mismatch"
    return {**visit_out(visit), "integrity": integrity.as_json()}


@router.patch("/visits/{visit_id}", response=VisitOut)
def save_note(request: ClinicRequest, visit_id: int, payload: NoteIn) -> Any:
    """Save the draft note; treatment against a finding or cap needs `reasons[technique]`."""
    visit = _visit(request, visit_id, "visits.document")
    changes = read_note(payload.dict(exclude_unset=True))
    return visit_out(services.save_note(visit=visit, by=request.actor, changes=changes))


@router.post("/visits/{visit_id}/feedback", response={201: VisitOut})
def add_feedback(request: ClinicRequest, visit_id: int, payload: FeedbackIn) -> Any:
    """Add the next in-session feedback row and what was changed."""
    visit = _visit(request, visit_id, "visits.document")
    services.add_feedback(visit=visit, by=request.actor, feedback=payload.dict())
    return Status(201, visit_out(visit))


@router.post("/visits/{visit_id}/adverse-events", response={201: VisitOut})
def record_adverse_event(request: ClinicRequest, visit_id: int, payload: AdverseEventIn) -> Any:
    """Record an adverse event after the visit; it lowers the next visit's cap until reviewed."""
    visit = _visit(request, visit_id, "visits.document")
    services.record_adverse_event(visit=visit, by=request.actor, event=payload.dict())
    return Status(201, visit_out(visit))


@router.post("/visits/{visit_id}/sign", response=VisitOut)
def sign_visit(request: ClinicRequest, visit_id: int) -> Any:
    """Sign the note: locked from now on, corrections only as addenda."""
    visit = _visit(request, visit_id, "visits.sign")
    return visit_out(services.sign_visit(visit=visit, by=request.actor))


@router.get("/visits/{visit_id}/addenda", response=list[AddendumOut])
def list_addenda(request: ClinicRequest, response: HttpResponse, visit_id: int) -> Any:
    """The addenda of a note, oldest first (header X-MedMassage-Integrity on a broken seal)."""
    visit = _visit(request, visit_id, "visits.view")
    record_read("visits.addenda.viewed", by=request.actor, subject=visit)
    if not check_note(visit, by=request.actor).ok:
        response[HEADER] = "mismatch"
    return visit_out(visit)["addenda"]


@router.post("/visits/{visit_id}/addenda", response={201: AddendumOut})
def add_addendum(request: ClinicRequest, visit_id: int, payload: AddendumIn) -> Any:
    """Add a correction or late entry to a signed note, with its reason."""
    visit = _visit(request, visit_id, "visits.document")
    addendum = services.add_addendum(
        visit=visit, by=request.actor, reason=payload.reason, text=payload.text
    )
    return Status(
        201,
        {
            "id": addendum.pk,
            "author": request.user.full_name,
            "created_at": addendum.created_at,
            "reason": addendum.reason,
            "text": addendum.text,
        },
    )


@router.post("/adverse-events/{adverse_event_id}/review", response=VisitOut)
def review_adverse_event(
    request: ClinicRequest, adverse_event_id: int, payload: AdverseEventReviewIn
) -> Any:
    """Review an adverse event with a note of what was found and decided (required): later
    visits get the plan's own pressure cap again."""
    policy.require(request.membership, "visits.document")
    event = queries.get_adverse_event(request.clinic, adverse_event_id)
    services.review_adverse_event(event=event, by=request.actor, note=payload.note)
    return visit_out(queries.get_visit(request.clinic, event.visit_id))
