"""Clinic-scoped reads of outcome measurements, and the chart's summary of them."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404
from django.utils import timezone

from medmassage.clinical.instruments import get_instrument
from medmassage.clinical.progress import Direction, progress
from medmassage.clinical.vocabulary import INSTRUMENTS
from medmassage.outcomes.models import Context, Measurement

if TYPE_CHECKING:
    from medmassage.accounts.models import Clinic
    from medmassage.clients.models import Client


def list_measurements(
    clinic: Clinic | int, client: Client, instrument: str | None = None
) -> QuerySet[Measurement]:
    """The client's measurements, oldest first, of one instrument if named."""
    found = Measurement.objects.for_clinic(clinic).filter(client=client)
    if instrument is not None:
        found = found.filter(instrument=instrument)
    return found.select_related("recorded_by__user").order_by("administered_at", "id")


def get_measurement(clinic: Clinic | int, measurement_id: int) -> Measurement:
    """One of the clinic's measurements, or 404 (another clinic's is simply not found)."""
    return get_object_or_404(
        Measurement.objects.for_clinic(clinic).select_related("client", "recorded_by__user"),
        pk=measurement_id,
    )


def get_baseline(clinic: Clinic | int, client: Client, instrument: str) -> Measurement | None:
    """The first measurement given as a baseline, else the first of the instrument, else None."""
    measurements = list_measurements(clinic, client, instrument)
    return measurements.filter(context=Context.BASELINE).first() or measurements.first()


def get_latest(clinic: Clinic | int, client: Client, instrument: str) -> Measurement | None:
    """The client's most recent measurement of the instrument, or None."""
    return list_measurements(clinic, client, instrument).last()


@dataclass(frozen=True, kw_only=True)
class MeasureSummary:
    """The latest score of one instrument against its baseline, for the client's chart."""

    instrument: str
    name: str
    unit: str
    higher_is_better: bool
    latest_id: int
    latest: Decimal
    latest_band: str
    measured_on: date
    baseline: Decimal
    baseline_band: str
    baseline_on: date
    count: int
    change: Decimal | None = None  # None until a later score exists to compare
    mcid_met: bool | None = None
    direction: Direction | None = None


def get_measure_summary(
    clinic: Clinic | int, client: Client, measurements: Sequence[Measurement] | None = None
) -> tuple[MeasureSummary, ...]:
    """Per instrument the client has done: latest score and band, against the baseline (from
    their measurements if already read, oldest first)."""
    if measurements is None:
        measurements = list(list_measurements(clinic, client))
    by_instrument: dict[str, list[Measurement]] = {}
    for measurement in measurements:
        by_instrument.setdefault(measurement.instrument, []).append(measurement)
    return tuple(
        _summary(by_instrument[instrument])
        for instrument in INSTRUMENTS
        if instrument in by_instrument
    )


def _summary(measurements: list[Measurement]) -> MeasureSummary:
    latest = measurements[-1]
    baselines = [m for m in measurements if m.context == Context.BASELINE]
    baseline = (baselines or measurements)[0]
    instrument = get_instrument(latest.instrument)
    summary = MeasureSummary(
        instrument=instrument.id,
        name=instrument.name,
        unit=instrument.unit,
        higher_is_better=instrument.higher_is_better,
        latest_id=latest.pk,
        latest=latest.score,
        latest_band=latest.band,
        measured_on=timezone.localdate(latest.administered_at),
        baseline=baseline.score,
        baseline_band=baseline.band,
        baseline_on=timezone.localdate(baseline.administered_at),
        count=len(measurements),
    )
    if latest.pk == baseline.pk:
        return summary
    change = progress(instrument.id, float(baseline.score), float(latest.score))
    return replace(
        summary,
        change=latest.score - baseline.score,
        mcid_met=change.mcid_met,
        direction=change.direction,
    )
