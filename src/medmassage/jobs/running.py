"""Running queued jobs in this process: what tests and one-off commands use.

Workers (`medmassage manage run_jobs`) run the same tasks from django-tasks-db's queue; this
module runs what is queued now, in order, without a worker, e.g. in a test.
"""

from __future__ import annotations

import threading

from django_tasks_db.models import DBTaskResult

_STOP = threading.Event()


def request_stop() -> None:
    """The worker was asked to stop: long jobs finish the item in hand and return."""
    _STOP.set()


def stop_requested() -> bool:
    """Whether a job should return now, leaving the rest of its work for the next run."""
    return _STOP.is_set()


def run_queued(limit: int = 1000) -> int:
    """Run every task ready now, oldest first (tasks they enqueue too); returns how many ran."""
    ran = 0
    while ran < limit:
        result = DBTaskResult.objects.ready().order_by("enqueued_at").first()
        if result is None:
            return ran
        result.claim("in-process")
        try:
            task = result.task
            task.call(*result.task_result.args, **result.task_result.kwargs)
        except Exception as error:
            result.set_failed(error)
            raise
        result.set_successful(None)
        ran += 1
    return ran
