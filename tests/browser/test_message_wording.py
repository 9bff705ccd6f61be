"""The owner rewords the appointment reminder in Chromium: from the front desk's day to the
wording, a preview that follows the typing, a draft that survives a reload, a refusal that
keeps the form, the save, and the default put back."""

from __future__ import annotations

from playwright.sync_api import Page, expect

from tests.browser.conftest import Steps
from tests.browser.server import Server
from tests.browser.test_every_page_fits import OWNER, sign_in

BODY = "Hello {first_name}, see you on {when} with {therapist}."


def test_the_owner_rewords_the_reminder_without_losing_a_word(
    page: Page, server: Server, steps: Steps
) -> None:
    sign_in(page, server, OWNER)
    page.goto(f"{server.base_url}/frontdesk/")
    page.click("#message-wording")
    expect(page.locator("#wording-appointment_reminder")).to_contain_text("The default")
    page.click("#edit-appointment_reminder")
    expect(page.locator("h1")).to_have_text("Appointment reminder")

    # The preview follows the typing, and the text is kept as a draft on the server.
    page.fill("#wording-body", BODY)
    expect(page.locator("#preview-body")).to_contain_text("Hello Ada, see you on ")
    expect(page.locator("#preview-body")).to_contain_text("with Sam Rivera.")
    expect(page.locator("#autosave-status")).to_contain_text("Draft saved at")
    steps.shot("typed-with-preview")
    page.reload()
    expect(page.locator("#draft-restored")).to_be_visible()
    expect(page.locator("#wording-body")).to_have_value(BODY)

    # Refused: the field is named, and what was typed stays.
    page.fill("#wording-subject", "Your {diagnosis} visit")
    page.click("#save-wording")
    expect(page.locator("#wording-subject-error")).to_contain_text("{diagnosis}")
    expect(page.locator("#wording-subject")).to_have_value("Your {diagnosis} visit")
    expect(page.locator("#wording-body")).to_have_value(BODY)
    steps.shot("refused-form-kept")

    page.fill("#wording-subject", "See you soon at {clinic_name}")
    page.click("#save-wording")
    expect(page.locator("main")).to_contain_text("is saved")
    expect(page.locator("#draft-restored")).to_have_count(0)
    page.click("#back-to-wording")
    expect(page.locator("#wording-appointment_reminder")).to_contain_text("Your clinic's own")
    expect(page.locator("#wording-appointment_reminder")).to_contain_text(
        "See you soon at {clinic_name}"
    )

    page.click("#edit-appointment_reminder")
    page.click("#use-default")
    expect(page.locator("main")).to_contain_text("uses the default wording again")
    expect(page.locator("#wording-subject")).to_have_value("Your appointment at {clinic_name}")
    steps.shot("default-back")
