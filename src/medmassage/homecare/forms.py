"""The program editor's posted fields, read into the service's changes."""

from __future__ import annotations

from django.http import QueryDict

from medmassage.homecare.services import ProgramChanges


def changes_from_post(post: QueryDict) -> ProgramChanges:
    """One editor action: `add`, `drop` or `dose` of `exercise` (with `dose` text), `reason`."""
    action, exercise = post.get("action", ""), post.get("exercise", "").strip()
    reason = post.get("reason", "")
    if action == "add":
        return ProgramChanges(add=[exercise], reason=reason)
    if action == "drop":
        return ProgramChanges(drop=[exercise], reason=reason)
    if action == "dose":
        return ProgramChanges(doses={exercise: post.get("dose", "")}, reason=reason)
    return ProgramChanges(reason=reason)
