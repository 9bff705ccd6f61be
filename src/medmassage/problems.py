"""Domain errors, mapped in one place to a message, an HTTP status and field-by-field errors.

Services raise `DomainError` subclasses (or Django's ValidationError, or `LicenceExpired`);
pages show `problem_message`, the API raises `ApiProblem`. Anything else is a bug and is not
caught.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from ninja.errors import HttpError

from medmassage.practitioners.status import LicenceExpired


class DomainError(Exception):
    """An action that cannot be done as asked; the message says why and what to do."""

    status_code = 409


DOMAIN_ERRORS = (DomainError, ValidationError, LicenceExpired)


def problem_message(error: Exception) -> str:
    """What went wrong, in words that name the field or the rule."""
    if isinstance(error, ValidationError):
        if hasattr(error, "error_dict"):
            return "; ".join(
                f"{field}: {' '.join(messages)}" for field, messages in error.message_dict.items()
            )
        return " ".join(error.messages)
    if isinstance(error, LicenceExpired):
        return f"Blocked by the practitioner's licence: {error.reason}"
    return str(error)


def problem_status(error: Exception) -> int:
    """The HTTP status for an API response."""
    if isinstance(error, DomainError):
        return error.status_code
    if isinstance(error, LicenceExpired):
        return 403
    return 422


def problem_errors(error: Exception) -> dict[str, list[str]] | None:
    """Field-by-field messages, when the error has them."""
    if isinstance(error, ValidationError) and hasattr(error, "error_dict"):
        return error.message_dict
    return None


class ApiProblem(HttpError):
    """A refused action as an API error, with field errors when there are any."""

    def __init__(self, error: Exception) -> None:
        super().__init__(problem_status(error), problem_message(error))
        self.errors = problem_errors(error)
