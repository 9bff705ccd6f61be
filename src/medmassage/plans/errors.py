"""What can go wrong with a plan, in words a therapist can act on."""

from __future__ import annotations

from typing import Any

from medmassage.problems import DomainError
from medmassage.words.vocabulary import label


class PlanError(DomainError):
    """A plan action that cannot be done as asked; the message says why and what to do."""


class IntakeRequired(PlanError):
    """No intake on file to plan from."""


class PractitionerProfileRequired(PlanError):
    """The user has no practitioner profile in this clinic."""


class PlanNotEditable(PlanError):
    """Only drafts change; approved plans are revised into a new version."""


class OverrideRefused(PlanError):
    """The change goes against a rule that may not be overridden (red flag, scope, credential)."""

    status_code = 422


class ReasonRequired(PlanError):
    """The change goes against the draft and needs a written reason."""

    status_code = 422

    def __init__(self, technique: str, messages: list[str]) -> None:
        super().__init__(
            f"{label('technique', technique)}: a written reason is needed to go against the "
            "draft: " + " ".join(messages)
        )
        self.technique = technique

    def api_extra(self) -> dict[str, Any]:
        """The field to answer, as the API names it."""
        return {"field": f"reasons.{self.technique}"}


class NotTreatingTherapist(DomainError):
    """Approving a plan is the treating therapist's, or the owner's."""

    status_code = 403
