"""Domain errors of visits, mapped in one place to a message and an HTTP status."""

from __future__ import annotations

from django.core.exceptions import ValidationError

from medmassage.plans.errors import PlanError
from medmassage.practitioners.status import LicenceExpired
from medmassage.visits.errors import VisitError

# Everything a visit action may refuse with; anything else is a bug and is not caught.
DOMAIN_ERRORS = (VisitError, PlanError, ValidationError, LicenceExpired)


def problem_message(error: Exception) -> str:
    """What went wrong, in words that name the field or the rule."""
    if isinstance(error, ValidationError):
        if hasattr(error, "error_dict"):
            return "; ".join(
                f"{field}: {' '.join(messages)}" for field, messages in error.message_dict.items()
            )
        return " ".join(error.messages)
    if isinstance(error, LicenceExpired):
        return f"Documenting is blocked: {error.reason}"
    return str(error)


def problem_status(error: Exception) -> int:
    """The HTTP status for an API response."""
    if isinstance(error, VisitError | PlanError):
        return error.status_code
    if isinstance(error, LicenceExpired):
        return 403
    return 422


def problem_errors(error: Exception) -> dict[str, list[str]] | None:
    """Field-by-field messages, when the error has them."""
    if isinstance(error, ValidationError) and hasattr(error, "error_dict"):
        return error.message_dict
    return None
