"""How a client is known to the portal's JSON API: their API sign-in token, or the portal's
own browser session (with its CSRF token on writes). Staff tokens and staff sessions never open
the portal, and a client's token never opens the staff API (its prefix is not a staff token's).
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest
from ninja.security import APIKeyCookie, HttpBearer

from medmassage.accounts.actors import request_address
from medmassage.clientaccounts.actors import ClientActor
from medmassage.clientaccounts.tokens import authenticate_client_token
from medmassage.portal.session import current_client
from medmassage.tenancy import scope_request_to


def _bind(request: HttpRequest, actor: ClientActor) -> ClientActor:
    vars(request)["client_actor"] = actor
    # Reads through the scoped managers follow the client's clinic, as on the portal's pages.
    scope_request_to(actor.clinic)
    return actor


class ClientTokenAuth(HttpBearer):
    """`Authorization: Bearer mmc_…`, from `POST /api/v1/portal/sign-in`."""

    def authenticate(self, request: HttpRequest, token: str) -> Any:
        actor = authenticate_client_token(token, request_address(request))
        return None if actor is None else _bind(request, actor)


class PortalSessionAuth(APIKeyCookie):
    """The portal's browser session; a request without one answers 401, never a CSRF 403."""

    param_name = settings.SESSION_COOKIE_NAME

    def _get_key(self, request: HttpRequest) -> str | None:
        if current_client(request) is None:
            return None
        return super()._get_key(request)

    def authenticate(self, request: HttpRequest, key: str | None) -> Any:
        if key is None:
            return None
        actor = current_client(request)
        return None if actor is None else _bind(request, actor)
