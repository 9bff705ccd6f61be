"""What a resource type is made of: one or more sources of rows, each with its ids, its
search parameters and the mapping that turns a row into resources.

A kind may draw on several tables (Observation: questionnaire totals and range of motion;
DocumentReference: notes, discharge summaries, letters, reports), each a `Source` with its own
ids. A source marked `expands` yields several resources per row (an intake's complaints).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Q, QuerySet

from medmassage.fhir.mapping import Json
from medmassage.fhir.params import (
    Filter,
    reference_filter,
)

Rows = Callable[[int], QuerySet[Any]]


@dataclass(frozen=True)
class Source:
    rows: Rows  # the clinic's rows (by clinic id), related rows joined, in a stable order
    build: Callable[[Any], list[Json]]
    ids: Callable[[str], Q | None]  # a resource id as a filter on these rows (None: not ours)
    since: Callable[[dt.datetime], Q]
    params: Mapping[str, Filter] = field(default_factory=dict)
    patient: str | None = "client_id"  # the column holding the client, if any
    expands: bool = False
    # Parameters matched against the built resources (sources that expand a row).
    keep: Mapping[str, Callable[[Json, str], bool]] = field(default_factory=dict)


@dataclass(frozen=True)
class Kind:
    name: str
    action: str  # the policy action that reads it
    sources: tuple[Source, ...]

    @property
    def search_params(self) -> tuple[str, ...]:
        names = {name for source in self.sources for name in (*source.params, *source.keep)}
        return tuple(sorted({"_id", *names}))

    @property
    def in_patient_compartment(self) -> bool:
        return all(source.patient for source in self.sources)


def ids_by_pk(prefix: str = "") -> Callable[[str], Q | None]:
    def parse(resource_id: str) -> Q | None:
        rest = resource_id.removeprefix(prefix) if prefix else resource_id
        if (prefix and not resource_id.startswith(prefix)) or not rest.isdigit():
            return None
        return Q(pk=int(rest))

    return parse


def one(build: Callable[[Any], Json]) -> Callable[[Any], list[Json]]:
    return lambda row: [build(row)]


def changed_since(*fields: str) -> Callable[[dt.datetime], Q]:
    def since(moment: dt.datetime) -> Q:
        found = Q(**{f"{fields[0]}__gte": moment})
        for name in fields[1:]:
            found |= Q(**{f"{name}__gte": moment})
        return found

    return since


def patient_params(column: str = "client_id") -> dict[str, Filter]:
    by_patient = reference_filter(column, "Patient")
    return {"patient": by_patient, "subject": by_patient}
