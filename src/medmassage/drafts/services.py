"""The only writers of form drafts: keep what was typed, drop it once the form is saved."""

from __future__ import annotations

from collections.abc import Iterable

from django.db import transaction
from django.utils import timezone

from medmassage.accounts.actors import Actor
from medmassage.audit.services import record_event
from medmassage.drafts.models import FormDraft
from medmassage.problems import invalid

# Fields never kept: the form's one-time token, and the buttons that say what to do.
NOT_KEPT = frozenset({"csrfmiddlewaretoken", "action"})
MAX_FIELDS = 2000
MAX_CHARS = 200_000


@transaction.atomic
def save_draft(
    *, form: str, fields: Iterable[tuple[str, str]], by: Actor, client_id: int | None = None
) -> FormDraft:
    """Keep the member's input on a form (one draft per member and form, replaced each time)."""
    kept = [[name, value] for name, value in fields if name not in NOT_KEPT]
    if len(kept) > MAX_FIELDS or sum(len(v) for _, v in kept) > MAX_CHARS:
        raise invalid("draft", "is too long to keep")
    draft, created = FormDraft.objects.for_clinic(by.clinic_id).update_or_create(
        clinic_id=by.clinic_id,
        author=by.membership,
        form=form,
        defaults={"fields": kept, "client_id": client_id, "saved_at": timezone.now()},
    )
    # The event says which form, never what was typed (audit rows are kept forever).
    record_event(
        action="drafts.draft.saved",
        by=by,
        subject=draft,
        details={"form": form, "fields": len(kept), "new": created},
    )
    return draft


@transaction.atomic
def discard_draft(*, form: str, by: Actor) -> None:
    """Drop the member's draft of a form once what it held is saved (or deliberately left)."""
    drafts = FormDraft.objects.for_clinic(by.clinic_id).filter(author=by.membership, form=form)
    for draft in drafts:
        record_event(action="drafts.draft.discarded", by=by, subject=draft, details={"form": form})
    drafts.delete()
