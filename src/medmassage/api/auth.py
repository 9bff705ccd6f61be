"""API authentication: the browser session (with CSRF) or a personal bearer token."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja.security import HttpBearer, SessionAuth

from medmassage.accounts import tokens
from medmassage.accounts.access import bind_member
from medmassage.accounts.models import Membership
from medmassage.mfa.policy import session_passes
from medmassage.recordaccess.enforce import enforce as enforce_care_team
from medmassage.tenancy import scope_request_to


class ClinicSessionAuth(SessionAuth):
    """A logged-in browser session whose user has an active clinic and has passed the second
    factor (if they owe one); CSRF checked on writes. A request with no such session has
    nothing to authenticate here: it answers 401, never a CSRF 403."""

    def _get_key(self, request: HttpRequest) -> str | None:
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated or not session_passes(request):
            return None
        return super()._get_key(request)

    def authenticate(self, request: HttpRequest, key: str | None) -> Any:
        if key is None:
            return None
        user = super().authenticate(request, key)
        # The clinic middleware has already found the session's member (and scoped the request).
        if not user or getattr(request, "membership", None) is None:
            return None
        # A session that owes its second factor gets no further here than on the pages.
        if not session_passes(request):
            return None
        enforce_care_team(request)
        return user


class BearerTokenAuth(HttpBearer):
    """`Authorization: Bearer mm_…`: a personal token bound to one clinic."""

    def authenticate(self, request: HttpRequest, token: str) -> Any:
        found = tokens.authenticate_token(token)
        if found is None:
            return None
        _token, membership = found
        request.user = membership.user
        _bind(request, membership)
        enforce_care_team(request)
        return membership.user


def _bind(request: HttpRequest, membership: Membership) -> None:
    bind_member(request, membership)
    # Reads through the scoped managers follow the clinic that authenticated, as on the pages.
    scope_request_to(membership.clinic)
