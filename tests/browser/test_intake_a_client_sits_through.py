"""An intake a client could sit through, on a tablet in Chromium: one section at a time with
the body map first, Enter that never reloads the form, "None of these" for a group of
red-flag questions (a yes opens it again), a medication search that knows brands and never
keeps a half-typed word, and a repeat intake filled in from the last one to confirm.
"""

from __future__ import annotations

from playwright.sync_api import Page, expect

from tests.browser.conftest import Steps
from tests.browser.server import Server
from tests.browser.test_first_visit import (
    THERAPIST,
    create_client,
    log_in,
    record_consent,
    wait_for_red_flag_questions,
)


def visible_steps(page: Page) -> list[str]:
    return page.locator(".intake-section[data-step]:visible").evaluate_all(
        "nodes => nodes.map(n => n.dataset.step)"
    )


def test_an_intake_one_section_at_a_time(page: Page, server: Server, steps: Steps) -> None:
    log_in(page, server, THERAPIST)
    create_client(page, server, "Lena", "Hoffmann", "1969-09-30")
    chart_url = page.url
    record_consent(page, "Lena Hoffmann")
    page.goto(chart_url)
    page.click("#chart-new-intake")

    # The body map first, alone; the date is today's. (The step controls come with the form's
    # script: once the first is current, the script has shown one section.)
    expect(page.locator("[data-step-to='0']")).to_have_attribute("aria-current", "step")
    assert visible_steps(page) == ["Where it hurts"]
    expect(page.locator("#f-visit-date")).not_to_have_value("")
    page.click("#bm-front-neck-both")
    pain = page.locator("#complaint-rows [data-row-field=pain]").first
    pain.fill("5")
    steps.shot("body-map-first")

    # Enter in a field never sends the form.
    page.evaluate("window.__stillHere = true")
    pain.press("Enter")
    page.wait_for_timeout(300)
    assert page.evaluate("window.__stillHere === true"), "Enter reloaded the intake form"

    page.click("#step-next")
    assert visible_steps(page) == ["Red flags"]
    wait_for_red_flag_questions(page)  # the neck's questions
    everyone = page.locator("[data-question-group=everyone]")
    page.check("#none-everyone")
    expect(everyone.locator(".question").first).to_be_hidden()
    neck = page.locator("[data-question-group=neck]")
    neck.locator("[data-question=dizziness] input[value=yes]").check()
    page.click("#none-neck")
    # A yes wins: the neck's group stays open with it, the others are answered no below.
    expect(page.locator("#none-neck")).not_to_be_checked()
    expect(neck.locator("[data-question=dizziness]")).to_be_visible()
    neck.locator("[data-question=dizziness] input[value=no]").check()
    page.check("#none-neck")
    expect(neck.locator("[data-question=dizziness]")).to_be_hidden()
    steps.shot("red-flags-none-of-these")

    page.click("[data-step-to='3']")
    assert visible_steps(page) == ["Medications"]
    search = page.locator("#medication-search")
    search.fill("advi")
    expect(page.locator("#medication-suggestions")).to_contain_text("Advil (ibuprofen)")
    expect(page.locator("#medication-suggestions")).to_contain_text("NSAIDs")
    search.press("Enter")
    expect(page.locator("#medication-chips")).to_contain_text("Advil (ibuprofen)")
    search.fill("ibu")
    expect(page.locator("#medication-suggestions")).to_contain_text("ibuprofen")
    steps.shot("medication-search")

    # Saving with a half-typed word refuses and keeps it in the box, not as a medication.
    page.click("#intake-submit")
    expect(page.locator("#form-errors")).to_contain_text("still in the medication search")
    expect(page.locator("#medication-search")).to_have_value("ibu")
    expect(page.locator("#medication-chips input[value=ibu]")).to_have_count(0)
    assert visible_steps(page) == ["Medications"]  # the step with the problem opens
    steps.shot("half-typed-word-refused")
    page.locator("#medication-search").fill("")
    page.click("#intake-submit")
    expect(page.locator("#screening-decision")).to_be_visible()
    steps.shot("screened")

    # A repeat intake: filled in from the last one, saved once confirmed with the client.
    page.goto(chart_url)
    page.click("#chart-new-intake")
    expect(page.locator("#carried-over")).to_be_visible()
    expect(page.locator("#medication-chips")).to_contain_text("Advil (ibuprofen)")
    expect(page.locator("#complaint-rows [data-complaint-row]")).to_have_count(1)
    page.locator("#complaint-rows [data-row-field=pain]").first.fill("3")
    page.click("#step-next")
    wait_for_red_flag_questions(page)
    for group in page.locator("[data-red-flag-none]").all():
        group.check()
    page.click("#intake-submit")
    expect(page.locator("#form-errors")).to_contain_text("confirmed with the client")
    page.check("#f-confirm-carried")
    page.click("#intake-submit")
    expect(page.locator("#screening-decision")).to_be_visible()
    steps.shot("repeat-intake-screened")
    # The two refusals answer 422, which the browser logs; Playwright's screenshots hide the
    # text caret with a style the Content Security Policy refuses. Nothing else may fail.
    errors = [
        e
        for e in page.errors  # type: ignore[attr-defined]
        if "status of 422" not in e and "Applying inline style" not in e
    ]
    assert errors == []
