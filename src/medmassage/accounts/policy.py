"""Who may do what: the one place permissions are decided.

Deny by default. An action is allowed only when the user's active membership in the clinic has
a role listed for it here. Views and API endpoints ask `allows()` or `require()`; nothing else
grants access.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied

from medmassage.accounts.models import Role

if TYPE_CHECKING:
    from medmassage.accounts.models import Membership

OWNER, THERAPIST, FRONT_DESK = Role.OWNER, Role.THERAPIST, Role.FRONT_DESK

# Front desk handles identity and contact, never clinical content (project policy).
RULES: dict[str, frozenset[str]] = {
    "dashboard.view": frozenset({OWNER, THERAPIST, FRONT_DESK}),
    "clients.identity.view": frozenset({OWNER, THERAPIST, FRONT_DESK}),
    "clients.identity.edit": frozenset({OWNER, THERAPIST, FRONT_DESK}),
    "clients.clinical.view": frozenset({OWNER, THERAPIST}),
    "clients.clinical.edit": frozenset({THERAPIST}),
    "consents.view": frozenset({OWNER, THERAPIST}),
    "consents.record": frozenset({OWNER, THERAPIST}),
    "practitioners.view": frozenset({OWNER, THERAPIST, FRONT_DESK}),
    "practitioners.manage": frozenset({OWNER}),
    # A therapist keeps their own licences, certifications and education up to date.
    "practitioners.credentials.edit_own": frozenset({THERAPIST}),
    "clinic.credential_rules.manage": frozenset({OWNER}),
    "audit.view": frozenset({OWNER}),
    "clinic.admin": frozenset({OWNER}),
    "tokens.manage": frozenset({OWNER, THERAPIST, FRONT_DESK}),
}


def allows(membership: Membership | None, action: str) -> bool:
    """Whether this membership may perform the action (unknown actions are denied)."""
    if membership is None or not membership.is_active or not membership.user.is_active:
        return False
    return membership.role in RULES.get(action, frozenset())


def require(membership: Membership | None, action: str) -> None:
    """Raise PermissionDenied unless the membership may perform the action."""
    if not allows(membership, action):
        raise PermissionDenied(f"Your role does not allow {action}")
