"""What can go wrong with a discharge, in words a therapist can act on."""

from __future__ import annotations

from medmassage.problems import DomainError


class PlanNotClosable(DomainError):
    """Only the approved plan in force can be closed, and only once."""
