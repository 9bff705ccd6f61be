"""Template context shared by every page: the active clinic and the user's other clinics."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from medmassage.accounts import policy
from medmassage.accounts.queries import list_memberships


def clinic(request: HttpRequest) -> dict[str, Any]:
    """The active clinic, role, the clinic switcher's choices and what the role may do."""
    membership = getattr(request, "membership", None)
    if membership is None:
        return {"membership": None, "active_clinic": None, "other_memberships": []}
    others = [m for m in list_memberships(membership.user) if m.pk != membership.pk]
    return {
        "membership": membership,
        "active_clinic": membership.clinic,
        "other_memberships": others,
        "can_admin": policy.allows(membership, "clinic.admin"),
        "can_import": policy.allows(membership, "fhir.import"),
        "can_view_audit": policy.allows(membership, "audit.view"),
    }
