"""The JSON API, v1: one NinjaAPI, deny-by-default authentication, errors as clear JSON."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.urls import URLPattern, URLResolver
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as NinjaValidationError

from medmassage.accounts.access import ClinicRequest
from medmassage.api.auth import BearerTokenAuth, ClinicSessionAuth
from medmassage.api.openapi import ClinicAPI
from medmassage.api.schemas import MeOut
from medmassage.assessments.api import router as assessments_router
from medmassage.billing.api import router as billing_router
from medmassage.careteam.api import router as careteam_router
from medmassage.clients.api import router as clients_router
from medmassage.discharges.api import router as discharges_router
from medmassage.fhir.api import router as fhir_imports_router
from medmassage.homecare.api import router as homecare_router
from medmassage.intake.api import router as intake_router
from medmassage.outcomes.api import router as outcomes_router
from medmassage.plans.api import router as plans_router
from medmassage.portal.api import router as portal_router
from medmassage.practitioners.api import router as practitioners_router
from medmassage.problems import DomainError, problem_errors, problem_message, problem_status
from medmassage.referrals.api import router as referrals_router
from medmassage.reports.api import router as reports_router
from medmassage.scheduling.api import router as scheduling_router
from medmassage.visits.api import router as visits_router

_session_auth = ClinicSessionAuth()


def api_urls(ninja: NinjaAPI) -> tuple[list[URLResolver | URLPattern], str, str]:
    """An API's routes, past Django's login wall: its own authentication answers 401 in JSON."""
    patterns, app_name, namespace = ninja.urls
    for pattern in patterns:
        if isinstance(pattern, URLPattern):
            pattern.callback = login_not_required(pattern.callback)
    return patterns, app_name, namespace


_bearer_auth = BearerTokenAuth()


def require_api_auth(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """The schema is for staff too: the same two ways in as every endpoint."""

    @wraps(view)
    def guarded(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if _bearer_auth(request) or _session_auth(request):
            return view(request, *args, **kwargs)
        return JsonResponse({"detail": "Authentication required"}, status=401)

    return guarded


api = ClinicAPI(
    title="MedMassage API",
    version="1",
    description=(
        "Clinical records for medical massage therapy. Bearer tokens (made on the API tokens "
        "page, behind the second factor) or the browser session past its second factor, with "
        "its CSRF token on unsafe methods. Every refusal is a Problem body naming what failed. "
        "The client portal's operations (`/portal/…`, tag `portal`) take a client's sign-in "
        "instead: the token `POST /portal/sign-in` answers, or the portal's browser session."
    ),
    auth=[_bearer_auth, _session_auth],
    urls_namespace="api-v1",
    docs_url=None,  # Swagger UI would load from a CDN; the schema is served below.
    docs_decorator=require_api_auth,
)


@api.exception_handler(AuthenticationError)
def _unauthenticated(request: HttpRequest, exc: Exception) -> HttpResponse:
    return api.create_response(request, {"detail": "Authentication required"}, status=401)


@api.exception_handler(PermissionDenied)
def _forbidden(request: HttpRequest, exc: Exception) -> HttpResponse:
    return api.create_response(request, {"detail": str(exc) or "Not allowed"}, status=403)


@api.exception_handler(Http404)
def _not_found(request: HttpRequest, exc: Exception) -> HttpResponse:
    return api.create_response(request, {"detail": "Not found"}, status=404)


@api.exception_handler(ValidationError)
def _invalid(request: HttpRequest, exc: ValidationError) -> HttpResponse:
    errors = exc.message_dict if hasattr(exc, "error_dict") else {"__all__": exc.messages}
    return api.create_response(request, {"detail": "Invalid input", "errors": errors}, status=422)


@api.exception_handler(DomainError)
def _refused(request: HttpRequest, exc: DomainError) -> HttpResponse:
    body: dict[str, Any] = {"detail": problem_message(exc)}
    if errors := problem_errors(exc):
        body["errors"] = errors
    body.update(exc.api_extra())
    return api.create_response(request, body, status=problem_status(exc))


@api.exception_handler(NinjaValidationError)
def _invalid_request(request: HttpRequest, exc: NinjaValidationError) -> HttpResponse:
    errors = [
        {"field": ".".join(str(part) for part in error.get("loc", [])), "message": error["msg"]}
        for error in exc.errors
    ]
    return api.create_response(request, {"detail": "Invalid input", "errors": errors}, status=422)


@api.exception_handler(HttpError)
def _http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
    return api.create_response(request, {"detail": str(exc)}, status=exc.status_code)


api.add_router("/clients", clients_router)
api.add_router("/practitioners", practitioners_router)
# These routers declare full paths (e.g. /clients/{client_id}/intakes, /plans/{plan_id}).
api.add_router("", intake_router)
api.add_router("", assessments_router)
api.add_router("", outcomes_router)
api.add_router("", plans_router)
api.add_router("", visits_router)
api.add_router("", homecare_router)
api.add_router("", discharges_router)
api.add_router("", scheduling_router)
api.add_router("", fhir_imports_router)
api.add_router("", careteam_router)
api.add_router("", referrals_router)
api.add_router("", billing_router)
api.add_router("", reports_router)
api.add_router("", portal_router)


@api.get("/me", response=MeOut, summary="Who am I, in which clinic, with which role")
def me(request: ClinicRequest) -> dict[str, Any]:
    """The authenticated user and their active clinic and role."""
    membership = request.membership
    return {
        "id": request.user.pk,
        "email": request.user.email,
        "full_name": request.user.full_name,
        "clinic": {"id": membership.clinic.pk, "name": membership.clinic.name},
        "role": membership.role,
    }
