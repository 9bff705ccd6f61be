"""The dashboard's part of the portal: clients' online forms waiting for the therapist's review,
those whose screening found a red flag first (to review today)."""

from __future__ import annotations

from typing import Any

from medmassage.accounts import policy
from medmassage.accounts.models import Membership
from medmassage.intake.review import list_pending_reviews


def portal_reviews(membership: Membership) -> dict[str, Any]:
    """Context for the dashboard's "Online forms to review" (clinical roles only)."""
    if not policy.allows(membership, "intake.view"):
        return {"portal_reviews": []}
    return {"portal_reviews": list_pending_reviews(membership.clinic_id)}
