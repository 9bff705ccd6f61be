"""Writes about accounts: sign-in bookkeeping and clinic switching."""

from __future__ import annotations

from django.contrib.sessions.backends.base import SessionBase
from django.db import transaction

from medmassage.accounts import sessions
from medmassage.accounts.actors import Actor
from medmassage.accounts.models import Membership, User
from medmassage.accounts.queries import ACTIVE_CLINIC_KEY, list_memberships
from medmassage.audit.services import record_event


class NotAMember(Exception):
    """The user has no active membership in that clinic."""


def start_session(session: SessionBase, *, user: User, address: str | None) -> None:
    """Stamp the new session and record the sign-in (called after Django's login())."""
    sessions.start(session)
    membership = list_memberships(user).first()
    if membership is not None:
        session[ACTIVE_CLINIC_KEY] = membership.clinic_id
    with transaction.atomic():
        record_event(
            action="accounts.user.logged_in",
            by=None,
            user=user,
            clinic=membership.clinic if membership else None,
            subject=user,
            address=address,
        )


def end_session(*, user: User, by: Actor | None, address: str | None) -> None:
    """Record the sign-out (the caller then ends the session on the server)."""
    with transaction.atomic():
        record_event(
            action="accounts.user.logged_out", by=by, user=user, subject=user, address=address
        )


def switch_clinic(session: SessionBase, *, by: Actor, clinic_id: int) -> Membership:
    """Make another of the actor's clinics the active one for this session."""
    membership = list_memberships(by.user).filter(clinic_id=clinic_id).first()
    if membership is None:
        raise NotAMember(f"You are not a member of clinic {clinic_id}")
    # A new session id on every change of privilege, as at login.
    session.cycle_key()
    session[ACTIVE_CLINIC_KEY] = membership.clinic_id
    with transaction.atomic():
        record_event(
            action="accounts.clinic.switched",
            by=Actor(membership=membership, address=by.address),
            subject=membership.clinic,
        )
    return membership
