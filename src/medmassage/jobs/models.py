"""When each periodic job is next due: one row per job, shared by every worker."""

from __future__ import annotations

from django.db import models


class PeriodicRun(models.Model):
    """The next time a periodic job is due; a worker that moves it forward enqueues the job."""

    name = models.CharField(max_length=200, primary_key=True, help_text="The task's path.")
    next_run_at = models.DateTimeField()
    last_enqueued_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ("name",)

    def __str__(self) -> str:
        return f"{self.name} next at {self.next_run_at:%Y-%m-%d %H:%M:%S}"
