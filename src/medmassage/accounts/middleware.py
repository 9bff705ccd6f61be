"""Request-wide security: login wall, session lifetimes, clinic scope and response headers."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.contrib.auth import logout
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import Resolver404, resolve, reverse
from django.utils.cache import add_never_cache_headers

from medmassage.accounts import sessions
from medmassage.tenancy import clinic_scope, request_scope

GetResponse = Callable[[HttpRequest], HttpResponse]

# The only pages reachable without logging in. Everything else redirects to the login page
# (HTML) or answers 401 (the API, whose own authentication is deny-by-default).
PUBLIC_URL_NAMES = frozenset({"accounts:login", "health"})
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


class LoginRequiredMiddleware:
    """Deny by default: every view needs a logged-in user unless it is on the allow-list."""

    def __init__(self, get_response: GetResponse) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(
        self, request: HttpRequest, view: Any, args: Any, kwargs: Any
    ) -> HttpResponse | None:
        if request.user.is_authenticated or request.path.startswith(API_PREFIX):
            return None
        if is_public(request.path_info):
            return None
        login_url = reverse(settings.LOGIN_URL)
        return redirect(f"{login_url}?next={request.get_full_path()}")


def is_public(path: str) -> bool:
    """Whether a path is on the allow-list of pages open without login."""
    if path.startswith(settings.STATIC_URL):
        return True
    try:
        match = resolve(path)
    except Resolver404:
        return False
    return match.view_name in PUBLIC_URL_NAMES


class ClinicMiddleware:
    """Resolve the user's active clinic and role, and scope every read to that clinic."""

    def __init__(self, get_response: GetResponse) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        # The API's token authentication scopes the request later, inside this same bound.
        with request_scope():
            return self._respond(request)

    def _respond(self, request: HttpRequest) -> HttpResponse:
        from medmassage.accounts.queries import get_active_membership

        request.membership = None  # type: ignore[attr-defined]
        request.clinic = None  # type: ignore[attr-defined]
        if request.user.is_authenticated:
            membership = get_active_membership(request.user, request.session)
            request.membership = membership  # type: ignore[attr-defined]
            request.clinic = membership.clinic if membership else None  # type: ignore[attr-defined]
            if membership is not None:
                with clinic_scope(membership.clinic):
                    return self.get_response(request)
        return self.get_response(request)
