"""Every answer under /fhir/R4/ is FHIR JSON, including Django's own 404 for unknown paths."""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

from medmassage.fhir.access import error_response
from medmassage.fhir.errors import FhirError

FHIR_PREFIX = "/fhir/R4/"
_MESSAGES = {404: "No such resource type or operation here", 405: "Method not allowed"}


class FhirErrorsMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if (
            request.path.startswith(FHIR_PREFIX)
            and response.status_code in _MESSAGES
            and "json" not in response.get("Content-Type", "")
        ):
            return error_response(FhirError(response.status_code, _MESSAGES[response.status_code]))
        return response
