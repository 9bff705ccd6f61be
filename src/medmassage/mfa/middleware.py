"""The second factor, enforced for every page: a logged-in user who must verify (enrolled, or
required by role or clinic setting) reaches nothing but the short allow-list below until they
have. The API is left to its authentication (a session must pass the same rule there; bearer
tokens are issued by a session that did)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import urlencode

from medmassage.mfa.policy import has_authenticator, is_verified, mfa_required

API_PREFIX = "/api/"
# Everything else needs the second factor when the user must use one.
ALLOW_LIST = frozenset(
    {"accounts:login", "accounts:logout", "mfa:setup", "mfa:verify", "health", "admin:login"}
)


class MfaRequiredMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(
        self, request: HttpRequest, view: Callable[..., Any], args: Any, kwargs: Any
    ) -> HttpResponse | None:
        user: Any = request.user
        if not user.is_authenticated or request.path.startswith((API_PREFIX, settings.STATIC_URL)):
            return None
        match = request.resolver_match
        if (match is not None and match.view_name in ALLOW_LIST) or is_verified(request):
            return None
        if has_authenticator(user):
            return _send(request, "mfa:verify")
        if mfa_required(user):
            return _send(request, "mfa:setup")
        return None


def _send(request: HttpRequest, view_name: str) -> HttpResponse:
    target = f"{reverse(view_name)}?{urlencode({'next': request.get_full_path()})}"
    if getattr(request, "htmx", False):
        response = HttpResponse(status=204)
        response["HX-Redirect"] = target
        return response
    return redirect(target)
