"""Nothing typed is lost, walked in Chromium: every loss path of issue 11, reproduced.

Signing with unsaved Assessment and Plan signs them; a refused signature keeps every field;
"Approve plan" approves the edits on the screen; a session that ends while a note is open
keeps the draft and brings the therapist back to it after login (with what was typed after the
session ended, kept in the browser until the server had it); leaving with unsaved input asks.
"""

from __future__ import annotations

import json

from playwright.sync_api import Dialog, Page, expect

from tests.browser.conftest import Steps
from tests.browser.server import Server
from tests.browser.test_first_visit import THERAPIST, create_client, log_in, record_consent
from tests.browser.test_treatment_course import approved_plan, check_in

# Ages one session on the server past its idle limit, as 16 minutes without a request would.
AGE_SESSION = """
from django.contrib.sessions.backends.db import SessionStore
from medmassage.accounts import sessions
store = SessionStore(session_key={key!r})
store[sessions.ACTIVE_KEY] = store[sessions.ACTIVE_KEY] - 16 * 60
store.save()
"""


def client_with_a_plan(page: Page, server: Server, given: str) -> str:
    """A new client with an approved plan; returns the client's visits page."""
    create_client(page, server, given, "Keeper", "1980-05-05")
    chart = page.url
    client = chart.rstrip("/").rsplit("/", 1)[-1]
    record_consent(page, f"{given} Keeper")
    approved_plan(page, chart)
    return f"{server.base_url}/visits/clients/{client}/"


def expire_session(page: Page, server: Server) -> None:
    cookie = next(c for c in page.context.cookies() if c["name"] == "sessionid")
    server.manage("shell", "-c", AGE_SESSION.format(key=cookie["value"]))


def test_sign_and_lock_keeps_unsaved_assessment_and_plan(
    page: Page, server: Server, steps: Steps
) -> None:
    log_in(page, server, THERAPIST)
    check_in(page, client_with_a_plan(page, server, "Signe"))
    page.fill("#note-assessment", "Guarding eased over the upper trapezius")
    page.fill("#note-plan", "Next visit: lighter on the left side")

    # Refused (pain not recorded): every typed field stays on the form.
    page.click("#sign-button")
    expect(page.locator("#visit-problem")).to_contain_text("pain")
    expect(page.locator("#note-assessment")).to_have_value(
        "Guarding eased over the upper trapezius"
    )
    expect(page.locator("#note-plan")).to_have_value("Next visit: lighter on the left side")
    steps.shot("signature-refused-text-kept")

    # Signed with what is on the screen, without a separate save.
    page.check("#pain-3")
    page.click("#sign-button")
    expect(page.locator("#visit-status")).to_have_text("Signed")
    expect(page.locator("#note-original")).to_contain_text(
        "Guarding eased over the upper trapezius"
    )
    expect(page.locator("#note-original")).to_contain_text("Next visit: lighter on the left side")
    steps.shot("signed-with-typed-text")


def test_approve_plan_approves_the_edits_on_the_screen(
    page: Page, server: Server, steps: Steps
) -> None:
    log_in(page, server, THERAPIST)
    create_client(page, server, "Aurel", "Keeper", "1979-02-02")
    chart = page.url
    record_consent(page, "Aurel Keeper")
    approved_plan(page, chart)
    page.click("#plan-revise")
    expect(page.locator("#plan-status")).to_have_text("Draft")
    page.fill("#plan-goals", "Turn the head to reverse the car")
    page.click("#plan-approve")
    expect(page.locator("#plan-status")).to_have_text("Approved")
    expect(page.locator("main")).to_contain_text("Turn the head to reverse the car")
    steps.shot("approved-with-the-edit")


def test_a_session_that_ends_mid_note_keeps_the_text_and_returns_to_the_note(
    page: Page, server: Server, steps: Steps
) -> None:
    log_in(page, server, THERAPIST)
    check_in(page, client_with_a_plan(page, server, "Sessa"))
    note = page.url
    page.fill("#note-assessment", "Autosaved before the break")
    expect(page.locator("#autosave-status")).to_contain_text("Draft saved at")
    steps.shot("autosaved")

    expire_session(page, server)
    page.fill("#note-plan", "Typed after the session ended")
    login = page.locator("#autosave-login")
    expect(login).to_be_visible()
    expect(page.locator("#autosave-status")).to_contain_text("session has ended")
    kept = page.evaluate("Object.keys(localStorage).filter(k => k.startsWith('medmassage.'))")
    assert kept, "the text typed after the session ended is not kept in the browser"
    steps.shot("session-ended-text-kept")

    login.click()
    expect(page.locator("#session-ended")).to_be_visible()
    page.fill("#id_username", THERAPIST)
    page.fill("#id_password", server.login_for(THERAPIST).password)
    page.click("button[type=submit]")

    expect(page).to_have_url(note)
    expect(page.locator("#note-assessment")).to_have_value("Autosaved before the break")
    expect(page.locator("#note-plan")).to_have_value("Typed after the session ended")
    expect(page.locator("#draft-restored")).to_be_visible()
    left = page.evaluate("JSON.stringify(Object.keys(localStorage))")
    assert json.loads(left) == [], "the browser still holds text the server now has"
    steps.shot("back-on-the-note-after-login")


def test_leaving_a_page_with_unsaved_input_asks_first(
    page: Page, server: Server, steps: Steps
) -> None:
    log_in(page, server, THERAPIST)
    check_in(page, client_with_a_plan(page, server, "Liv"))
    note = page.url
    dialogs: list[str] = []

    def stay(dialog: Dialog) -> None:
        dialogs.append(dialog.type)
        dialog.dismiss()

    page.on("dialog", stay)
    # The visit's other forms warn too: a feedback note typed but not added.
    page.fill("#feedback-note", "Typed, not added")
    page.locator("nav[aria-label=breadcrumb] a").first.click()
    page.wait_for_timeout(500)
    assert dialogs == ["beforeunload"]
    assert page.url == note
    steps.shot("asked-before-leaving")


def test_a_refused_approval_keeps_every_edit_on_the_screen(
    page: Page, server: Server, steps: Steps
) -> None:
    log_in(page, server, THERAPIST)
    create_client(page, server, "Rhea", "Keeper", "1977-07-17")
    chart = page.url
    record_consent(page, "Rhea Keeper")
    approved_plan(page, chart)
    page.click("#plan-revise")
    expect(page.locator("#plan-status")).to_have_text("Draft")
    page.fill("#plan-goals", "Sleep through the night without waking")
    page.fill("input[name=minutes_0]", "")  # left empty: the server refuses it

    page.click("#plan-approve")
    expect(page.locator("#plan-status")).to_have_text("Draft")
    expect(page.locator("main")).to_contain_text("minutes")  # the refusal names the field
    expect(page.locator("#plan-goals")).to_have_value("Sleep through the night without waking")
    steps.shot("approval-refused-edits-kept")

    page.fill("input[name=minutes_0]", "20")
    page.click("#plan-approve")
    expect(page.locator("#plan-status")).to_have_text("Approved")
    expect(page.locator("main")).to_contain_text("Sleep through the night without waking")
    steps.shot("approved-after-the-fix")
