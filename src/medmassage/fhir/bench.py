"""How fast the bulk export builds and writes resources, against plain `json.dumps` of the rows.

Seeds synthetic clients and questionnaire results into a throwaway clinic inside a transaction
that is rolled back, then times the export's own path (rows read in chunks, resources built as
dicts, one NDJSON line each) per resource type, beside the baseline: the same rows read with
`.values()` and written with `json.dumps`. Also times validating resources with fhir.resources,
to show why the hot path builds dicts and the tests validate. Figures are per CPU-second of
this one process (one core), printed one JSON object per line; nothing is asserted.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import random
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils import timezone

from medmassage.accounts.models import Clinic, Membership, Role, User
from medmassage.clients.models import Client, index_names
from medmassage.fhir.exports import _encode
from medmassage.fhir.kinds import KINDS
from medmassage.fhir.search import stream
from medmassage.outcomes.models import Measurement
from medmassage.tenancy import clinic_scope

BATCH = 5000
_ANSWERS = {"ndi": 10, "nprs": 1, "odi": 10, "pss10": 10}


class _Rollback(Exception):
    pass


@dataclass(frozen=True)
class Figure:
    resource_type: str
    resources: int
    seconds: float
    baseline_seconds: float

    def as_json(self) -> dict[str, Any]:
        rate = self.resources / self.seconds if self.seconds else 0.0
        baseline = self.resources / self.baseline_seconds if self.baseline_seconds else 0.0
        return {
            "figure": f"fhir_export_{self.resource_type}_per_second",
            "value": round(rate),
            "resources": self.resources,
            "cpu_seconds": round(self.seconds, 3),
            "baseline": "json.dumps of the same rows (.values())",
            "baseline_value": round(baseline),
            "cost_vs_baseline": round(self.seconds / self.baseline_seconds, 2)
            if self.baseline_seconds
            else None,
        }


def _seed(clients: int, per_client: int, seed: int) -> Clinic:
    rng = random.Random(seed)  # noqa: S311 - synthetic data, not secrets
    stamp = timezone.now()
    clinic = Clinic.objects.create(name="Bench clinic", slug=f"bench-{stamp.timestamp():.0f}")
    user = User.objects.create_user(f"bench-{clinic.slug}@example.org", None, full_name="Bench")
    member = Membership.objects.create(user=user, clinic=clinic, role=Role.THERAPIST)
    rows = []
    for number in range(clients):
        client = Client(
            clinic=clinic,
            given_name=rng.choice(["Ada", "Ben", "Chloé", "Daniel", "Elif"]),
            family_name=f"Bench{number}",
            date_of_birth=dt.date(1950, 1, 1) + dt.timedelta(days=rng.randrange(25000)),
            phone=f"555-{number % 10000:04d}",
        )
        client.fill_search_keys()
        rows.append(client)
    Client.objects.for_clinic(clinic).bulk_create(rows, batch_size=BATCH)
    index_names(rows)
    ids = list(Client.objects.for_clinic(clinic).values_list("pk", flat=True))
    measurements = [
        Measurement(
            clinic=clinic,
            client_id=client_id,
            instrument=instrument,
            answers=[rng.randrange(5) for _ in range(_ANSWERS[instrument])],
            score=Decimal(rng.randrange(0, 10000)) / 100,
            band="moderate",
            answered=_ANSWERS[instrument],
            context="visit",
            administered_at=stamp - dt.timedelta(days=rng.randrange(700)),
            recorded_by=member,
        )
        for client_id in ids
        for instrument in rng.choices(sorted(_ANSWERS), k=per_client)
    ]
    Measurement.objects.for_clinic(clinic).bulk_create(measurements, batch_size=BATCH)
    return clinic


def _time(write: Callable[[io.StringIO], int]) -> tuple[int, float]:
    # CPU time of this process (SQLite runs in it too): "per second on one core", however
    # busy the machine's other cores are.
    sink = io.StringIO()
    started = time.process_time()
    count = write(sink)
    return count, time.process_time() - started


def _export(resource_type: str, clinic_id: int) -> Callable[[io.StringIO], int]:
    def write(sink: io.StringIO) -> int:
        count = 0
        for resource in stream(KINDS[resource_type], clinic_id):
            sink.write(_encode(resource))
            sink.write("\n")
            count += 1
        return count

    return write


def _baseline(model: Any, clinic_id: int) -> Callable[[io.StringIO], int]:
    def write(sink: io.StringIO) -> int:
        count = 0
        rows: Iterator[dict[str, Any]] = (
            model.objects.for_clinic(clinic_id).order_by("pk").values().iterator(chunk_size=2000)
        )
        for row in rows:
            sink.write(json.dumps(row, default=str))
            sink.write("\n")
            count += 1
        return count

    return write


def _validation_rate(clinic_id: int, sample: int) -> dict[str, Any]:
    from fhir.resources.R4B import get_fhir_model_class

    model = get_fhir_model_class("Observation")
    resources = [
        r for _, r in zip(range(sample), stream(KINDS["Observation"], clinic_id), strict=False)
    ]
    started = time.process_time()
    for resource in resources:
        model.model_validate(resource)
    seconds = time.process_time() - started
    return {
        "figure": "fhir_resources_validation_per_second",
        "value": round(len(resources) / seconds) if seconds else 0,
        "resources": len(resources),
        "note": "fhir.resources (pydantic) per resource: used in tests, not on the export path",
    }


def run_benchmark(*, clients: int, per_client: int, seed: int) -> list[dict[str, Any]]:
    """Seed, time, roll back; returns the figures."""
    figures: list[dict[str, Any]] = []
    try:
        with transaction.atomic():
            clinic = _seed(clients, per_client, seed)
            with clinic_scope(clinic):
                total, seconds, base = 0, 0.0, 0.0
                for resource_type, model in (
                    ("Patient", Client),
                    ("Observation", Measurement),
                    ("QuestionnaireResponse", Measurement),
                ):
                    count, spent = _time(_export(resource_type, clinic.pk))
                    _, baseline = _time(_baseline(model, clinic.pk))
                    figures.append(Figure(resource_type, count, spent, baseline).as_json())
                    total, seconds, base = total + count, seconds + spent, base + baseline
                figures.append(Figure("all", total, seconds, base).as_json())
                figures.append(_validation_rate(clinic.pk, 2000))
            raise _Rollback
    except _Rollback:
        pass
    return figures
