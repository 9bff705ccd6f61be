"""Reads about users, clinics and memberships."""

from __future__ import annotations

from django.contrib.sessions.backends.base import SessionBase
from django.db.models import QuerySet

from medmassage.accounts.models import Membership, User

ACTIVE_CLINIC_KEY = "medmassage.clinic_id"


def active_memberships() -> QuerySet[Membership]:
    """Active memberships with their user and clinic, clinic by clinic."""
    return (
        Membership.objects.filter(is_active=True)
        .select_related("clinic", "user")
        .order_by("clinic__name", "clinic_id")
    )


def list_memberships(user: User) -> QuerySet[Membership]:
    """The user's active memberships, clinic by clinic."""
    return active_memberships().filter(user=user)


_KEPT = "_active_memberships"


def keep_memberships(user: User, memberships: list[Membership]) -> None:
    """Keep the user's active memberships, read with them, for `memberships_of`."""
    setattr(user, _KEPT, memberships)  # through request.user's lazy wrappers to the user


def memberships_of(user: User) -> list[Membership]:
    """The user's active memberships, read at most once for a user object: the login backend
    reads them with the signed-in user (`accounts.backends`)."""
    kept: list[Membership] | None = getattr(user, _KEPT, None)
    if kept is None:
        kept = list(list_memberships(user))
        keep_memberships(user, kept)
    return kept


def choose_membership(memberships: list[Membership], session: SessionBase) -> Membership | None:
    """Of the user's memberships (loaded once), the session's chosen clinic's, else the first."""
    chosen = session.get(ACTIVE_CLINIC_KEY)
    if chosen is not None:
        for membership in memberships:
            if membership.clinic_id == chosen:
                return membership
    return memberships[0] if memberships else None
