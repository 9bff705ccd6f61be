"""Before the first visit, in the portal: the intake (same format, same screening, client's
words only), the consent (typed or drawn), the therapist's review, and the clinic alerted by
email at once when the screening finds a red flag, with no clinical detail in the email."""

from __future__ import annotations

from datetime import datetime, time, timedelta
from typing import Any

import pytest
from django.core import mail
from django.utils import timezone

from medmassage.clients.models import Consent
from medmassage.clients.queries import get_current_consent
from medmassage.intake.models import Intake, IntakeReview
from medmassage.messaging.models import Kind, Message
from medmassage.messaging.services import dispatch_due
from medmassage.scheduling.calendar import today
from medmassage.scheduling.models import Appointment
from medmassage.tenancy import unscoped
from tests.builders import calendar_setup, events, membership
from tests.cast import Cast, logged_in
from tests.portal.test_portal_isolation import account_for, portal_browser

EVERYONE_NO = {
    "red_flags.chest_pain": "no",
    "red_flags.stroke_signs": "no",
    "red_flags.meningitis_signs": "no",
    "red_flags.sudden_breathlessness": "no",
    "red_flags.feverish": "no",
    "red_flags.dvt_signs": "no",
    "red_flags.suicidal_thoughts": "no",
    "red_flags.self_harm": "no",
}


def intake_form(**changes: str) -> dict[str, str]:
    """A client's answers: no pain in one place, every question for everyone answered no."""
    form = {
        "complaints[0].region": "",
        "complaints[0].description": "stress and tension from work",
        "complaints[0].pain": "3",
        "goals": "Sleep better",
        "medication_lines": "",
        **EVERYONE_NO,
        "save": "1",
    }
    form.update(changes)
    return form


@pytest.fixture
def portal(cast: Cast) -> Any:
    return portal_browser(account_for(cast, cast.client, "ada@example.org"))


def today_at_noon(cast: Cast) -> None:
    """An appointment of the client at noon today (made directly: the front desk's list)."""
    kind = calendar_setup(cast.clinic, cast.therapist)
    starts = datetime.combine(today(cast.clinic, timezone.now()), time(12), tzinfo=cast.clinic.zone)
    Appointment.unscoped_objects.create(
        clinic=cast.clinic,
        client=cast.client,
        therapist=membership(cast.therapist),
        type=kind,
        starts_at=starts,
        ends_at=starts + timedelta(hours=1),
    )


def only_intake(cast: Cast) -> Intake:
    with unscoped():
        return Intake.objects.get(client=cast.client)


def test_the_client_sends_the_intake_screened_by_the_core_and_waiting_for_review(
    cast: Cast, portal: Any
) -> None:
    page = portal.get("/portal/intake/")
    sent = portal.post("/portal/intake/", intake_form())

    assert page.status_code == 200
    assert b"ICD" not in page.content
    assert b"red_flags." not in page.content.split(b"<form")[0]
    assert sent.status_code == 302
    intake = only_intake(cast)
    assert intake.source == "portal"
    assert intake.recorded_by is None
    # No consent on file yet: the core says to postpone until it is signed.
    assert intake.decision == "postpone"
    assert [f["kind"] for f in intake.screening["findings"]] == ["consent"]
    recorded = events("intake.intake.recorded")
    assert recorded[-1].actor_label == "portal:ada@example.org"
    assert not Message.unscoped_objects.filter(kind=Kind.CLINIC_ALERT).exists()
    review = logged_in(cast.therapist).get(f"/intake/clients/{cast.client.pk}/review/")
    assert b"review-confirm" in review.content


def test_a_client_cannot_send_codes_vitals_or_answers_to_the_prompts(
    cast: Cast, portal: Any
) -> None:
    portal.post(
        "/portal/intake/",
        intake_form(
            **{
                "complaints[0].icd10": "M54.2",
                "vitals.systolic": "120",
                "clearances[0].date": "2020-01-01",
            }
        ),
    )

    document = only_intake(cast).document
    assert "icd10" not in document["complaints"][0]
    assert "vitals" not in document
    assert "clearances" not in document
    assert "text_answers" not in document


def test_an_unanswered_question_keeps_what_was_typed_and_saves_nothing(
    cast: Cast, portal: Any
) -> None:
    form = intake_form(goals="Walk the dog again")
    del form["red_flags.chest_pain"]

    page = portal.post("/portal/intake/", form)

    assert page.status_code == 422
    assert b"Walk the dog again" in page.content
    assert b"Not answered" in page.content
    with unscoped():
        assert not Intake.objects.exists()


def test_a_red_flag_emails_the_clinic_at_once_without_clinical_detail(
    cast: Cast, portal: Any
) -> None:
    cast.clinic.email = "front@harbour.test"
    cast.clinic.save(update_fields=["email"])
    today_at_noon(cast)

    portal.post("/portal/intake/", intake_form(**{"red_flags.chest_pain": "yes"}))
    dispatch_due()

    intake = only_intake(cast)
    assert intake.decision == "refer_emergency"
    to_clinic = [email for email in mail.outbox if email.to == ["front@harbour.test"]]
    assert len(to_clinic) == 1
    email = to_clinic[0]
    assert "needs review today" in email.subject + email.body
    assert f"/intake/clients/{cast.client.pk}/review/" in email.body
    for detail in ("chest", "Chest", "Lovelace", "Ada", "stress", "emergency"):
        assert detail not in email.subject + email.body
    desk = logged_in(cast.front_desk).get("/frontdesk/").content.decode()
    dashboard = logged_in(cast.therapist).get("/").content.decode()
    assert "Online forms to review" in dashboard
    assert "today" in dashboard
    assert "Online forms: therapist to review today" in desk
    assert "chest" not in desk.lower()


def test_free_text_prompts_are_the_therapists_to_answer_before_confirming(
    cast: Cast, portal: Any
) -> None:
    portal.post(
        "/portal/intake/", intake_form(notes="I take warfarin since my operation last month")
    )
    therapist = logged_in(cast.therapist)

    refused = therapist.post(f"/intake/clients/{cast.client.pk}/review/")
    intake = only_intake(cast)
    prompts = intake.screening["text_hits"]
    answers = {f"prompt-{i}": "no" for i in range(len(prompts))}
    therapist.post(f"/intake/{intake.pk}/prompts/", answers)
    confirmed = therapist.post(f"/intake/clients/{cast.client.pk}/review/")

    assert prompts
    assert refused.status_code == 409
    assert b"free-text prompts" in refused.content
    assert confirmed.status_code == 302
    with unscoped():
        review = IntakeReview.objects.get()
    assert review.outcome == "confirmed"
    assert review.result.version == 2
    assert portal.get("/portal/intake/").content.count(b"portal-intake-reviewed") == 1


def test_the_therapist_corrects_the_intake_in_a_new_version(cast: Cast, portal: Any) -> None:
    portal.post("/portal/intake/", intake_form())
    therapist = logged_in(cast.therapist)

    form_page = therapist.get(f"/intake/clients/{cast.client.pk}/new/")
    saved = therapist.post(
        f"/intake/clients/{cast.client.pk}/new/",
        {"visit_date": "2030-01-01", **intake_form(), "complaints[0].pain": "5"},
    )

    assert b"correcting-portal-intake" in form_page.content
    assert b"stress and tension from work" in form_page.content
    assert saved.status_code == 302
    with unscoped():
        review = IntakeReview.objects.get()
    assert review.outcome == "corrected"
    assert review.result.source == "staff"


def test_the_client_signs_the_consent_typed_and_the_therapist_goes_through_it(
    cast: Cast, portal: Any
) -> None:
    from medmassage.clients.consent_text import DEFAULT_REQUIRED_TOPICS

    page = portal.get("/portal/consent/")
    wrong = portal.post(
        "/portal/consent/",
        {
            "template_version": "default-1",
            "topics": [str(t) for t in DEFAULT_REQUIRED_TOPICS],
            "signature_method": "typed",
            "typed_name": "Somebody Else",
        },
    )
    signed = portal.post(
        "/portal/consent/",
        {
            "template_version": "default-1",
            "topics": [str(t) for t in DEFAULT_REQUIRED_TOPICS],
            "signature_method": "typed",
            "typed_name": "ada lovelace",
        },
    )

    assert page.status_code == 200
    assert b"data-signature-pad" in page.content
    assert wrong.status_code == 422
    assert b"Somebody Else" in wrong.content
    assert signed.status_code == 302
    consent = get_current_consent(cast.clinic, cast.client)
    assert consent is not None
    assert consent.source == "portal"
    assert consent.obtained_by is None
    assert events("consents.consent.recorded")[-1].actor_label == "portal:ada@example.org"
    logged_in(cast.therapist).post(f"/intake/clients/{cast.client.pk}/review/")
    with unscoped():
        assert Consent.objects.get(pk=consent.pk).reviewed_at is not None


def test_the_client_signs_with_a_drawing(cast: Cast, portal: Any) -> None:
    from medmassage.clients.consent_text import DEFAULT_REQUIRED_TOPICS

    signed = portal.post(
        "/portal/consent/",
        {
            "template_version": "default-1",
            "topics": [str(t) for t in DEFAULT_REQUIRED_TOPICS],
            "signature_method": "drawn",
            "drawn_signature": "M 10 10 L 100 40 L 150 20",
        },
    )

    assert signed.status_code == 302
    consent = get_current_consent(cast.clinic, cast.client)
    assert consent is not None
    assert consent.signature_method == "drawn"
