"""JSON API of outcome measurements: adapters over the same services and queries as the pages."""

from __future__ import annotations

from ninja import Query, Router, Status

from medmassage.accounts.access import ClinicRequest
from medmassage.audit.services import record_read
from medmassage.clients.access import client_for
from medmassage.clinical.instruments import INSTRUMENTS
from medmassage.outcomes import progress as progress_queries
from medmassage.outcomes import queries, services
from medmassage.outcomes.models import Measurement
from medmassage.outcomes.schemas import (
    MeasurementIn,
    MeasurementOut,
    MeasurementQuery,
    MeasureProgressOut,
    ProgressOut,
    ReassessmentOut,
)
from medmassage.problems import invalid

router = Router(tags=["outcomes"])


@router.get(
    "/clients/{client_id}/measurements",
    response=list[MeasurementOut],
    url_name="client-measurements",
    summary="A client's outcome measurements",
)
def list_measurements(
    request: ClinicRequest, client_id: int, filters: Query[MeasurementQuery]
) -> list[MeasurementOut]:
    """Every measurement of the client, oldest first, of one instrument if asked. Audited."""
    client = client_for(request, client_id, "outcomes.view")
    if filters.instrument is not None and filters.instrument not in INSTRUMENTS:
        known = ", ".join(INSTRUMENTS)
        raise invalid("instrument", f"unknown instrument; known: {known}")
    record_read(
        "outcomes.measurements.viewed",
        by=request.actor,
        client=client,
        details={"instrument": filters.instrument},
    )
    found = queries.list_measurements(client.clinic_id, client, filters.instrument)
    return [measurement_out(measurement) for measurement in found]


@router.post(
    "/clients/{client_id}/measurements",
    response={201: MeasurementOut},
    summary="Give a questionnaire: the clinical core scores it",
)
def record_measurement(
    request: ClinicRequest, client_id: int, payload: MeasurementIn
) -> Status[MeasurementOut]:
    """Score and keep the answers; 422 names the field (and the item) and nothing is saved."""
    client = client_for(request, client_id, "outcomes.record")
    measurement = services.record_measurement(
        client=client, by=request.actor, **payload.model_dump()
    )
    return Status(201, measurement_out(measurement))


def measurement_out(measurement: Measurement) -> MeasurementOut:
    """A measurement as the API shows it, with its instrument's range and direction."""
    instrument = INSTRUMENTS[measurement.instrument]
    return MeasurementOut.model_validate(
        {
            "id": measurement.pk,
            "client_id": measurement.client_id,
            "instrument": instrument.id,
            "name": instrument.name,
            "answers": measurement.answers,
            "activities": measurement.activities,
            "score": float(measurement.score),
            "min": instrument.min,
            "max": instrument.max,
            "higher_is_better": instrument.higher_is_better,
            "unit": instrument.unit,
            "band": measurement.band or None,
            "answered": measurement.answered,
            "items": len(measurement.answers),
            "context": measurement.context,
            "administered_at": measurement.administered_at,
            "recorded_by": None
            if measurement.recorded_by is None
            else {
                "membership_id": measurement.recorded_by_id,
                "name": measurement.recorded_by.user.full_name,
            },
            "by_client": measurement.by_client,
        }
    )


@router.get(
    "/clients/{client_id}/progress",
    response=ProgressOut,
    summary="Progress per measure against baseline, and any re-assessment prompt",
)
def get_progress(request: ClinicRequest, client_id: int) -> ProgressOut:
    """Baseline, latest, change, MCID and direction per instrument, with the series. Audited."""
    client = client_for(request, client_id, "outcomes.progress.view")
    record_read("outcomes.measurements.viewed", by=request.actor, client=client)
    clinic = client.clinic_id
    prompt = progress_queries.needs_reassessment(clinic, client)
    return ProgressOut(
        measures=[
            MeasureProgressOut(
                **{
                    **vars(measure),
                    "latest_band": measure.latest_band or None,
                    "series": [vars(point) for point in measure.series],
                },
            )
            for measure in progress_queries.get_progress(clinic, client)
        ],
        reassessment=None if prompt is None else ReassessmentOut(**vars(prompt)),
    )
