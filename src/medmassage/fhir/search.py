"""Reading and searching kinds: filters, totals and pages across a kind's sources."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator, Sequence
from typing import Any

from django.db.models import QuerySet

from medmassage.fhir.errors import FhirError, not_found
from medmassage.fhir.kinds import KINDS, Kind, Source
from medmassage.fhir.mapping import Json
from medmassage.fhir.params import parse_instant

# Parameters about the answer rather than the rows (`_totalMethod` is fhirpy's, for counts).
RESULT_PARAMETERS = frozenset(
    {"_count", "_offset", "_format", "_summary", "_total", "_totalMethod", "_sort", "_pretty"}
)
DEFAULT_COUNT, MAX_COUNT = 50, 500
CHUNK = 2000


def kind_named(name: str) -> Kind:
    """The kind of a resource type this server answers, or 404."""
    kind = KINDS.get(name)
    if kind is None:
        raise FhirError(
            404, f"{name} is not a resource type this server supports", code="not-supported"
        )
    return kind


def _filtered(
    source: Source, clinic_id: int, params: Sequence[tuple[str, str]]
) -> QuerySet[Any] | None:
    rows = source.rows(clinic_id)
    for name, value in params:
        if name == "_id":
            ids = [source.ids(part.strip()) for part in value.split(",")]
            found = [q for q in ids if q is not None]
            if not found:
                return None
            either = found[0]
            for q in found[1:]:
                either |= q
            rows = rows.filter(either)
        elif name in source.params:
            rows = rows.filter(source.params[name](value))
        elif name not in source.keep:
            return None  # the kind's other source has it; this one cannot match
    return rows


def _kept(
    source: Source, resources: Iterable[Json], params: Sequence[tuple[str, str]]
) -> list[Json]:
    ids = [set(value.split(",")) for name, value in params if name == "_id"]
    return [
        resource
        for resource in resources
        if all(resource["id"] in wanted for wanted in ids)
        and all(source.keep[name](resource, value) for name, value in params if name in source.keep)
    ]


def _expanded(source: Source, rows: QuerySet[Any], params: Sequence[tuple[str, str]]) -> list[Json]:
    return _kept(
        source, (r for row in rows.iterator(chunk_size=CHUNK) for r in source.build(row)), params
    )


def split_params(
    kind: Kind, query: Iterable[tuple[str, str]], *, strict: bool
) -> tuple[list[tuple[str, str]], tuple[str, ...]]:
    """The filtering parameters, and those this server ignores (400 when handling is strict)."""
    known = set(kind.search_params)
    used, ignored = [], []
    for name, value in query:
        if name in RESULT_PARAMETERS:
            continue
        if name in known and value != "":
            used.append((name, value))
        else:
            ignored.append(name)
    if ignored and strict:
        raise FhirError(400, f"{kind.name} cannot be searched by {', '.join(sorted(set(ignored)))}")
    return used, tuple(sorted(set(ignored)))


def search(
    kind: Kind, clinic_id: int, params: Sequence[tuple[str, str]], *, offset: int, count: int
) -> tuple[int, list[Json]]:
    """The total matching and one page of resources, the kind's sources one after another."""
    total, skip = 0, offset
    page: list[Json] = []
    for source in kind.sources:
        rows = _filtered(source, clinic_id, params)
        if rows is None:
            continue
        if source.expands:
            matched = _expanded(source, rows, params)
            size, taken = len(matched), matched
        else:
            size = rows.count()
            taken = None
        total += size
        want = count - len(page)
        if want <= 0 or skip >= size:
            skip = max(0, skip - size)
            continue
        if taken is None:
            page += [r for row in rows[skip : skip + want] for r in source.build(row)]
        else:
            page += taken[skip : skip + want]
        skip = 0
    return total, page


def read(kind: Kind, clinic_id: int, resource_id: str) -> Json:
    """One resource of the clinic by id, or 404 (another clinic's is simply not known)."""
    for source in kind.sources:
        q = source.ids(resource_id)
        if q is None:
            continue
        row = source.rows(clinic_id).filter(q).first()
        if row is None:
            continue
        for resource in source.build(row):
            if resource["id"] == resource_id:
                return resource
    raise not_found(kind.name, resource_id)


def stream(
    kind: Kind,
    clinic_id: int,
    *,
    patients: Sequence[int] | None = None,
    since: dt.datetime | None = None,
) -> Iterator[Json]:
    """Every resource of the kind (of these patients, changed since then), row by row."""
    for source in kind.sources:
        rows = source.rows(clinic_id)
        if patients is not None:
            if source.patient is None:
                continue
            rows = rows.filter(**{f"{source.patient}__in": list(patients)})
        if since is not None:
            rows = rows.filter(source.since(since))
        for row in rows.iterator(chunk_size=CHUNK):
            yield from source.build(row)


def client_of(resource: Json) -> int | None:
    """The client a resource is about (for the record of reads)."""
    if resource.get("resourceType") == "Patient":
        return int(resource["id"])
    for key in ("subject", "patient"):
        reference = resource.get(key)
        if isinstance(reference, dict) and str(reference.get("reference", "")).startswith(
            "Patient/"
        ):
            return int(reference["reference"].removeprefix("Patient/"))
    return None


def parse_since(text: str) -> dt.datetime:
    """`_since`: an instant (a `+` sent unencoded arrives as a space)."""
    start, _end = parse_instant(text.strip().replace(" ", "+"), name="_since")
    return start


def parse_types(text: str | None) -> frozenset[str] | None:
    """`_type=Patient,Observation`: known types only (None: every type)."""
    if not text:
        return None
    names = frozenset(name.strip() for name in text.split(",") if name.strip())
    unknown = sorted(names - set(KINDS))
    if unknown:
        raise FhirError(400, f"_type: not resource types this server exports: {', '.join(unknown)}")
    return names


def collect_references(value: object, found: set[str]) -> None:
    """Every `reference` inside a resource."""
    if isinstance(value, dict):
        for key, item in value.items():
            if key == "reference" and isinstance(item, str):
                found.add(item)
            else:
                collect_references(item, found)
    elif isinstance(value, list):
        for item in value:
            collect_references(item, found)
