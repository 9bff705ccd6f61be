"""The login backend: Django's password check, and a signed-in user read with their clinics.

Every signed-in request needs the user and their active memberships (the clinic middleware
picks the session's clinic from them, the clinic switcher lists them). `MemberBackend` reads
both in one query, the memberships joined to the user and clinic, and keeps the list on the
user for `queries.memberships_of`; a user with no active membership is read alone.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.backends import ModelBackend

from medmassage.accounts.models import User
from medmassage.accounts.queries import active_memberships, keep_memberships


class MemberBackend(ModelBackend):
    def get_user(self, user_id: Any) -> User | None:
        memberships = list(active_memberships().filter(user_id=user_id))
        if not memberships:
            alone = super().get_user(user_id)
            if not isinstance(alone, User):
                return None
            keep_memberships(alone, [])
            return alone
        user = memberships[0].user
        for membership in memberships:
            membership.user = user  # one instance for the request, whichever clinic acts
        if not self.user_can_authenticate(user):
            return None
        keep_memberships(user, memberships)
        return user
