"""Background jobs of the outbox: send what is due, every minute and whenever asked."""

from __future__ import annotations

from datetime import timedelta

from django_tasks import task

from medmassage.jobs.periodic import every
from medmassage.messaging.services import dispatch_due


@task()
def dispatch_messages() -> int:
    """Send every message that is due (each exactly once, whichever worker runs this)."""
    return dispatch_due()


every(timedelta(minutes=1), dispatch_messages)
