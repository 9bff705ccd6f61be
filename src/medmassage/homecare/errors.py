"""What can go wrong with a home program, in words a therapist can act on."""

from __future__ import annotations

from medmassage.problems import DomainError


class HomeCareError(DomainError):
    """A home-care action that cannot be done as asked; the message says why and what to do."""


class ApprovedPlanRequired(HomeCareError):
    """A home program starts from an approved plan; there is none in force."""
