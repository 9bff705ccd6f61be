"""Background jobs of the FHIR exports: write an export's files; delete expired ones hourly."""

from __future__ import annotations

from datetime import timedelta

from django_tasks import task

from medmassage.fhir.exports import purge_expired, run_export
from medmassage.jobs.periodic import every


@task()
def run_bulk_export(export_id: int) -> str:
    """Write one export's NDJSON files (whichever worker claims it)."""
    return run_export(export_id)


@task()
def purge_bulk_exports() -> int:
    """Delete the files of exports past their expiry."""
    return purge_expired()


every(timedelta(hours=1), purge_bulk_exports)
