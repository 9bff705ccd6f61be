"""What a signed note and an addendum are, for their seals (see audit/seals.py)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from medmassage.accounts.actors import Actor
from medmassage.audit.integrity import Integrity, gathered
from medmassage.audit.seals import SealedKind, check_seals, register, seal
from medmassage.visits.models import (
    Addendum,
    FeedbackEvent,
    SafetyOverride,
    TreatmentGiven,
    Visit,
    VisitStatus,
)

NOTE_FIELDS = (
    "client_id",
    "plan_id",
    "therapist_id",
    "started_at",
    "entered_at",
    "check_in",
    "check_in_document",
    "screening",
    "decision",
    "referral",
    "pressure_cap",
    "pressure_cap_reason",
    "pain_today",
    "changes_since_last",
    "home_care_adherence",
    "objective",
    "assessment",
    "plan_notes",
    "pain_measurement_id",
    "billing",
    "signed_at",
    "signed_by_id",
)
TREATMENT_FIELDS = ("position", "technique", "region", "side", "minutes", "pressure", "cpt")
FEEDBACK_FIELDS = ("sequence", "kind", "region", "adjustment", "note", "recorded_at")
OVERRIDE_FIELDS = ("kind", "technique", "finding", "departure", "reason")
ADDENDUM_FIELDS = ("visit_id", "author_id", "created_at", "reason", "text")


def _rows(rows: Iterable[Any], fields: tuple[str, ...]) -> list[dict[str, Any]]:
    return [{name: getattr(row, name) for name in fields} for row in rows]


def note_content(
    visit: Any, *, treatments: Iterable[Any], feedback: Iterable[Any], overrides: Iterable[Any]
) -> dict[str, Any]:
    """A signed note as sealed: its fields and its rows (given in their stored order)."""
    return {
        **{name: getattr(visit, name) for name in NOTE_FIELDS},
        "treatments": _rows(treatments, TREATMENT_FIELDS),
        "feedback": _rows(feedback, FEEDBACK_FIELDS),
        "overrides": _rows(overrides, OVERRIDE_FIELDS),
    }


def stored_note_content(visit: Visit, *, fresh: bool = True) -> dict[str, Any]:
    """The note's content as the database holds it (the row read again unless just read)."""
    stored = Visit.unscoped_objects.get(pk=visit.pk) if fresh else visit
    return note_content(
        stored,
        treatments=TreatmentGiven.unscoped_objects.filter(visit_id=visit.pk).order_by("position"),
        feedback=FeedbackEvent.unscoped_objects.filter(visit_id=visit.pk).order_by("sequence"),
        overrides=SafetyOverride.unscoped_objects.filter(visit_id=visit.pk).order_by("id"),
    )


def addendum_content(addendum: Any) -> dict[str, Any]:
    return {name: getattr(addendum, name) for name in ADDENDUM_FIELDS}


def seal_note(visit: Visit) -> None:
    """Seal a note in the transaction that signs it."""
    seal(visit, stored_note_content(visit))


def seal_addendum(addendum: Addendum) -> None:
    seal(addendum, addendum_content(Addendum.unscoped_objects.get(pk=addendum.pk)))


def check_note(visit: Visit, *, by: Actor | None) -> Integrity:
    """A signed note and its addenda against their seals, as they are read (drafts: nothing)."""
    if visit.status != VisitStatus.SIGNED:
        return Integrity()
    records: list[tuple[Any, object]] = [(visit, stored_note_content(visit, fresh=False))]
    records += [
        (addendum, addendum_content(addendum))
        for addendum in Addendum.unscoped_objects.filter(visit_id=visit.pk).order_by("id")
    ]
    return gathered(check_seals(records, by=by))


def register_sealed_kinds() -> None:
    register(
        SealedKind(
            "visits.visit",
            lambda: Visit.unscoped_objects.filter(status=VisitStatus.SIGNED).order_by("id"),
            stored_note_content,
        )
    )
    register(
        SealedKind(
            "visits.addendum", lambda: Addendum.unscoped_objects.order_by("id"), addendum_content
        )
    )
