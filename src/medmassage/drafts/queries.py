"""Reading a member's own drafts."""

from __future__ import annotations

from medmassage.accounts.models import Membership
from medmassage.drafts.models import FormDraft


def get_draft(membership: Membership, form: str) -> FormDraft | None:
    """The member's draft of a form, if one is kept (a draft is only ever shown to its author)."""
    return (
        FormDraft.objects.for_clinic(membership.clinic_id)
        .filter(author=membership, form=form)
        .first()
    )
