"""Changes to a member's role or standing, audited wherever they are made (the admin too)."""

from __future__ import annotations

from django.db import transaction

from medmassage.accounts.actors import Actor
from medmassage.accounts.models import Membership
from medmassage.accounts.tokens import revoke_member_tokens
from medmassage.audit.services import record_event


@transaction.atomic
def change_membership(
    membership: Membership, *, by: Actor | None, role: str, is_active: bool
) -> Membership:
    """Set a member's role and standing; a deactivated member's API tokens are revoked (so
    that reactivation does not bring them back). Each change is an audit event."""
    stored = Membership.objects.select_for_update(no_key=True).get(pk=membership.pk)
    changes: dict[str, dict[str, object]] = {}
    if stored.role != role:
        changes["role"] = {"from": stored.role, "to": role}
    if stored.is_active != is_active:
        changes["is_active"] = {"from": stored.is_active, "to": is_active}
    if not changes:
        return stored
    stored.role, stored.is_active = role, is_active
    stored.save(update_fields=["role", "is_active"])
    revoked = 0 if is_active else revoke_member_tokens(stored)
    record_event(
        action="accounts.membership.changed",
        by=by,
        clinic=stored.clinic_id,
        subject=stored,
        details={**changes, "member": stored.user.email, "tokens_revoked": revoked},
    )
    return stored
