"""The portal's periodic jobs: questionnaire due, forms before the first visit, home-program
nudges (each message sent exactly once: see nudges.py)."""

from __future__ import annotations

from datetime import timedelta

from django_tasks import task

from medmassage.jobs.periodic import every
from medmassage.portal import nudges


@task()
def questionnaires_due() -> int:
    """Tell clients a questionnaire waits for them in the portal."""
    return nudges.send_questionnaires_due()


@task()
def forms_reminders() -> int:
    """Remind clients to complete their forms before the first appointment."""
    return nudges.send_forms_reminders()


@task()
def home_program_nudges() -> int:
    """Nudge clients who have not logged their home program for a week."""
    return nudges.send_home_program_nudges()


every(timedelta(hours=1), questionnaires_due)
every(timedelta(hours=1), forms_reminders)
every(timedelta(hours=6), home_program_nudges)
