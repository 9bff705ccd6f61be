"""FHIR errors: every refusal is an OperationOutcome with the status that fits it."""

from __future__ import annotations

from typing import Any

# OperationOutcome.issue.code for each status this server answers with.
ISSUE_CODES = {
    400: "invalid",
    401: "login",
    403: "forbidden",
    404: "not-found",
    405: "not-supported",
    406: "not-supported",
    409: "conflict",
    410: "deleted",
    415: "not-supported",
    422: "processing",
}


class FhirError(Exception):
    """A request this server cannot answer as asked; the message says why."""

    def __init__(self, status: int, message: str, *, code: str | None = None) -> None:
        super().__init__(message)
        self.status = status
        self.code = code or ISSUE_CODES.get(status, "processing")


def outcome(message: str, *, code: str, severity: str = "error") -> dict[str, Any]:
    """An OperationOutcome with one issue."""
    return {
        "resourceType": "OperationOutcome",
        "issue": [{"severity": severity, "code": code, "diagnostics": message}],
    }


def not_found(resource_type: str, resource_id: str) -> FhirError:
    """The resource is not this clinic's, or does not exist: the same answer for both."""
    return FhirError(404, f"{resource_type}/{resource_id} is not known")
