"""The OpenAPI document states every status an operation can answer, with the shape of errors.

django-ninja documents the success status of each operation; the refusals come from one place
(the exception handlers in router.py, the authentication, the JSON error middleware), so they
are added here to every operation: 400 (a body that is not JSON), 401, 403, 404, 409, 422 and
429 (throttled), each with the `Problem` body they carry, and 405 with its Allow header.
"""

from __future__ import annotations

from typing import Any

from ninja import NinjaAPI
from ninja.openapi.schema import OpenAPISchema

PROBLEM = {
    "title": "Problem",
    "type": "object",
    "properties": {
        "detail": {"type": "string", "description": "What went wrong, in words."},
        "errors": {
            "description": "Field by field: {field: [messages]}, or [{field, message}] for a "
            "request that does not match this document.",
            "anyOf": [
                {
                    "type": "object",
                    "additionalProperties": {"type": "array", "items": {"type": "string"}},
                },
                {
                    "type": "array",
                    "items": {
                        "type": "object",
                        "properties": {"field": {"type": "string"}, "message": {"type": "string"}},
                        "required": ["field", "message"],
                    },
                },
            ],
        },
    },
    "required": ["detail"],
}
REFUSALS = {
    "400": "The body is not JSON",
    "401": "Authentication required (a bearer token, or a session past its second factor)",
    "403": "Your role does not allow this, or the CSRF check of a session failed",
    "404": "Not found in your clinic",
    "405": "Method not allowed",
    "409": "Refused in the record's present state",
    "422": "Invalid input: the errors name each field",
    "429": "Too many attempts",
}
INTEGRITY_HEADER = {
    "X-MedMassage-Integrity": {
        "description": "`mismatch` when a sealed record no longer matches its seal.",
        "schema": {"type": "string", "enum": ["mismatch"]},
    }
}


class ClinicAPI(NinjaAPI):
    def get_openapi_schema(
        self, *, path_prefix: str | None = None, path_params: dict[str, Any] | None = None
    ) -> OpenAPISchema:
        schema = super().get_openapi_schema(path_prefix=path_prefix, path_params=path_params)
        components = schema.setdefault("components", {}).setdefault("schemas", {})
        components["Problem"] = PROBLEM
        for operations in schema.get("paths", {}).values():
            for operation in operations.values():
                _document_refusals(operation)
        return schema


def _document_refusals(operation: dict[str, Any]) -> None:
    responses = operation.setdefault("responses", {})
    documented = {str(status) for status in responses}
    problem = {"application/json": {"schema": {"$ref": "#/components/schemas/Problem"}}}
    for status, description in REFUSALS.items():
        if status in documented:
            continue
        entry: dict[str, Any] = {"description": description, "content": problem}
        if status == "405":
            entry["headers"] = {"Allow": {"schema": {"type": "string"}}}
        responses[int(status)] = entry
    for status, response in responses.items():
        if str(status).startswith("2"):
            response.setdefault("headers", {}).update(INTEGRITY_HEADER)
