"""`medmassage manage run_jobs`: a background worker, with the periodic jobs' clock.

It runs django-tasks-db's worker loop on the queue in the database (so it needs no server
beside the database) and, in a thread, enqueues periodic jobs when they fall due. Run as many
as needed, on as many machines as share the database: each task and each periodic run is
claimed by exactly one of them. Ctrl-C or SIGTERM stops it after the task in hand.
"""

from __future__ import annotations

import logging
import os
import socket
import threading
from types import FrameType
from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.db import close_old_connections, connection
from django_tasks_db.management.commands.db_worker import Worker

from medmassage.jobs import periodic
from medmassage.jobs.running import request_stop

logger = logging.getLogger("medmassage.jobs")


class Command(BaseCommand):
    help = "Run background jobs (reminders, exports) and the periodic jobs' clock."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--interval", type=float, default=1.0, help="Seconds between polls.")
        parser.add_argument(
            "--no-clock", action="store_true", help="Run tasks only; another worker keeps time."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        periodic.discover_tasks()
        interval = float(options["interval"])
        stop = threading.Event()
        if not options["no_clock"]:
            threading.Thread(target=_clock, args=(stop, interval), daemon=True).start()
        worker_id = f"{socket.gethostname()}-{os.getpid()}"[:64]
        self.stdout.write(f"Background worker {worker_id} started.", ending="\n")
        self.stdout.flush()
        worker = _Worker(
            queue_names=["default"],
            interval=interval,
            batch=False,
            backend_name="default",
            startup_delay=False,
            max_tasks=None,
            worker_id=worker_id,
            excluded_queue_names=[],
        )
        worker.configure_signals()
        try:
            worker.run()
        finally:
            stop.set()


class _Worker(Worker):
    """django-tasks-db's worker, telling long tasks to stop between items on Ctrl-C/SIGTERM."""

    def shutdown(self, signum: int, frame: FrameType | None) -> None:
        request_stop()
        super().shutdown(signum, frame)


def _clock(stop: threading.Event, interval: float) -> None:
    """Enqueue periodic jobs as they fall due, until the worker stops."""
    while not stop.wait(interval):
        try:
            periodic.enqueue_due()
        except Exception:  # a locked database now is no reason to stop keeping time
            logger.exception("periodic jobs could not be enqueued this time")
        finally:
            close_old_connections()
    connection.close()
