"""Bulk Data exports: asked for by a member, run by a background job, kept for a while.

Files are NDJSON, one per resource type, written under FHIR_EXPORT_DIR (in VAR_DIR, which every
app server shares) and served only to the member who asked, only until they expire; a periodic
job deletes them. Every export is audited: asked for, finished, downloaded, cancelled, expired.
"""

from __future__ import annotations

import datetime as dt
import json
import shutil
from collections.abc import Iterable
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from medmassage.accounts.actors import Actor
from medmassage.accounts.models import Membership, Role
from medmassage.audit.services import record_event
from medmassage.clients.models import Client
from medmassage.fhir.errors import FhirError
from medmassage.fhir.kinds import KINDS, Kind
from medmassage.fhir.models import BulkExport, ExportFile, ExportLevel, ExportStatus
from medmassage.fhir.search import stream
from medmassage.jobs.running import stop_requested
from medmassage.tenancy import clinic_scope, unscoped

JOB_LABEL = "bulk export job"
_encode = json.JSONEncoder(separators=(",", ":"), ensure_ascii=False).encode


def export_dir() -> Path:
    return Path(settings.FHIR_EXPORT_DIR)


def folder_of(export: BulkExport) -> Path:
    return export_dir() / str(export.clinic_id) / str(export.pk)


def group_patients(clinic_id: int, group_id: str) -> list[int]:
    """A Group is a therapist's caseload: the clients whose primary therapist they are."""
    member = None
    if group_id.isdigit():
        member = Membership.objects.filter(
            clinic_id=clinic_id, pk=int(group_id), role=Role.THERAPIST
        ).first()
    if member is None:
        raise FhirError(404, f"Group/{group_id} is not known")
    clients = Client.objects.for_clinic(clinic_id).filter(primary_therapist=member)
    return list(clients.values_list("pk", flat=True))


def kinds_for(level: str, types: Iterable[str]) -> list[Kind]:
    """The kinds an export writes: all at system level, the patient compartment otherwise."""
    wanted = set(types)
    return [
        kind
        for kind in KINDS.values()
        if (not wanted or kind.name in wanted)
        and (level == ExportLevel.SYSTEM or kind.in_patient_compartment)
    ]


def start_export(
    *,
    by: Actor,
    level: str,
    request_url: str,
    types: list[str],
    since: dt.datetime | None,
    group: str = "",
) -> BulkExport:
    """Queue an export for the background workers; the caller polls its status."""
    if level == ExportLevel.GROUP:
        group_patients(by.clinic_id, group)  # 404 for a group not of this clinic
    with transaction.atomic():
        export = BulkExport.objects.for_clinic(by.clinic).create(
            clinic=by.clinic,
            requested_by=by.membership,
            level=level,
            group=group,
            types=types,
            since=since,
            request_url=request_url[:2000],
        )
        record_event(
            action="fhir.export.requested",
            by=by,
            subject=export,
            details={"level": level, "group": group, "types": types, "since": since},
        )
        transaction.on_commit(lambda: _enqueue(export.pk))
    return export


def _enqueue(export_id: int) -> None:
    from medmassage.fhir.tasks import run_bulk_export

    run_bulk_export.enqueue(export_id)


def run_export(export_id: int) -> str:
    """Write the export's files (the worker's job); returns its status afterwards."""
    with unscoped():
        claimed = BulkExport.objects.filter(pk=export_id, status=ExportStatus.QUEUED).update(
            status=ExportStatus.RUNNING, progress="Starting"
        )
        export = BulkExport.objects.get(pk=export_id)
    if not claimed:
        return str(export.status)
    with clinic_scope(export.clinic_id):
        return _write(export)


def _write(export: BulkExport) -> str:
    patients = None
    if export.level == ExportLevel.GROUP:
        patients = group_patients(export.clinic_id, export.group)
    kinds = kinds_for(export.level, export.types)
    folder = folder_of(export)
    folder.mkdir(parents=True, exist_ok=True)
    for number, kind in enumerate(kinds, start=1):
        if _cancelled(export) or stop_requested():
            return _stopped(export)
        _write_kind(export, kind, folder, patients=patients)
        BulkExport.objects.filter(pk=export.pk).update(
            progress=f"{number} of {len(kinds)} resource types written"
        )
    return _finish(export)


def _write_kind(
    export: BulkExport, kind: Kind, folder: Path, *, patients: list[int] | None
) -> None:
    name = f"{kind.name}.ndjson"
    partial = folder / f".{name}.partial"
    count = 0
    try:
        with partial.open("w", encoding="utf-8") as handle:
            for resource in stream(kind, export.clinic_id, patients=patients, since=export.since):
                handle.write(_encode(resource))
                handle.write("\n")
                count += 1
    except Exception as error:  # one type failing leaves the others usable: listed as an error
        partial.unlink(missing_ok=True)
        _record_error(export, folder, kind.name, f"{kind.name} could not be exported: {error}")
        return
    if count == 0:
        partial.unlink()
        return
    partial.rename(folder / name)
    ExportFile.objects.for_clinic(export.clinic_id).create(
        clinic_id=export.clinic_id,
        export=export,
        resource_type=kind.name,
        name=name,
        count=count,
        size=(folder / name).stat().st_size,
    )


def _record_error(export: BulkExport, folder: Path, resource_type: str, message: str) -> None:
    name = f"errors-{resource_type}.ndjson"
    issue = {"severity": "error", "code": "exception", "diagnostics": message}
    line = _encode({"resourceType": "OperationOutcome", "issue": [issue]})
    (folder / name).write_text(line + "\n", encoding="utf-8")
    ExportFile.objects.for_clinic(export.clinic_id).create(
        clinic_id=export.clinic_id,
        export=export,
        resource_type="OperationOutcome",
        name=name,
        count=1,
        size=len(line) + 1,
        is_error=True,
    )


def _cancelled(export: BulkExport) -> bool:
    status = BulkExport.objects.filter(pk=export.pk).values_list("status", flat=True).first()
    return status != ExportStatus.RUNNING


def _stopped(export: BulkExport) -> str:
    """Cancelled while running (files already deleted), or the worker is stopping: queue it
    again for the next worker."""
    if stop_requested():
        BulkExport.objects.filter(pk=export.pk, status=ExportStatus.RUNNING).update(
            status=ExportStatus.QUEUED, progress="Waiting for a worker"
        )
        ExportFile.objects.for_clinic(export.clinic_id).filter(export=export).delete()
        transaction.on_commit(lambda: _enqueue(export.pk))
    shutil.rmtree(folder_of(export), ignore_errors=True)
    return str(BulkExport.objects.get(pk=export.pk).status)


def _finish(export: BulkExport) -> str:
    now = timezone.now()
    with transaction.atomic():
        done = BulkExport.objects.filter(pk=export.pk, status=ExportStatus.RUNNING).update(
            status=ExportStatus.DONE,
            progress="Done",
            finished_at=now,
            expires_at=now + dt.timedelta(hours=settings.FHIR_EXPORT_HOURS),
        )
        if not done:
            return _stopped(export)
        files = ExportFile.objects.for_clinic(export.clinic_id).filter(export=export)
        record_event(
            action="fhir.export.completed",
            by=None,
            clinic=export.clinic_id,
            subject=export,
            actor_label=JOB_LABEL,
            details={"files": files.count(), "resources": sum(f.count for f in files)},
        )
    return ExportStatus.DONE


@transaction.atomic
def cancel_export(*, by: Actor, export: BulkExport) -> None:
    """Stop an export (queued, running or done) and delete its files."""
    BulkExport.objects.filter(pk=export.pk).update(
        status=ExportStatus.CANCELLED, progress="Cancelled"
    )
    ExportFile.objects.for_clinic(export.clinic_id).filter(export=export).delete()
    record_event(
        action="fhir.export.cancelled", by=by, subject=export, details={"level": export.level}
    )
    folder = folder_of(export)
    transaction.on_commit(lambda: shutil.rmtree(folder, ignore_errors=True))


def purge_expired(now: dt.datetime | None = None) -> int:
    """Delete the files of every export past its expiry; returns how many exports expired."""
    now = now or timezone.now()
    with unscoped():
        expired = list(BulkExport.objects.filter(status=ExportStatus.DONE, expires_at__lte=now))
        for export in expired:
            with transaction.atomic():
                BulkExport.objects.filter(pk=export.pk).update(
                    status=ExportStatus.EXPIRED, progress="Expired"
                )
                ExportFile.objects.filter(export=export).delete()
                record_event(
                    action="fhir.export.expired",
                    by=None,
                    clinic=export.clinic_id,
                    subject=export,
                    actor_label=JOB_LABEL,
                    details={"expired_at": export.expires_at},
                )
            shutil.rmtree(folder_of(export), ignore_errors=True)
    return len(expired)
