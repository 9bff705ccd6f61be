"""Request-wide security: session lifetimes, the acting member, clinic scope and headers.

The login wall is Django's own `LoginRequiredMiddleware` (as `LoginWallMiddleware`, which sends a
refused form post back to its page after login): every view needs a login unless it is marked
`login_not_required` (the login page, the health check, the API, whose authentication is
deny-by-default of its own).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.auth import REDIRECT_FIELD_NAME, logout
from django.contrib.auth.middleware import LoginRequiredMiddleware
from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse, HttpResponseBase, JsonResponse
from django.shortcuts import resolve_url
from django.utils.cache import add_never_cache_headers
from django.utils.http import url_has_allowed_host_and_scheme

from medmassage.accounts import sessions
from medmassage.accounts.access import bind_member
from medmassage.tenancy import clinic_scope, request_scope

GetResponse = Callable[[HttpRequest], HttpResponse]

API_PREFIX = "/api/"
# Machine-facing paths: never cached, and an expired session gets their own 401, not a page.
MACHINE_PREFIXES = (API_PREFIX, "/fhir/R4/")
# Sent by the autosave script (static/medmassage/autosave.js): it wants JSON, never a page.
AUTOSAVE_HEADER = "X-Autosave"


def is_autosave(request: HttpRequest) -> bool:
    """Whether the request is a draft's autosave (answered in JSON, never redirected)."""
    return request.headers.get(AUTOSAVE_HEADER) == "1"


def page_to_return_to(request: HttpRequest) -> str:
    """Where to come back after logging in: the page itself, or for a form post the page the
    form was on (a POST-only address cannot be opened again)."""
    if request.method in ("GET", "HEAD"):
        return request.get_full_path()
    for candidate in (request.headers.get("HX-Current-URL"), request.headers.get("Referer")):
        if candidate and url_has_allowed_host_and_scheme(
            candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
        ):
            parts = urlsplit(candidate)
            return parts.path + (f"?{parts.query}" if parts.query else "")
    return resolve_url(settings.LOGIN_REDIRECT_URL)


def login_again(request: HttpRequest, *, expired: bool) -> HttpResponse:
    """Send the member to log in, and back to their page afterwards (`next`); an autosave gets
    401 with the login address, so the page can say so and keep the text."""
    login_url = resolve_url(settings.LOGIN_URL)
    target = redirect_to_login(page_to_return_to(request), login_url, REDIRECT_FIELD_NAME)
    address = target["Location"] + ("&expired=1" if expired else "")
    if is_autosave(request):
        return JsonResponse({"problem": "Your session has ended.", "login": address}, status=401)
    target["Location"] = address
    return target


class NoStoreMiddleware:
    """Clinical pages must never be kept by browsers or shared caches."""

    def __init__(self, get_response: GetResponse) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if (user is not None and user.is_authenticated) or request.path.startswith(
            MACHINE_PREFIXES
        ):
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
            if request.path.startswith(MACHINE_PREFIXES):
                return self.get_response(request)
            return login_again(request, expired=True)
        if request.user.is_authenticated:
            sessions.touch(request.session)
        return self.get_response(request)


class LoginWallMiddleware(LoginRequiredMiddleware):
    """Django's login wall, returning to the page (not a POST-only address) after login."""

    def process_view(
        self,
        request: HttpRequest,
        view_func: Callable[..., HttpResponseBase],
        view_args: tuple[Any, ...],
        view_kwargs: dict[str, Any],
    ) -> HttpResponseBase | None:
        if request.user.is_authenticated or not getattr(view_func, "login_required", True):
            return None
        if request.method in ("GET", "HEAD") and not is_autosave(request):
            return super().process_view(request, view_func, view_args, view_kwargs)
        return login_again(request, expired=False)


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
        from medmassage.accounts.queries import choose_membership, memberships_of

        membership = None
        if request.user.is_authenticated:
            # Read with the user (accounts.backends), once: the clinic switcher lists them too.
            memberships = memberships_of(request.user)
            vars(request)["memberships"] = memberships
            membership = choose_membership(memberships, request.session)
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
