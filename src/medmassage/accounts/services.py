"""Writes about accounts: sign-in bookkeeping and clinic switching."""

from __future__ import annotations

from django.contrib.sessions.backends.base import SessionBase
from django.db import transaction
from django.http import HttpRequest

from medmassage.accounts import sessions
from medmassage.accounts.actors import Actor, request_address
from medmassage.accounts.models import Membership, User
from medmassage.accounts.queries import ACTIVE_CLINIC_KEY, list_memberships
from medmassage.audit.services import record_event


class NotAMember(Exception):
    """The user has no active membership in that clinic."""


def start_session(request: HttpRequest, user: User) -> None:
    """Stamp the new session and record the sign-in (called after Django's login())."""
    sessions.start(request.session)
    membership = list_memberships(user).first()
    if membership is not None:
        request.session[ACTIVE_CLINIC_KEY] = membership.clinic_id
    with transaction.atomic():
        record_event(
            action="accounts.user.logged_in",
            by=None,
            user=user,
            clinic=membership.clinic if membership else None,
            subject=user,
            address=request_address(request),
        )


def end_session(*, user: User, by: Actor | None, address: str | None) -> None:
    """Record the sign-out (the caller then ends the session on the server)."""
    with transaction.atomic():
        record_event(
            action="accounts.user.logged_out", by=by, user=user, subject=user, address=address
        )


def switch_clinic(request: HttpRequest, user: User, clinic_id: int) -> Membership:
    """Make another of the user's clinics the active one for this session."""
    membership = list_memberships(user).filter(clinic_id=clinic_id).first()
    if membership is None:
        raise NotAMember(f"You are not a member of clinic {clinic_id}")
    session: SessionBase = request.session
    # A new session id on every change of privilege, as at login.
    session.cycle_key()
    session[ACTIVE_CLINIC_KEY] = membership.clinic_id
    with transaction.atomic():
        record_event(
            action="accounts.clinic.switched",
            by=Actor(membership=membership, address=request_address(request)),
            subject=membership.clinic,
        )
    return membership
