"""The owner's message wording page: every kind by its label, edits that change the next
message, refusals that keep what was typed, the default put back, drafts kept, owners only."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.utils import timezone

from medmassage.audit.models import AuditEvent
from medmassage.drafts.models import FormDraft
from medmassage.messaging.models import Kind, Message, Wording
from medmassage.messaging.services import Outgoing, reset_wording, schedule_message
from medmassage.messaging.wording import (
    DEFAULTS,
    FILLED,
    MEANINGS,
    PLACEHOLDERS,
    REQUIRED,
    placeholders_of,
)
from tests.builders import actor, events
from tests.cast import Cast, logged_in

LIST = "/messages/"
REMINDER = "/messages/appointment_reminder/"


def schedule_reminder(cast: Cast, key: str) -> Message:
    """A reminder to the cast's client as a booking schedules it (no consent needed here)."""
    message = schedule_message(
        clinic=cast.clinic,
        outgoing=Outgoing(
            kind=Kind.APPOINTMENT_REMINDER,
            key=key,
            to_email="ada@example.org",
            send_after=timezone.now() + timedelta(days=1),
            values={"first_name": "Ada", "when": "Monday at 10:00", "therapist": "T. Hale"},
        ),
    )
    assert message is not None
    return message


def visible_text(html: str) -> str:
    """What a person reads: the page without its tags and their attributes."""
    return re.sub(r"<[^>]+>", " ", html)


def test_the_owner_sees_every_kind_of_message_by_its_label(cast: Cast) -> None:
    response = logged_in(cast.owner).get(LIST)

    assert response.status_code == 200
    text = visible_text(response.content.decode())
    for kind in Kind:
        assert kind.label in text
        assert kind.value not in text  # the program's id is never read
        assert f'href="/messages/{kind.value}/"' in response.content.decode()
    assert "Your clinic" in text  # the alert goes to the clinic; the rest to the client
    assert "never carry clinical detail" in text


def test_saving_changes_what_the_next_reminder_says(cast: Cast) -> None:
    before = schedule_reminder(cast, "reminder:before")
    browser = logged_in(cast.owner)

    response = browser.post(
        REMINDER,
        {"subject": "See you soon at {clinic_name}", "body": "Hi {first_name}, {when}: {link}"},
    )

    assert response.status_code == 302
    after = schedule_reminder(cast, "reminder:after")
    assert after.subject == f"See you soon at {cast.clinic.name}"
    assert after.body == "Hi Ada, Monday at 10:00: "
    assert before.subject == DEFAULTS[Kind.APPOINTMENT_REMINDER][0].format(
        clinic_name=cast.clinic.name
    )  # one already scheduled keeps its words
    page = browser.get(LIST).content.decode()
    assert "See you soon at {clinic_name}" in page
    assert "Your clinic's own" in page
    [event] = events("messaging.wording.changed")
    assert event.details == {"kind": "appointment_reminder"}


def test_an_unknown_placeholder_is_refused_and_the_form_kept_as_typed(cast: Cast) -> None:
    typed = {"subject": "Your visit", "body": "Dear {first_name}, your {diagnosis} is due."}

    response = logged_in(cast.owner).post(REMINDER, typed)

    assert response.status_code == 422
    page = response.content.decode()
    assert "Dear {first_name}, your {diagnosis} is due.</textarea>" in page
    assert 'value="Your visit"' in page
    assert 'aria-invalid="true" aria-describedby="wording-body-error"' in page
    assert re.search(r'id="wording-body-error">\{diagnosis\}: not a placeholder', page)
    assert not Wording.objects.for_clinic(cast.clinic).exists()
    assert events("messaging.wording.changed") == []
    assert schedule_reminder(cast, "r").subject.startswith("Your appointment at")


@pytest.mark.parametrize(
    ("subject", "body", "field"),
    [
        ("", "Hello {first_name}", "subject"),
        ("Hello", "   ", "body"),
        ("Two\nlines", "Hello", "subject"),
        ("x" * 201, "Hello", "subject"),
        ("Your code", "{code}", "body"),  # a reminder has no sign-in code to fill in
    ],
)
def test_a_refused_field_is_named_next_to_it(
    cast: Cast, subject: str, body: str, field: str
) -> None:
    response = logged_in(cast.owner).post(REMINDER, {"subject": subject, "body": body})

    assert response.status_code == 422
    assert f'id="wording-{field}-error"' in response.content.decode()
    assert not Wording.objects.for_clinic(cast.clinic).exists()


def test_a_sign_in_code_without_its_code_is_refused(cast: Cast) -> None:
    browser = logged_in(cast.owner)
    typed = {"subject": "Signing in at {clinic_name}", "body": "Welcome back."}

    response = browser.post("/messages/sign_in_code/", typed)

    assert response.status_code == 422
    assert re.search(r'id="wording-body-error">must include \{code\}', response.content.decode())
    assert not Wording.objects.for_clinic(cast.clinic).exists()
    assert (
        "(needed: the message is sent to carry it)"
        in browser.get("/messages/sign_in_code/").content.decode()
    )


def test_the_default_wording_comes_back(cast: Cast) -> None:
    browser = logged_in(cast.owner)
    browser.post(REMINDER, {"subject": "Soon at {clinic_name}", "body": "Hi {first_name}"})
    page = browser.get(REMINDER).content.decode()
    assert 'id="use-default"' in page
    assert 'value="Soon at {clinic_name}"' in page

    response = browser.post(f"{REMINDER}default/")

    assert response.status_code == 302
    assert not Wording.objects.for_clinic(cast.clinic).exists()
    default_subject, _ = DEFAULTS[Kind.APPOINTMENT_REMINDER]
    page = browser.get(REMINDER).content.decode()
    assert f'value="{default_subject}"' in page
    assert 'id="use-default"' not in page  # nothing of its own to remove
    assert schedule_reminder(cast, "r").subject.startswith("Your appointment at")
    [event] = events("messaging.wording.reset")
    assert event.details == {"kind": "appointment_reminder"}


def test_putting_the_default_back_without_one_of_its_own_does_nothing(cast: Cast) -> None:
    reset_wording(by=actor(cast.owner), kind=Kind.SIGN_IN_CODE)

    assert events("messaging.wording.reset") == []


@pytest.mark.parametrize("role", ["therapist", "front_desk"])
def test_only_the_owner_words_the_clinics_messages(cast: Cast, role: str) -> None:
    browser = logged_in(getattr(cast, role))
    typed = {"subject": "Hi", "body": "Hi"}

    assert browser.get(LIST).status_code == 403
    assert browser.get(REMINDER).status_code == 403
    assert browser.post(REMINDER, typed).status_code == 403
    assert browser.post(f"{REMINDER}draft/", typed).status_code == 403
    assert browser.post(f"{REMINDER}preview/", typed).status_code == 403
    assert browser.post(f"{REMINDER}default/").status_code == 403
    assert not Wording.objects.for_clinic(cast.clinic).exists()
    assert "/messages/" not in browser.get("/frontdesk/").content.decode()


def test_the_owners_day_links_the_wording(cast: Cast) -> None:
    browser = logged_in(cast.owner)

    assert 'href="/messages/" role="button"' in browser.get("/frontdesk/").content.decode()
    assert 'href="/messages/"' in browser.get("/calendar/settings/").content.decode()


def test_an_unknown_kind_of_message_is_not_found(cast: Cast) -> None:
    assert logged_in(cast.owner).get("/messages/diagnosis/").status_code == 404


def test_what_is_typed_is_kept_as_a_draft_and_shown_after_a_reload(cast: Cast) -> None:
    browser = logged_in(cast.owner)
    typed = {"subject": "Half-typed {clinic", "body": "Hello {first_name}, see you"}

    saved = browser.post(f"{REMINDER}draft/", typed, HTTP_X_AUTOSAVE="1")

    assert saved.status_code == 200
    assert saved.json()["label"].startswith("Draft saved at")
    page = browser.get(REMINDER).content.decode()
    assert 'value="Half-typed {clinic"' in page
    assert "Hello {first_name}, see you</textarea>" in page
    assert 'id="draft-restored"' in page
    assert "data-draft-shown" in page
    assert 'data-draft-key="wording:appointment_reminder"' in page
    assert not Wording.objects.for_clinic(cast.clinic).exists()  # a draft is not the wording

    browser.post(REMINDER, {"subject": "Soon", "body": "Hello {first_name}"})

    assert not FormDraft.objects.for_clinic(cast.clinic).exists()  # saved: the draft goes
    assert 'id="draft-restored"' not in browser.get(REMINDER).content.decode()


def test_the_edit_page_explains_the_placeholders_and_previews_the_message(cast: Cast) -> None:
    browser = logged_in(cast.owner)
    page = browser.get(REMINDER).content.decode()

    assert "<code>{first_name}</code></dt><dd>The client&#x27;s first name" in page
    assert "<code>{code}</code>" not in page  # a reminder has no sign-in code
    assert f"Your appointment at {cast.clinic.name}" in page  # the preview, filled in
    assert "Hello Ada," in page
    assert "never carry clinical detail" in page

    preview = browser.post(f"{REMINDER}preview/", {"subject": "At {clinic_name}", "body": "x"})

    assert preview.status_code == 200
    assert f"At {cast.clinic.name}" in preview.content.decode()
    assert not AuditEvent.objects.filter(action__startswith="messaging.").exists()


def test_another_clinics_wording_is_never_shown(cast: Cast) -> None:
    Wording.unscoped_objects.create(
        clinic=cast.other_clinic, kind=Kind.APPOINTMENT_REMINDER, subject="Quintrell", body="Q"
    )
    browser = logged_in(cast.owner)

    for path in (LIST, REMINDER):
        assert "Quintrell" not in browser.get(path).content.decode()


def test_every_default_uses_only_what_its_message_fills_in() -> None:
    assert set(MEANINGS) == PLACEHOLDERS
    assert set(FILLED) == set(Kind.values)
    for kind, (subject, body) in DEFAULTS.items():
        used = set(re.findall(r"\{(\w+)\}", subject + body))
        assert used <= set(placeholders_of(kind)), kind
        assert REQUIRED.get(kind, frozenset()) <= used, kind
