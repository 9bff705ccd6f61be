"""Periodic jobs: a task enqueued every so often by whichever worker claims it first.

Django's tasks interface (django-tasks, DEP 14) has no schedule of its own. Each worker runs
`enqueue_due()` every few seconds; the `PeriodicRun` row of a job is moved forward by a
conditional UPDATE, which only one worker wins, so a job is enqueued once per period however
many workers run (on SQLite or PostgreSQL alike). Jobs register here when their module is
imported (`<app>/tasks.py`, found by `discover_tasks()`).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.module_loading import autodiscover_modules

from medmassage.jobs.models import PeriodicRun


@dataclass(frozen=True)
class Periodic:
    task: Any  # a django_tasks Task taking no arguments
    every: timedelta

    @property
    def name(self) -> str:
        return str(self.task.module_path)


_REGISTRY: dict[str, Periodic] = {}


def every(period: timedelta, task: Any) -> Any:
    """Run the task (no arguments) once per period on some worker; returns the task."""
    job = Periodic(task=task, every=period)
    _REGISTRY[job.name] = job
    return task


def registered() -> tuple[Periodic, ...]:
    """The periodic jobs known to this process."""
    return tuple(_REGISTRY.values())


def discover_tasks() -> None:
    """Import every app's `tasks` module, so that its tasks and periodic jobs are known."""
    autodiscover_modules("tasks")


def enqueue_due(now: datetime | None = None) -> list[str]:
    """Enqueue each periodic job whose time has come; returns the names enqueued here."""
    now = now or timezone.now()
    enqueued = []
    for job in registered():
        if _claim(job, now):
            job.task.enqueue()
            enqueued.append(job.name)
    return enqueued


def _claim(job: Periodic, now: datetime) -> bool:
    with transaction.atomic():
        moved = PeriodicRun.objects.filter(name=job.name, next_run_at__lte=now).update(
            next_run_at=now + job.every, last_enqueued_at=now
        )
        if moved:
            return True
        if PeriodicRun.objects.filter(name=job.name).exists():
            return False
    try:
        with transaction.atomic():
            PeriodicRun.objects.create(
                name=job.name, next_run_at=now + job.every, last_enqueued_at=now
            )
    except IntegrityError:
        return False  # another worker made the row first, and enqueued the job
    return True
