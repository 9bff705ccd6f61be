"""Portal messages from periodic jobs: "intake not completed" before the first appointment,
"questionnaire due", home-program nudges. Each with the client's consent to be contacted, the
clinic's wording, sent exactly once however often the job runs, no clinical detail."""

from __future__ import annotations

from datetime import datetime, time, timedelta
from typing import Any

import pytest
from django.core import mail
from django.utils import timezone

from medmassage.homecare.services import start_home_program
from medmassage.messaging.models import Kind, Message
from medmassage.messaging.services import dispatch_due, set_contact_consent, set_wording
from medmassage.portal import nudges
from medmassage.scheduling import services as booking
from medmassage.scheduling.calendar import today
from tests.builders import Ready, actor, approve, calendar_setup, membership, take_intake
from tests.cast import Cast
from tests.portal.test_portal_isolation import account_for

CLINICAL = ("neck", "Neck", "NDI", "ndi", "pain", "intake", "Lovelace", "questionnaire due")


def bodies(kind: str) -> list[str]:
    return [m.subject + m.body for m in Message.unscoped_objects.filter(kind=kind)]


@pytest.fixture
def reachable(cast: Cast) -> Any:
    """Ada has a portal account and agreed to be contacted by email."""
    account = account_for(cast, cast.client, "ada@example.org")
    cast.client.refresh_from_db()
    set_contact_consent(client=cast.client, agreed=True, label="test")
    return account


def book_tomorrow(cast: Cast) -> Any:
    kind = calendar_setup(cast.clinic, cast.therapist)
    day = today(cast.clinic, timezone.now()) + timedelta(days=1)
    return booking.book_appointment(
        booking=booking.Booking(
            cast.client,
            membership(cast.therapist),
            kind,
            datetime.combine(day, time(10), tzinfo=cast.clinic.zone),
        ),
        by=actor(cast.front_desk),
    )


def test_forms_not_completed_before_the_first_appointment_are_asked_for_once(
    cast: Cast, reachable: Any
) -> None:
    book_tomorrow(cast)
    set_wording(
        by=actor(cast.owner),
        kind=Kind.INTAKE_INCOMPLETE,
        subject="Forms from {clinic_name}",
        body="Dear {first_name}, before {when} please sign in: {link}",
    )

    first = nudges.send_forms_reminders()
    again = nudges.send_forms_reminders()
    dispatch_due()

    assert (first, again) == (1, 0)
    [text] = bodies(Kind.INTAKE_INCOMPLETE)
    assert text.startswith("Forms from Harbour Clinic")
    assert "Dear Ada" in text
    assert "/portal/" in text
    sent = [m for m in mail.outbox if m.subject.startswith("Forms from")]
    assert len(sent) == 1
    assert not any(word in text for word in CLINICAL)


def test_no_message_without_consent_to_be_contacted(cast: Cast, reachable: Any) -> None:
    set_contact_consent(client=cast.client, agreed=False, label="test")
    book_tomorrow(cast)

    assert nudges.send_forms_reminders() == 0
    assert not Message.unscoped_objects.filter(kind=Kind.INTAKE_INCOMPLETE).exists()


def test_no_forms_reminder_once_intake_and_consent_are_on_file(
    cast: Cast, ready: Ready, reachable: Any
) -> None:
    take_intake(ready, "p1_neck_desk")
    book_tomorrow(cast)

    assert nudges.send_forms_reminders() == 0


def test_a_questionnaire_due_is_announced_once_per_visit_without_naming_it(
    cast: Cast, reachable: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(nudges, "due_questionnaire", lambda clinic, client: "ndi")

    first = nudges.send_questionnaires_due()
    again = nudges.send_questionnaires_due()

    assert (first, again) == (1, 0)
    [text] = bodies(Kind.QUESTIONNAIRE_DUE)
    assert not any(word in text for word in ("NDI", "ndi", "Neck", "neck", "Lovelace"))


def test_a_quiet_home_program_gets_one_nudge_a_week(
    cast: Cast, ready: Ready, reachable: Any
) -> None:
    approve(ready)
    start_home_program(client=ready.client, by=actor(ready.therapist))

    first = nudges.send_home_program_nudges()
    again = nudges.send_home_program_nudges()
    next_week = nudges.send_home_program_nudges(timezone.now() + timedelta(days=7))

    assert (first, again, next_week) == (1, 0, 1)
    assert all("home program" in text for text in bodies(Kind.HOME_PROGRAM_NUDGE))
    assert not any(
        word in text for text in bodies(Kind.HOME_PROGRAM_NUDGE) for word in CLINICAL[:6]
    )


def test_the_jobs_are_registered_to_run_periodically() -> None:
    from medmassage.jobs.periodic import discover_tasks, registered

    discover_tasks()
    names = {job.name for job in registered()}
    assert {
        "medmassage.portal.tasks.questionnaires_due",
        "medmassage.portal.tasks.forms_reminders",
        "medmassage.portal.tasks.home_program_nudges",
    } <= names
