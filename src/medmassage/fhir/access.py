"""Who may call the FHIR API: a clinic's bearer token, or a logged-in session for reads.

Every view is past Django's login wall and answers for itself: 401 with an OperationOutcome for
a stranger, 403 for a role the policy refuses. A session may read only (GET and HEAD); writes
(an import, cancelling an export) need a bearer token, which no other site can send.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBase
from django.views.decorators.csrf import csrf_exempt

from medmassage.accounts import policy, tokens
from medmassage.accounts.access import ClinicRequest, bind_member
from medmassage.accounts.models import Membership
from medmassage.fhir.errors import FhirError, outcome
from medmassage.problems import DomainError, problem_message, problem_status
from medmassage.tenancy import clinic_scope, scope_request_to

FHIR_JSON = "application/fhir+json"
READS = frozenset({"GET", "HEAD"})
_ACCEPTED = ("application/fhir+json", "application/json", "application/*", "*/*", "json")


def fhir_response(body: Any, status: int = 200, **headers: str) -> HttpResponse:
    """A FHIR JSON answer."""
    response = HttpResponse(
        json.dumps(body, separators=(",", ":"), ensure_ascii=False),
        status=status,
        content_type=f"{FHIR_JSON}; charset=utf-8",
    )
    for name, value in headers.items():
        response[name.replace("_", "-")] = value
    return response


def error_response(error: FhirError) -> HttpResponse:
    return fhir_response(outcome(str(error), code=error.code), status=error.status)


def _member(request: HttpRequest) -> Membership:
    header = request.headers.get("Authorization", "")
    if header:
        scheme, _, token = header.partition(" ")
        found = tokens.authenticate_token(token.strip()) if scheme.lower() == "bearer" else None
        if found is None:
            raise FhirError(401, "The bearer token is not valid")
        _token, membership = found
        request.user = membership.user
        bind_member(request, membership)
        scope_request_to(membership.clinic)
        return membership
    session_member: Membership | None = getattr(request, "membership", None)
    if session_member is None:
        raise FhirError(401, "Authentication required: a bearer token or a logged-in session")
    if request.method not in READS:
        raise FhirError(403, "A session may only read; send a bearer token to change anything")
    return session_member


def _check_format(request: HttpRequest) -> None:
    wanted = request.GET.get("_format") or request.headers.get("Accept", "")
    if wanted and not any(kind in wanted for kind in _ACCEPTED):
        raise FhirError(406, f"Only FHIR JSON is served here, not {wanted!r}")


FhirView = Callable[..., HttpResponseBase]


def fhir_view(*methods: str, any_format: bool = False) -> Callable[[FhirView], FhirView]:
    """Authenticate, scope to the member's clinic and turn every refusal into an
    OperationOutcome; answers 405 (with Allow) to other methods."""
    allowed = frozenset(methods) | ({"HEAD"} if "GET" in methods else set())

    def decorate(view: FhirView) -> FhirView:
        @wraps(view)
        def guarded(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
            if request.method not in allowed:
                response = error_response(FhirError(405, f"{request.method} is not supported"))
                response["Allow"] = ", ".join(sorted(allowed))
                return response
            try:
                membership = _member(request)
                if not any_format:
                    _check_format(request)
                with clinic_scope(membership.clinic):
                    return view(request, *args, **kwargs)
            except FhirError as error:
                return error_response(error)
            except Http404:
                return error_response(FhirError(404, "Not found"))
            except PermissionDenied as error:
                return error_response(FhirError(403, str(error) or "Not allowed"))
            except (DomainError, ValidationError) as error:
                status = problem_status(error)
                return error_response(FhirError(status, problem_message(error)))

        return login_not_required(csrf_exempt(guarded))

    return decorate


def require(request: ClinicRequest, action: str) -> None:
    """The role check of the policy (403 otherwise)."""
    policy.require(request.membership, action)
