"""What pages need of drafts: the autosave answer, and the form's autosave attributes."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, JsonResponse
from django.utils import timezone

from medmassage.accounts.access import ClinicRequest
from medmassage.drafts import services
from medmassage.drafts.models import FormDraft
from medmassage.problems import DOMAIN_ERRORS, problem_message, problem_status


def posted_fields(request: HttpRequest) -> list[tuple[str, str]]:
    """Every posted field in order, repeated names included."""
    return [(name, value) for name, values in request.POST.lists() for value in values]


def saved_label(draft: FormDraft | None) -> str:
    """ "Draft saved at 10:42", in the clinic's time, or empty."""
    if draft is None:
        return ""
    return f"Draft saved at {timezone.localtime(draft.saved_at):%H:%M:%S}"


def autosave(request: ClinicRequest, *, form: str, client_id: int | None) -> JsonResponse:
    """Keep the posted form as the member's draft and say when (JSON for the autosave script)."""
    try:
        draft = services.save_draft(
            form=form, fields=posted_fields(request), by=request.actor, client_id=client_id
        )
    except DOMAIN_ERRORS as error:
        return JsonResponse({"problem": problem_message(error)}, status=problem_status(error))
    return JsonResponse({"saved_at": draft.saved_at.isoformat(), "label": saved_label(draft)})


def keep_refused(request: ClinicRequest, *, form: str, client_id: int | None) -> FormDraft:
    """A refused submission is kept as the draft too: leaving the page loses nothing."""
    return services.save_draft(
        form=form, fields=posted_fields(request), by=request.actor, client_id=client_id
    )


def draft_context(draft: FormDraft | None) -> dict[str, Any]:
    """The template's view of a draft: its label and whether the form shows it."""
    return {"draft_label": saved_label(draft), "draft_restored": draft is not None}
