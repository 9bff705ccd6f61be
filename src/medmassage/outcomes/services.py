"""The only writer of outcome measurements, each in one transaction with its audit event."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta
from decimal import Decimal
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone

from medmassage.audit.services import record_event, record_in_transaction
from medmassage.outcomes.models import SCORE_PLACES, Context, Measurement
from medmassage.outcomes.validation import score_questionnaire

if TYPE_CHECKING:
    from medmassage.accounts.models import Clinic, Membership
    from medmassage.assessments.models import Assessment
    from medmassage.clients.models import Client

_QUANTUM = Decimal(1).scaleb(-SCORE_PLACES)
# A device clock a little ahead of the server's is not an error; a day ahead is.
_CLOCK_SKEW = timedelta(minutes=5)


@transaction.atomic
def record_measurement(
    *,
    clinic: Clinic,
    client: Client,
    actor_membership: Membership,
    instrument: str,
    answers: object,
    context: str,
    activities: Sequence[str] = (),
    administered_at: datetime | None = None,
    assessment: Assessment | None = None,
    request: HttpRequest | None = None,
) -> Measurement:
    """Score the answers with the clinical core and keep both; ValidationError names the field."""
    _check_same_clinic(clinic, client=client, member=actor_membership, assessment=assessment)
    when = _checked_time(administered_at)
    if context not in Context.values:
        raise ValidationError({"context": [f"context must be one of {', '.join(Context.values)}"]})
    scored = score_questionnaire(instrument, answers, activities=activities)
    measurement = Measurement(
        clinic=clinic,
        client=client,
        instrument=instrument,
        answers=list(scored.answers),
        activities=list(scored.activities),
        score=Decimal(scored.score.score).quantize(_QUANTUM),
        band=scored.score.band or "",
        answered=scored.score.answered,
        context=context,
        administered_at=when,
        recorded_by=actor_membership,
        assessment=assessment,
    )
    measurement.save()
    _record_event(measurement, request)
    return measurement


def _record_event(measurement: Measurement, request: HttpRequest | None) -> None:
    record_event(
        action="outcomes.measurement.recorded",
        actor=measurement.recorded_by.user,
        clinic=measurement.clinic,
        subject=measurement,
        client=measurement.client,
        request=request,
        details={
            "instrument": measurement.instrument,
            "context": measurement.context,
            "assessment": measurement.assessment_id,
        },
    )


def record_measurements_viewed(
    *, client: Client, actor: object, request: HttpRequest | None, instrument: str | None = None
) -> None:
    """Record that someone read a client's measurements (reads of clinical data are audited)."""
    record_in_transaction(
        action="outcomes.measurements.viewed",
        actor=actor,
        clinic=client.clinic_id,
        client=client,
        request=request,
        details={"instrument": instrument},
    )


def record_measurement_viewed(
    *, measurement: Measurement, actor: object, request: HttpRequest | None
) -> None:
    """Record that someone read one measurement."""
    record_in_transaction(
        action="outcomes.measurement.viewed",
        actor=actor,
        clinic=measurement.clinic_id,
        subject=measurement,
        client=measurement.client_id,
        request=request,
    )


def _check_same_clinic(
    clinic: Clinic, *, client: Client, member: Membership, assessment: Assessment | None
) -> None:
    # Callers look records up through clinic-scoped queries; a mismatch is a programming error.
    owners = {client.clinic_id, member.clinic_id}
    if assessment is not None:
        owners.add(assessment.clinic_id)
        if assessment.client_id != client.pk:
            raise ValueError("The assessment belongs to another client")
    if owners != {clinic.pk}:
        raise ValueError("Client, recorder and assessment must belong to the clinic")


def _checked_time(administered_at: datetime | None) -> datetime:
    if administered_at is None:
        return timezone.now()
    if timezone.is_naive(administered_at):
        raise ValidationError({"administered_at": ["give the time with its time zone"]})
    if administered_at > timezone.now() + _CLOCK_SKEW:
        raise ValidationError({"administered_at": ["cannot be in the future"]})
    return administered_at
