"""JSON API of visits: `clients/{id}/visits`, `visits/{id}`, `visits/{id}/sign`,
`visits/{id}/addenda`, with `visits/{id}/feedback` and `visits/{id}/adverse-events`."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import Router, Status

from medmassage.accounts import policy
from medmassage.clients.queries import get_client
from medmassage.problems import DOMAIN_ERRORS, ApiProblem
from medmassage.visits import queries, services
from medmassage.visits.note import read_note
from medmassage.visits.presenters import visit_out, visit_summary
from medmassage.visits.schemas import (
    AddendumIn,
    AddendumOut,
    AdverseEventIn,
    CheckInIn,
    FeedbackIn,
    NoteIn,
    VisitOut,
    VisitSummaryOut,
)

router = Router(tags=["visits"])


def _run(action: Any, **kwargs: Any) -> Any:
    try:
        return action(**kwargs)
    except DOMAIN_ERRORS as error:
        raise ApiProblem(error) from error


def _visit(request: HttpRequest, visit_id: int, action: str) -> Any:
    policy.require(request.membership, action)  # type: ignore[attr-defined]
    return queries.get_visit(request.clinic, visit_id)  # type: ignore[attr-defined]


@router.get("/clients/{client_id}/visits", response=list[VisitSummaryOut])
def list_visits(request: HttpRequest, client_id: int) -> Any:
    """The client's visits, newest first."""
    policy.require(request.membership, "visits.view")  # type: ignore[attr-defined]
    client = get_client(request.clinic, client_id)  # type: ignore[attr-defined]
    return [visit_summary(v) for v in queries.list_visits(request.clinic, client)]  # type: ignore[attr-defined]


@router.post("/clients/{client_id}/visits", response={201: VisitOut})
def start_visit(request: HttpRequest, client_id: int, payload: CheckInIn) -> Any:
    """Check in and open a note pre-filled from the plan; a new red flag stops the visit."""
    policy.require(request.membership, "visits.document")  # type: ignore[attr-defined]
    client = get_client(request.clinic, client_id)  # type: ignore[attr-defined]
    answers = payload.dict(exclude_defaults=True)
    visit = _run(
        services.start_visit,
        client=client,
        membership=request.membership,  # type: ignore[attr-defined]
        answers=answers,
        request=request,
    )
    return Status(201, visit_out(visit))


@router.get("/visits/{visit_id}", response=VisitOut)
def get_visit(request: HttpRequest, visit_id: int) -> Any:
    """One visit note with its treatment, feedback, overrides, billing and addenda."""
    visit = _visit(request, visit_id, "visits.view")
    services.record_visit_viewed(visit=visit, membership=request.membership, request=request)  # type: ignore[attr-defined]
    return visit_out(visit)


@router.patch("/visits/{visit_id}", response=VisitOut)
def save_note(request: HttpRequest, visit_id: int, payload: NoteIn) -> Any:
    """Save the draft note; treatment against a finding or cap needs `reasons[technique]`."""
    visit = _visit(request, visit_id, "visits.document")
    changes = _run(read_note, data=payload.dict(exclude_unset=True))
    membership = request.membership  # type: ignore[attr-defined]
    visit = _run(
        services.save_note, visit=visit, membership=membership, changes=changes, request=request
    )
    return visit_out(visit)


@router.post("/visits/{visit_id}/feedback", response={201: VisitOut})
def add_feedback(request: HttpRequest, visit_id: int, payload: FeedbackIn) -> Any:
    """Add the next in-session feedback row and what was changed."""
    visit = _visit(request, visit_id, "visits.document")
    membership = request.membership  # type: ignore[attr-defined]
    _run(
        services.add_feedback,
        visit=visit,
        membership=membership,
        feedback=payload.dict(),
        request=request,
    )
    return Status(201, visit_out(visit))


@router.post("/visits/{visit_id}/adverse-events", response={201: VisitOut})
def record_adverse_event(request: HttpRequest, visit_id: int, payload: AdverseEventIn) -> Any:
    """Record an adverse event after the visit; it lowers the next visit's cap until reviewed."""
    visit = _visit(request, visit_id, "visits.document")
    membership = request.membership  # type: ignore[attr-defined]
    _run(
        services.record_adverse_event,
        visit=visit,
        membership=membership,
        event=payload.dict(),
        request=request,
    )
    return Status(201, visit_out(visit))


@router.post("/visits/{visit_id}/sign", response=VisitOut)
def sign_visit(request: HttpRequest, visit_id: int) -> Any:
    """Sign the note: locked from now on, corrections only as addenda."""
    visit = _visit(request, visit_id, "visits.sign")
    membership = request.membership  # type: ignore[attr-defined]
    return visit_out(_run(services.sign_visit, visit=visit, membership=membership, request=request))


@router.get("/visits/{visit_id}/addenda", response=list[AddendumOut])
def list_addenda(request: HttpRequest, visit_id: int) -> Any:
    """The addenda of a note, oldest first."""
    return visit_out(_visit(request, visit_id, "visits.view"))["addenda"]


@router.post("/visits/{visit_id}/addenda", response={201: AddendumOut})
def add_addendum(request: HttpRequest, visit_id: int, payload: AddendumIn) -> Any:
    """Add a correction or late entry to a signed note, with its reason."""
    visit = _visit(request, visit_id, "visits.document")
    membership = request.membership  # type: ignore[attr-defined]
    addendum = _run(
        services.add_addendum,
        visit=visit,
        membership=membership,
        reason=payload.reason,
        text=payload.text,
        request=request,
    )
    return Status(
        201,
        {
            "id": addendum.pk,
            "author": membership.user.full_name,
            "created_at": addendum.created_at,
            "reason": addendum.reason,
            "text": addendum.text,
        },
    )


@router.post("/adverse-events/{adverse_event_id}/review", response=VisitOut)
def review_adverse_event(request: HttpRequest, adverse_event_id: int) -> Any:
    """Mark an adverse event reviewed: later visits get the plan's own pressure cap again."""
    policy.require(request.membership, "visits.document")  # type: ignore[attr-defined]
    event = queries.get_adverse_event(request.clinic, adverse_event_id)  # type: ignore[attr-defined]
    membership = request.membership  # type: ignore[attr-defined]
    services.review_adverse_event(event=event, membership=membership, request=request)
    return visit_out(queries.get_visit(request.clinic, event.visit_id))  # type: ignore[attr-defined]
