"""The FHIR R4 read and search API: metadata, reads, type searches and Patient $everything."""

from __future__ import annotations

import base64
from collections.abc import Callable

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.urls import reverse

from medmassage.accounts.access import ClinicRequest
from medmassage.audit.services import record_read
from medmassage.clients.queries import get_client
from medmassage.fhir import binaries
from medmassage.fhir import search as finder
from medmassage.fhir.access import fhir_response, fhir_view, require
from medmassage.fhir.capability import capability_statement
from medmassage.fhir.errors import FhirError
from medmassage.fhir.kinds import KINDS
from medmassage.fhir.mapping import Json
from medmassage.fhir.mapping.people import organization
from medmassage.recordaccess.enforce import enforce_client, restricted
from medmassage.referrals.models import ProgressReport, Referral
from medmassage.referrals.sealing import check_signed_document

# Where a resource names its client (Patient/<id>): every kind served here uses one of these.
PATIENT_REFERENCES = ("subject", "patient", "beneficiary")


def patient_of(resource: Json) -> int | None:
    """The client a resource is about, from its id (a Patient) or its patient reference."""
    if resource.get("resourceType") == "Patient":
        return int(resource["id"])
    for key in PATIENT_REFERENCES:
        reference = str((resource.get(key) or {}).get("reference", ""))
        number = reference.removeprefix("Patient/")
        if reference.startswith("Patient/") and number.isdigit():
            return int(number)
    return None


def _treating_team(request: ClinicRequest, resource: Json) -> None:
    """The clinic's treating-team rule for the client of one resource (403 off the team)."""
    client_id = patient_of(resource)
    if client_id is not None:
        enforce_client(request.actor, client_id, view=f"fhir:{resource['resourceType']}")


def _on_the_team(request: ClinicRequest, page: list[Json]) -> list[Json]:
    """A search page without the resources of clients the member may not open."""
    if not restricted(request.actor):
        return page
    allowed: dict[int, bool] = {}
    kept = []
    for resource in page:
        client_id = patient_of(resource)
        if client_id is not None and client_id not in allowed:
            try:
                enforce_client(request.actor, client_id, view="fhir:search")
                allowed[client_id] = True
            except PermissionDenied:
                allowed[client_id] = False
        if client_id is None or allowed[client_id]:
            kept.append(resource)
    return kept


def base_url(request: HttpRequest) -> str:
    return request.build_absolute_uri(reverse("fhir:metadata")).removesuffix("metadata")


@fhir_view("GET")
def metadata(request: ClinicRequest) -> HttpResponse:
    """The CapabilityStatement (answered to members only, like everything here)."""
    return fhir_response(capability_statement(base_url(request)))


def _count(request: HttpRequest) -> tuple[int, int]:
    try:
        count = int(request.GET.get("_count", finder.DEFAULT_COUNT))
        offset = int(request.GET.get("_offset", 0))
    except ValueError:
        raise FhirError(400, "_count and _offset must be whole numbers") from None
    if count < 0 or offset < 0:
        raise FhirError(400, "_count and _offset may not be negative")
    return min(count, finder.MAX_COUNT), offset


def _strict(request: HttpRequest) -> bool:
    return "handling=strict" in request.headers.get("Prefer", "").replace(" ", "")


@fhir_view("GET")
def search_type(request: ClinicRequest, resource_type: str) -> HttpResponse:
    """A searchset Bundle, paged with `_count` and `_offset` (links next and previous)."""
    kind = finder.kind_named(resource_type)
    require(request, kind.action)
    count, offset = _count(request)
    query = [(name, value) for name in request.GET for value in request.GET.getlist(name)]
    params, ignored = finder.split_params(kind, query, strict=_strict(request))
    total, page = finder.search(kind, request.clinic.pk, params, offset=offset, count=count)
    page = _on_the_team(request, page)
    if request.GET.get("_summary") == "count":
        page = []
    _audit(request, page, action=f"fhir.{kind.name.lower()}.search.viewed", count=total)
    base = base_url(request)
    bundle = searchset(
        base, f"{base}{kind.name}", params, page, total=total, offset=offset, count=count
    )
    if ignored:
        bundle["entry"].append(_ignored_note(ignored))
    return fhir_response(bundle)


def searchset(
    base: str,
    self_url: str,
    params: list[tuple[str, str]],
    page: list[Json],
    *,
    total: int,
    offset: int,
    count: int,
) -> Json:
    """A searchset Bundle with its paging links."""
    from urllib.parse import urlencode

    def link(relation: str, at: int) -> dict[str, str]:
        query = urlencode([*params, ("_count", str(count)), ("_offset", str(at))])
        return {"relation": relation, "url": f"{self_url}?{query}"}

    links = [link("self", offset)]
    if offset + count < total and count:
        links.append(link("next", offset + count))
    if offset > 0:
        links.append(link("previous", max(0, offset - count)))
    return {
        "resourceType": "Bundle",
        "type": "searchset",
        "total": total,
        "link": links,
        "entry": [
            {
                "fullUrl": f"{base}{r['resourceType']}/{r['id']}",
                "resource": r,
                "search": {"mode": "match"},
            }
            for r in page
        ],
    }


def _ignored_note(ignored: tuple[str, ...]) -> Json:
    return {
        "resource": {
            "resourceType": "OperationOutcome",
            "issue": [
                {
                    "severity": "warning",
                    "code": "not-supported",
                    "diagnostics": f"Search parameters ignored: {', '.join(ignored)}",
                }
            ],
        },
        "search": {"mode": "outcome"},
    }


def read_as(parameter: str) -> Callable[..., HttpResponseBase]:
    """The read view of a kind whose path names its id `parameter`."""

    @fhir_view("GET")
    def read_one(request: ClinicRequest, resource_type: str, **ids: str) -> HttpResponse:
        return read(request, resource_type, ids[parameter])

    return read_one


def read(request: ClinicRequest, resource_type: str, resource_id: str) -> HttpResponse:
    """One resource by id; another clinic's is 404."""
    kind = finder.kind_named(resource_type)
    require(request, kind.action)
    resource = finder.read(kind, request.clinic.pk, resource_id)
    _treating_team(request, resource)
    _audit(request, [resource], action=f"fhir.{kind.name.lower()}.viewed")
    return fhir_response(resource)


@fhir_view("GET")
def everything(request: ClinicRequest, patient_id: str) -> HttpResponse:
    """Everything about one client this server holds, as one searchset Bundle."""
    require(request, "clients.clinical.view")
    if not patient_id.isdigit():
        raise FhirError(404, f"Patient/{patient_id} is not known")
    client = get_client(request.clinic, int(patient_id))
    enforce_client(request.actor, client.pk, view="fhir:everything")
    since = None
    if "_since" in request.GET:
        since = finder.parse_since(request.GET["_since"])
    types = finder.parse_types(request.GET.get("_type"))
    resources: list[Json] = []
    for kind in KINDS.values():
        if kind.name == "Patient":
            continue
        if kind.in_patient_compartment and (types is None or kind.name in types):
            resources += finder.stream(kind, request.clinic.pk, patients=[client.pk], since=since)
    if types is None or "Patient" in types:
        resources.insert(0, finder.read(KINDS["Patient"], request.clinic.pk, str(client.pk)))
    resources += _referenced(request, resources, types)
    record_read(
        "fhir.patient.everything.viewed",
        by=request.actor,
        subject=client,
        details={"resources": len(resources)},
    )
    base = base_url(request)
    return fhir_response(
        searchset(
            base,
            f"{base}Patient/{client.pk}/$everything",
            [],
            resources,
            total=len(resources),
            offset=0,
            count=len(resources),
        )
    )


def _referenced(
    request: ClinicRequest, resources: list[Json], types: frozenset[str] | None
) -> list[Json]:
    """The practitioners and the clinic the resources refer to."""
    found: set[str] = set()
    for resource in resources:
        finder.collect_references(resource, found)
    extra: list[Json] = []
    if types is None or "Practitioner" in types:
        kind = KINDS["Practitioner"]
        ids = sorted(
            ref.removeprefix("Practitioner/") for ref in found if ref.startswith("Practitioner/")
        )
        extra += (
            finder.search(
                kind, request.clinic.pk, [("_id", ",".join(ids))], offset=0, count=finder.MAX_COUNT
            )[1]
            if ids
            else []
        )
    if types is None or "Organization" in types:
        extra.append(organization(request.clinic))
    return extra


def _audit(
    request: ClinicRequest, resources: list[Json], *, action: str, count: int | None = None
) -> None:
    """One read event per client whose data was shown; one without a client otherwise."""
    clients = sorted({c for c in map(finder.client_of, resources) if c is not None})
    details = (
        {"resources": len(resources)}
        if count is None
        else {"resources": len(resources), "total": count}
    )
    if not clients:
        record_read(action, by=request.actor, details=details)
    for client in clients:
        record_read(action, by=request.actor, client=client, details=details)


@fhir_view("GET", any_format=True)
def binary(request: ClinicRequest, binary_id: str) -> HttpResponse:
    """The PDF behind a DocumentReference: as the PDF itself, or as a Binary resource when
    FHIR JSON is asked for."""
    found = binaries.document(request.clinic.pk, binary_id)
    require(request, found.action)
    enforce_client(request.actor, found.client_id, view="fhir:binary")
    record_read(
        "fhir.binary.viewed", by=request.actor, subject=found.subject, details={"id": binary_id}
    )
    if isinstance(found.subject, Referral | ProgressReport):
        integrity = check_signed_document(found.subject, found.content, by=request.actor)
        if not integrity.ok:
            raise FhirError(
                409,
                "This signed document does not match what was signed and is withheld: "
                + "; ".join(integrity.problems),
            )
    if "json" in (request.GET.get("_format") or request.headers.get("Accept", "")):
        content = base64.b64encode(found.content).decode()
        resource = {
            "resourceType": "Binary",
            "id": binary_id,
            "contentType": binaries.PDF,
            "data": content,
        }
        return fhir_response(resource)
    response = HttpResponse(found.content, content_type=binaries.PDF)
    response["Content-Disposition"] = f'attachment; filename="{binary_id}.pdf"'
    response["X-Content-Type-Options"] = "nosniff"
    return response
