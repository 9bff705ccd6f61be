"""The portal's own sign-in, kept apart from staff logins in the same session store.

A portal session holds the account id and its start and last-seen times; it ends after the
same idle and absolute lifetimes as a staff session. A session with a staff login in it is
never a portal session too: the client identity is dropped rather than mixed.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from functools import update_wrapper
from typing import Concatenate, ParamSpec, cast

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils import timezone

from medmassage.accounts.actors import request_address
from medmassage.clientaccounts.actors import ClientActor
from medmassage.clientaccounts.models import ClientAccount
from medmassage.tenancy import clinic_scope

ACCOUNT_KEY, STARTED_KEY, SEEN_KEY = "portal_account", "portal_started", "portal_seen"
P = ParamSpec("P")


class PortalRequest(HttpRequest):
    """A request of a signed-in client (only a type: views under `require_client`)."""

    client_actor: ClientActor


def begin(request: HttpRequest, actor: ClientActor) -> None:
    """A fresh session for the client (any staff login in this browser ends)."""
    request.session.flush()
    now = timezone.now().isoformat()
    request.session[ACCOUNT_KEY] = actor.account.pk
    request.session[STARTED_KEY] = now
    request.session[SEEN_KEY] = now


def end(request: HttpRequest) -> None:
    request.session.flush()


def current_client(request: HttpRequest) -> ClientActor | None:
    """The client signed in to this browser session, or None (ended sessions are closed)."""
    account_id = request.session.get(ACCOUNT_KEY)
    if account_id is None or request.user.is_authenticated:
        return None
    now = timezone.now()
    started = datetime.fromisoformat(request.session.get(STARTED_KEY, now.isoformat()))
    seen = datetime.fromisoformat(request.session.get(SEEN_KEY, now.isoformat()))
    if (
        now - seen > settings.SESSION_IDLE_TIMEOUT
        or now - started > settings.SESSION_ABSOLUTE_TIMEOUT
    ):
        end(request)
        return None
    account = (
        ClientAccount.unscoped_objects.select_related("client", "clinic")
        .filter(pk=account_id, is_active=True)
        .first()
    )
    if account is None:
        end(request)
        return None
    request.session[SEEN_KEY] = now.isoformat()
    return ClientActor(account, request_address(request))


def require_client(
    view: Callable[Concatenate[PortalRequest, P], HttpResponse],
) -> Callable[Concatenate[HttpRequest, P], HttpResponse]:
    """The portal's wall: a signed-in client, reads scoped to their clinic; else sign in."""

    def guarded(request: HttpRequest, /, *args: P.args, **kwargs: P.kwargs) -> HttpResponse:
        actor = current_client(request)
        if actor is None:
            return redirect(f"{settings.PORTAL_LOGIN_URL}?next={request.path}")
        vars(request)["client_actor"] = actor
        with clinic_scope(actor.clinic_id):
            return view(cast(PortalRequest, request), *args, **kwargs)

    update_wrapper(guarded, view)
    return login_not_required(guarded)
