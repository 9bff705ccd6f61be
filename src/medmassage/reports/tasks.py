"""Background jobs of the reports app: the de-identified research dataset."""

from __future__ import annotations

from django_tasks import task

from medmassage.reports.research import prepare


@task()
def prepare_research_export(export_id: int) -> int:
    """Build a queued research export; returns how many courses it holds."""
    return prepare(export_id).courses
