"""Every answer under /api/ is JSON, including the ones Django or django-ninja make themselves."""

from __future__ import annotations

import json
from collections.abc import Callable

from django.http import HttpRequest, HttpResponse, JsonResponse

API_PREFIX = "/api/"
# Django's HTML 404 for paths outside the API's routes; django-ninja's plain-text 405.
_MESSAGES = {404: "Not found", 405: "Method not allowed"}


class JsonApiErrorsMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if (
            request.path.startswith(API_PREFIX)
            and response.status_code in _MESSAGES
            and not response.get("Content-Type", "").startswith("application/json")
        ):
            replacement = JsonResponse(
                {"detail": _MESSAGES[response.status_code]}, status=response.status_code
            )
            if "Allow" in response:
                replacement["Allow"] = response["Allow"]
            return replacement
        return response


class RejectNulMiddleware:
    """Input no database can store is refused before anything reads it: NUL characters
    (PostgreSQL refuses them in text) and whole numbers beyond 64 bits (SQLite and PostgreSQL
    overflow). 422 naming the field for the API, 400 for a page; a path naming a record by such
    a number is simply not found. Query strings, form fields and JSON bodies (keys and values,
    however deep) are all checked."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if any(_long_number(part) for part in request.path.split("/")):
            if request.path.startswith(API_PREFIX):
                return JsonResponse({"detail": "Not found"}, status=404)
            return HttpResponse("Not found", status=404, content_type="text/plain")
        field = _unstorable_field(request)
        if field is None:
            return self.get_response(request)
        message = "may not contain NUL characters (\\u0000), nor numbers beyond 64 bits"
        if request.path.startswith(API_PREFIX):
            body = {"detail": "Invalid input", "errors": {field: [message]}}
            return JsonResponse(body, status=422)
        return HttpResponse(f"{field}: {message}", status=400, content_type="text/plain")


_MAX_DIGITS = 18  # a longer run of digits may not fit a signed 64-bit integer
_MAX_INT = 2**63 - 1


def _long_number(part: str) -> bool:
    return len(part) > _MAX_DIGITS and part.isascii() and part.isdigit()


def _bad_text(value: str) -> bool:
    return "\x00" in value or (value.isascii() and value.isdigit() and int(value) > _MAX_INT)


def _unstorable_field(request: HttpRequest) -> str | None:
    for name, values in request.GET.lists():
        if "\x00" in name or any(_bad_text(value) for value in values):
            return f"query.{name}"
    content_type = request.content_type or ""
    if request.method in {"POST", "PUT", "PATCH", "DELETE"}:
        if content_type.startswith("application/json"):
            try:
                document = json.loads(request.body or b"null")
            except (ValueError, UnicodeDecodeError):
                return None  # not JSON: the view answers that
            return _unstorable_in(document, "body")
        if content_type in {"application/x-www-form-urlencoded", "multipart/form-data"}:
            for name, values in request.POST.lists():
                if "\x00" in name or any("\x00" in value for value in values):
                    return name
    return None


def _unstorable_in(value: object, path: str) -> str | None:
    if isinstance(value, str):
        return path if "\x00" in value else None
    if isinstance(value, int) and not isinstance(value, bool):
        return path if abs(value) > _MAX_INT else None
    if isinstance(value, dict):
        for key, item in value.items():
            inner = f"{path}.{key}"
            if "\x00" in str(key):
                return inner
            if found := _unstorable_in(item, inner):
                return found
    if isinstance(value, list):
        for index, item in enumerate(value):
            if found := _unstorable_in(item, f"{path}[{index}]"):
                return found
    return None
