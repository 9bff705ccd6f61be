"""A routine follow-up, counted: open the client, check in, adjust one thing, record the
client's feedback and today's pain, sign. The target is 10 interactions or fewer; the test
prints the count (and fails above the target)."""

from __future__ import annotations

import re

from playwright.sync_api import Page, expect

from tests.browser.conftest import Steps
from tests.browser.server import Server
from tests.browser.test_first_visit import THERAPIST, create_client, log_in, record_consent
from tests.browser.test_treatment_course import approved_plan, check_in

TARGET = 10


class Counted:
    """The page, counting each thing the therapist does: a tap, a choice, a typed field."""

    def __init__(self, page: Page) -> None:
        self.page = page
        self.done: list[str] = []

    def tap(self, selector: str, what: str) -> None:
        self.done.append(what)
        self.page.click(selector)

    def choose(self, selector: str, value: str, what: str) -> None:
        self.done.append(what)
        self.page.select_option(selector, value)


def test_a_routine_follow_up_takes_ten_interactions_or_fewer(
    page: Page, server: Server, steps: Steps
) -> None:
    log_in(page, server, THERAPIST)
    create_client(page, server, "Rutger", "Routine", "1966-07-07")
    chart = page.url
    record_consent(page, "Rutger Routine")
    approved_plan(page, chart)
    client = chart.rstrip("/").rsplit("/", 1)[-1]
    check_in(page, f"{server.base_url}/visits/clients/{client}/")
    page.check("#pain-5")
    page.click("#sign-button")
    expect(page.locator("#visit-status")).to_have_text("Signed")
    # Where the routine starts: the client found on the list (the search is a POST, so a GET
    # lists every client, and the suite's shared server holds more than a page of them).
    page.goto(f"{server.base_url}/clients/")
    page.fill("#client-search input[name=q]", "routine")
    expect(page.locator("#client-results")).to_contain_text("Routine, Rutger")

    therapist = Counted(page)
    therapist.tap("#client-results a >> text=Routine, Rutger", "open the client")
    therapist.tap("#chart-visits", "go to visits")
    therapist.tap("#check-in-button", "check in: nothing new")
    expect(page.locator("#visit-status")).to_have_text("Draft")
    steps.shot("note-opened")
    therapist.choose("select[name=pressure_0]", "light", "adjust one thing: lighter pressure")
    therapist.choose("#feedback-kind", "relief", "feedback: what the client reported")
    therapist.choose("#feedback-adjustment", "pressure_down", "feedback: what I changed")
    therapist.tap("#feedback-button", "add the feedback")
    expect(page.locator("#feedback-list")).to_contain_text(re.compile("relief", re.I))
    therapist.tap("#pain-3", "today's pain")
    therapist.tap("#sign-button", "sign and lock")
    expect(page.locator("#visit-status")).to_have_text("Signed")
    steps.shot("signed")

    count = len(therapist.done)
    print(f"\nRoutine follow-up: {count} interactions (target {TARGET} or fewer)")
    for number, what in enumerate(therapist.done, start=1):
        print(f"  {number:2d}. {what}")
    assert count <= TARGET
    expect(page.locator("#treatment-table")).to_contain_text(re.compile("light", re.I))
