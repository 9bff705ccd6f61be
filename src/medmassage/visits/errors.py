"""What can go wrong with a visit note, in words a therapist can act on."""

from __future__ import annotations

from typing import Any

from medmassage.problems import DomainError
from medmassage.words.vocabulary import label


class VisitError(DomainError):
    """A visit action that cannot be done as asked; the message says why and what to do."""


class PlanRequired(VisitError):
    """Visits are documented against the approved plan."""


class VisitLocked(VisitError):
    """A signed note never changes; corrections are addenda."""


class VisitStopped(VisitError):
    """Today's check-in stopped treatment: the visit cannot be documented."""


class NotYourNote(VisitError):
    """Only the therapist who saw the client documents and signs the note."""

    status_code = 403


class AddendumNeedsSignedNote(VisitError):
    """A draft is simply edited; addenda are for signed notes."""


class OverrideRefused(VisitError):
    """Treatment against a rule that no reason may override (red flag, scope, credential)."""

    status_code = 422


class ReasonRequired(VisitError):
    """Treatment against a finding or cap needs a written reason (`reasons[technique]`)."""

    status_code = 422

    def __init__(self, technique: str, messages: list[str]) -> None:
        super().__init__(
            f"{label('technique', technique)}: write the reason for going against the findings "
            "in its row's reason: " + " ".join(messages)
        )
        self.technique = technique

    def api_extra(self) -> dict[str, Any]:
        """The field to answer, as the API names it."""
        return {"field": f"reasons.{self.technique}"}


class AdverseEventReviewed(VisitError):
    """An adverse event is reviewed once; its review note stays as written."""
