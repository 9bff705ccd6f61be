"""What can go wrong in the referral loop, in words a therapist can act on."""

from __future__ import annotations

from medmassage.problems import DomainError


class NotEditable(DomainError):
    """Signed letters and reports never change."""


class WrongStep(DomainError):
    """The action does not fit where the referral or report stands (e.g. send before sign)."""
