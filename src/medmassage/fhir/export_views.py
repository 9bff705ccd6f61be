"""Bulk Data Access: kick-off at the three `$export` addresses, status polling, files, cancel."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from django.http import HttpResponse, HttpResponseBase, StreamingHttpResponse
from django.shortcuts import get_object_or_404
from django.urls import reverse

from medmassage.accounts.access import ClinicRequest
from medmassage.audit.services import record_read
from medmassage.fhir import exports
from medmassage.fhir.access import fhir_response, fhir_view, require
from medmassage.fhir.errors import FhirError
from medmassage.fhir.models import BulkExport, ExportFile, ExportLevel, ExportStatus
from medmassage.fhir.search import parse_since, parse_types

NDJSON = "application/fhir+ndjson"
_FORMATS = {NDJSON, "application/ndjson", "ndjson"}
_UNSUPPORTED = ("_typeFilter", "_elements", "includeAssociatedData", "patient")


def _kick_off(request: ClinicRequest, level: str, group: str = "") -> HttpResponse:
    require(request, "fhir.export")
    if level == ExportLevel.GROUP:
        exports.group_patients(request.clinic.pk, group)  # unknown group: 404 before anything
    if "respond-async" not in request.headers.get("Prefer", ""):
        raise FhirError(400, "A bulk export runs asynchronously: send Prefer: respond-async")
    output = request.GET.get("_outputFormat", NDJSON).replace(" ", "+")
    if output not in _FORMATS:
        raise FhirError(400, f"_outputFormat {output!r} is not supported; use {NDJSON}")
    if unsupported := [name for name in _UNSUPPORTED if name in request.GET]:
        raise FhirError(400, f"Not supported by this server: {', '.join(unsupported)}")
    since = parse_since(request.GET["_since"]) if request.GET.get("_since") else None
    types = parse_types(request.GET.get("_type"))
    export = exports.start_export(
        by=request.actor,
        level=level,
        group=group,
        types=sorted(types or ()),
        since=since,
        request_url=request.build_absolute_uri(),
    )
    status_url = request.build_absolute_uri(reverse("fhir:export-status", args=[export.pk]))
    return HttpResponse(status=202, headers={"Content-Location": status_url})


@fhir_view("GET", "POST")
def export_system(request: ClinicRequest) -> HttpResponse:
    """Everything of the clinic."""
    return _kick_off(request, ExportLevel.SYSTEM)


@fhir_view("GET", "POST")
def export_patients(request: ClinicRequest) -> HttpResponse:
    """Every patient's compartment."""
    return _kick_off(request, ExportLevel.PATIENT)


@fhir_view("GET", "POST")
def export_group(request: ClinicRequest, group_id: str) -> HttpResponse:
    """The compartments of a therapist's caseload (Group id: the therapist's member id)."""
    return _kick_off(request, ExportLevel.GROUP, group_id)


def _own_export(request: ClinicRequest, export_id: int) -> BulkExport:
    # Only the member who asked sees an export; cancelled and expired ones are gone.
    return get_object_or_404(
        BulkExport.objects.for_clinic(request.clinic).exclude(
            status__in=[ExportStatus.CANCELLED, ExportStatus.EXPIRED]
        ),
        pk=export_id,
        requested_by=request.membership,
    )


@fhir_view("GET", "DELETE")
def export_status(request: ClinicRequest, export_id: int) -> HttpResponse:
    """202 with X-Progress while it runs, 200 with the manifest once done; DELETE cancels."""
    require(request, "fhir.export")
    export = _own_export(request, export_id)
    if request.method == "DELETE":
        exports.cancel_export(by=request.actor, export=export)
        return HttpResponse(status=202)
    if export.status != ExportStatus.DONE:
        return HttpResponse(
            status=202, headers={"X-Progress": export.progress or "Queued", "Retry-After": "2"}
        )
    # The manifest is plain JSON in the Bulk Data IG, not a FHIR resource.
    response = fhir_response(_manifest(request, export))
    response["Content-Type"] = "application/json"
    return response


def _manifest(request: ClinicRequest, export: BulkExport) -> dict[str, object]:
    files = list(ExportFile.objects.for_clinic(request.clinic).filter(export=export))

    def url(item: ExportFile) -> str:
        return request.build_absolute_uri(reverse("fhir:export-file", args=[item.pk]))

    return {
        "transactionTime": export.transaction_time.isoformat(),
        "request": export.request_url,
        "requiresAccessToken": True,
        "output": [
            {"type": f.resource_type, "url": url(f), "count": f.count}
            for f in files
            if not f.is_error
        ],
        "error": [{"type": "OperationOutcome", "url": url(f)} for f in files if f.is_error],
        "extension": {"expires": export.expires_at.isoformat() if export.expires_at else None},
    }


@fhir_view("GET")
def export_file(request: ClinicRequest, export_file_id: int) -> HttpResponseBase:
    """One NDJSON file of a finished export (to the member who asked for it)."""
    require(request, "fhir.export")
    item = get_object_or_404(
        ExportFile.objects.for_clinic(request.clinic).select_related("export"),
        pk=export_file_id,
        export__requested_by=request.membership,
        export__status=ExportStatus.DONE,
    )
    path = exports.folder_of(item.export) / item.name
    if not path.is_file():
        raise FhirError(404, "This file is no longer kept")
    record_read(
        "fhir.export_file.viewed",
        by=request.actor,
        subject=item.export,
        details={"type": item.resource_type, "resources": item.count},
    )
    response = StreamingHttpResponse(_chunks(path), content_type=NDJSON)
    response["Content-Disposition"] = f'attachment; filename="{item.name}"'
    return response


def _chunks(path: Path) -> Iterator[bytes]:
    # Opened only when the answer is sent, closed when it is done.
    with path.open("rb") as handle:
        while chunk := handle.read(1 << 16):
            yield chunk
