"""The only writer of outcome measurements, each in one transaction with its audit event."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta
from decimal import Decimal
from typing import TYPE_CHECKING

from django.db import transaction
from django.utils import timezone

from medmassage import course_figures
from medmassage.accounts.actors import Actor
from medmassage.audit.services import record_event
from medmassage.clientaccounts.actors import ClientActor, audit_actor
from medmassage.outcomes.models import SCORE_PLACES, Context, Measurement
from medmassage.outcomes.validation import score_questionnaire
from medmassage.problems import invalid

if TYPE_CHECKING:
    from medmassage.clients.models import Client

_QUANTUM = Decimal(1).scaleb(-SCORE_PLACES)
# A device clock a little ahead of the server's is not an error; a day ahead is.
_CLOCK_SKEW = timedelta(minutes=5)


@transaction.atomic
def record_measurement(
    *,
    client: Client,
    by: Actor | ClientActor,
    instrument: str,
    answers: object,
    context: str,
    activities: Sequence[str] = (),
    administered_at: datetime | None = None,
) -> Measurement:
    """Score the answers with the clinical core and keep both; InvalidInput names the field.
    A client answering in the portal (`ClientActor`) records only their own questionnaire."""
    # Callers look clients up through clinic-scoped queries; a mismatch is a programming error.
    if client.clinic_id != by.clinic_id:
        raise ValueError("The client must belong to the clinic of the member recording it")
    if isinstance(by, ClientActor) and by.client.pk != client.pk:
        raise ValueError("A client answers only their own questionnaires")
    when = _checked_time(administered_at)
    if context not in Context.values:
        raise invalid("context", f"context must be one of {', '.join(Context.values)}")
    scored = score_questionnaire(instrument, answers, activities=activities)
    measurement = Measurement(
        clinic=client.clinic,
        client=client,
        instrument=instrument,
        answers=list(scored.answers),
        activities=list(scored.activities),
        score=Decimal(scored.score.score).quantize(_QUANTUM),
        band=scored.score.band or "",
        answered=scored.score.answered,
        context=context,
        administered_at=when,
        recorded_by=by.membership if isinstance(by, Actor) else None,
        by_client=isinstance(by, ClientActor),
    )
    measurement.save()
    record_event(
        action="outcomes.measurement.recorded",
        subject=measurement,
        details={
            "instrument": measurement.instrument,
            "context": measurement.context,
            "by_client": measurement.by_client,
        },
        **audit_actor(by),
    )
    course_figures.changed(clinic_id=measurement.clinic_id, client_id=measurement.client_id)
    return measurement


def _checked_time(administered_at: datetime | None) -> datetime:
    if administered_at is None:
        return timezone.now()
    if timezone.is_naive(administered_at):
        raise invalid("administered_at", "give the time with its time zone")
    if administered_at > timezone.now() + _CLOCK_SKEW:
        raise invalid("administered_at", "cannot be in the future")
    return administered_at
