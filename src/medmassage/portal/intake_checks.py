"""What the portal checks of a client's intake before it is sent, for its page and its API."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.utils import timezone

from medmassage.clientaccounts.actors import ClientActor
from medmassage.intake.form_state import unanswered
from medmassage.intake.validation import check_intake
from medmassage.scheduling import queries as calendar
from medmassage.scheduling.calendar import local


def visit_day(actor: ClientActor) -> str:
    """The first upcoming appointment's day (the intake is for that visit), else today."""
    now = timezone.now()
    upcoming = [
        a
        for a in calendar.list_for_client(actor.clinic_id, actor.client)
        if a.starts_at >= now and a.holds_time
    ]
    when = min((a.starts_at for a in upcoming), default=now)
    return local(actor.clinic, when).date().isoformat()


def intake_errors(actor: ClientActor, document: dict[str, Any]) -> dict[str, list[str]]:
    """Questions left unanswered and anything the intake format refuses, by field."""
    errors: dict[str, list[str]] = dict(unanswered(document))
    try:
        check_intake(document, clinic=actor.clinic, client=actor.client)
    except ValidationError as error:
        errors |= error.message_dict
    return errors
