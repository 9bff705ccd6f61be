"""The dashboard's part of the referral loop: overdue answers, authorisations running out."""

from __future__ import annotations

from typing import Any

from medmassage.accounts import policy
from medmassage.accounts.models import Membership
from medmassage.referrals.queries import needs_attention


def referral_attention(membership: Membership) -> dict[str, Any]:
    """Context for the include `referrals/_dashboard_attention.html` (clinical roles only)."""
    if not policy.allows(membership, "referrals.view"):
        return {"referral_attention": None}
    return {"referral_attention": needs_attention(membership.clinic_id)}
