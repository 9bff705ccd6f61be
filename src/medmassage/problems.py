"""Domain errors, mapped in one place to a message, an HTTP status and field-by-field errors.

Services raise `DomainError` subclasses: a refused action (409 unless the subclass says
otherwise), or `InvalidInput` with the message of each field, collected by `FieldErrors`.
`InvalidInput` is also Django's `ValidationError`, so forms and model validation read it as their
own. The API answers with `problem_status` and `problem_errors` (one exception handler,
registered on the API). Pages that keep a form catch the error and show it on the form
(`ServiceErrorsMixin`); any other refusal reaches `RefusalMiddleware`, which shows
`problem_message` on the page the action came from. Anything else is a bug and is not caught.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from typing import Any, ClassVar

from django import forms
from django.contrib import messages as flash
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme

from medmassage.words.vocabulary import field_name


class DomainError(Exception):
    """An action that cannot be done as asked; the message says why and what to do."""

    status_code = 409

    def api_extra(self) -> dict[str, Any]:
        """More for the API's answer than the message (e.g. what to answer first)."""
        return {}


class InvalidInput(ValidationError, DomainError):
    """Input that breaks a rule, with the message of each field it names."""

    status_code = 422


class FieldErrors:
    """Collects what is wrong with each field, then raises them all at once."""

    def __init__(self) -> None:
        self._errors: dict[str, list[str]] = {}

    def add(self, field: str, *messages: str) -> None:
        """Note messages against a field (or `__all__`); none leaves the field clean."""
        if messages:
            self._errors.setdefault(field, []).extend(messages)

    def extend(self, errors: dict[str, list[str]] | Iterable[tuple[str, list[str]]]) -> None:
        """Take over the messages of another collection, field by field."""
        items = errors.items() if isinstance(errors, dict) else errors
        for field, messages in items:
            self.add(field, *messages)

    def check_text(self, field: str, text: object, limit: int) -> None:
        """Text, and no longer than the limit (never cut short in silence)."""
        if not isinstance(text, str):
            self.add(field, "expected text")
        elif len(text) > limit:
            self.add(field, f"at most {limit} characters (got {len(text)})")

    def check_choice(self, field: str, value: object, allowed: Sequence[str]) -> None:
        """One of the allowed values, the error listing them."""
        if value not in allowed:
            known = ", ".join(a for a in allowed if a) or "none"
            self.add(field, f"{value!r} is not one of: {known}")

    def any_under(self, prefix: str) -> bool:
        """Whether any field at or below the path (e.g. `techniques[2]`) has an error."""
        return any(field.startswith(prefix) for field in self._errors)

    def __bool__(self) -> bool:
        return bool(self._errors)

    def as_dict(self) -> dict[str, list[str]]:
        """The messages so far, by field."""
        return {field: list(messages) for field, messages in self._errors.items()}

    def raise_any(self) -> None:
        """Raise `InvalidInput` naming every field collected, if there is any."""
        if self._errors:
            raise InvalidInput(self.as_dict())


def invalid(field: str, message: str) -> InvalidInput:
    """One field's error, to raise: `raise invalid("reason", "is required")`."""
    return InvalidInput({field: [message]})


DOMAIN_ERRORS = (DomainError, ValidationError)


def problem_message(error: Exception) -> str:
    """What went wrong, in words that name the field or the rule."""
    if isinstance(error, ValidationError):
        if hasattr(error, "error_dict"):
            return "; ".join(
                _field_message(field, messages) for field, messages in error.message_dict.items()
            )
        return " ".join(error.messages)
    return str(error)


def _field_message(field: str, messages: list[str]) -> str:
    text = " ".join(messages)
    return text if field == "__all__" else f"{field_name(field)}: {text}"


def problem_status(error: Exception) -> int:
    """The HTTP status for an API response."""
    if isinstance(error, DomainError):
        return error.status_code
    return 422


def problem_errors(error: Exception) -> dict[str, list[str]] | None:
    """Field-by-field messages, when the error has them."""
    if isinstance(error, ValidationError) and hasattr(error, "error_dict"):
        return error.message_dict
    return None


class ServiceErrorsMixin(forms.BaseForm):
    """Show a service's field errors on the form's own fields, so nothing typed is lost."""

    error_aliases: ClassVar[dict[str, str]] = {}

    def add_service_errors(self, error: ValidationError) -> None:
        """Put each message on the field it names (or on the form when it names none here)."""
        if not hasattr(error, "error_dict"):
            self.add_error(None, error)
            return
        for name, messages in error.message_dict.items():
            target = self.error_alias(name)
            self.add_error(target if target in self.fields else None, messages)

    def error_alias(self, name: str) -> str:
        """The form field that shows a service's field (the same name unless aliased)."""
        return self.error_aliases.get(name, name)


class RefusalMiddleware:
    """A page action the services refused: say why, back on the page it came from."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if request.path.startswith("/api/") or not isinstance(exception, DOMAIN_ERRORS):
            return None
        flash.error(request, problem_message(exception))
        return redirect(_came_from(request))


def _came_from(request: HttpRequest) -> str:
    for candidate in (request.headers.get("HX-Current-URL"), request.headers.get("Referer")):
        if candidate and url_has_allowed_host_and_scheme(
            candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
        ):
            return candidate
    return reverse("dashboard:home")
