"""Who may see and change home programs, progress and discharges (front desk: nothing)."""

from __future__ import annotations

import pytest

from medmassage.accounts import policy
from medmassage.accounts.models import Membership, Role, User

# owner, therapist, front desk; written out here rather than read from policy.RULES
EXPECTED = {
    "homecare.view": (True, True, False),
    "homecare.edit": (False, True, False),
    "outcomes.progress.view": (True, True, False),
    "plans.close": (False, True, False),
}


@pytest.mark.parametrize(("action", "allowed"), EXPECTED.items())
def test_each_role_gets_exactly_what_is_expected(action: str, allowed: tuple[bool, ...]) -> None:
    roles = (Role.OWNER, Role.THERAPIST, Role.FRONT_DESK)
    members = [Membership(user=User(is_active=True), role=role, is_active=True) for role in roles]

    assert tuple(policy.allows(member, action) for member in members) == allowed
