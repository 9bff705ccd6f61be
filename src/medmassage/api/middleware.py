"""Every answer under /api/ is JSON, including the ones Django or django-ninja make themselves."""

from __future__ import annotations

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
