"""Request-wide security: session lifetimes, the acting member, clinic scope and headers.

The login wall is Django's own `LoginRequiredMiddleware`: every view needs a login unless it is
marked `login_not_required` (the login page, the health check, the API, whose authentication is
deny-by-default of its own).
"""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.contrib.auth import logout
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.cache import add_never_cache_headers

from medmassage.accounts import sessions
from medmassage.accounts.access import bind_member
from medmassage.tenancy import clinic_scope, request_scope

GetResponse = Callable[[HttpRequest], HttpResponse]

API_PREFIX = "/api/"


class NoStoreMiddleware:
    """Clinical pages must never be kept by browsers or shared caches."""

    def __init__(self, get_response: GetResponse) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if (user is not None and user.is_authenticated) or request.path.startswith(API_PREFIX):
            response["Cache-Control"] = "no-store"
            response.headers.pop("Expires", None)
        elif "Cache-Control" not in response:
            add_never_cache_headers(response)
        return response


class SecurityHeadersMiddleware:
    """Headers Django does not set itself."""

    def __init__(self, get_response: GetResponse) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        response.setdefault(
            "Permissions-Policy", "camera=(), microphone=(), geolocation=(), payment=(), usb=()"
        )
        response.setdefault("Cross-Origin-Resource-Policy", "same-origin")
        return response


class SessionTimeoutMiddleware:
    """End sessions idle for 15 minutes or older than 12 hours, on the server."""

    def __init__(self, get_response: GetResponse) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.user.is_authenticated and sessions.has_expired(request.session):
            logout(request)
            if request.path.startswith(API_PREFIX):
                return self.get_response(request)
            login_url = reverse(settings.LOGIN_URL)
            return redirect(f"{login_url}?expired=1")
        if request.user.is_authenticated:
            sessions.touch(request.session)
        return self.get_response(request)


class ClinicMiddleware:
    """Resolve the user's active clinic and role, and scope every read to that clinic.

    Sets `request.membership`, `request.clinic` and `request.actor` (all None for a user with no
    active membership); views see them through `ClinicRequest`.
    """

    def __init__(self, get_response: GetResponse) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        # The API's token authentication scopes the request later, inside this same bound.
        with request_scope():
            return self._respond(request)

    def _respond(self, request: HttpRequest) -> HttpResponse:
        from medmassage.accounts.queries import get_active_membership

        membership = None
        if request.user.is_authenticated:
            membership = get_active_membership(request.user, request.session)
        bind_member(request, membership)
        if membership is None:
            return self.get_response(request)
        with clinic_scope(membership.clinic):
            return self.get_response(request)


class DenialAuditMiddleware:
    """A member refused a record (403), or looking for one that is not theirs to see (404),
    leaves an `access.denied` event: which view, which ids, which status."""

    RECORD_KEYS = ("object_id", "pk", "id")

    def __init__(self, get_response: GetResponse) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        actor = getattr(request, "actor", None)
        match = request.resolver_match
        if response.status_code not in {403, 404} or actor is None or match is None:
            return response
        ids = {
            key: str(value)[:40]
            for key, value in match.kwargs.items()
            if key.endswith("_id") or key in self.RECORD_KEYS
        }
        if ids:
            from django.db import transaction

            from medmassage.audit.services import record_event

            with transaction.atomic():
                record_event(
                    action="access.denied",
                    by=actor,
                    details={"status": response.status_code, "view": match.view_name, **ids},
                )
        return response
