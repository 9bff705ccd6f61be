"""The owner opens the outcomes report of the demo clinic and drills down to the courses."""

from __future__ import annotations

import re

from playwright.sync_api import Page, expect

from tests.browser.conftest import Steps
from tests.browser.server import Server
from tests.browser.test_login_and_dashboard import log_in


def test_the_owner_reads_the_report_and_drills_down_to_the_courses(
    page: Page, server: Server, steps: Steps
) -> None:
    log_in(page, server, "owner@harbour.demo")
    page.get_by_role("link", name="Outcomes").first.click()
    expect(page.locator("h1")).to_have_text("Outcomes of the practice")
    expect(page.locator("#report-condition svg.share-chart")).to_be_visible()
    expect(page.locator("#table-condition")).to_contain_text("Neck pain (cervicalgia)")
    page.locator("#table-condition summary").first.click()
    expect(page.locator("#table-condition .evidence-row").first).to_contain_text("Certainty")
    steps.shot("outcomes-report")

    page.locator("#row-condition-1 a.drill-reached").click()
    expect(page.locator("h1")).to_have_text("Courses that reached the clinically important change")
    expect(page.locator("#drill-count")).to_contain_text(re.compile(r"\d+ courses?"))
    rows = page.locator("#drill-courses tbody tr")
    expect(rows.first).to_contain_text("improved")
    steps.shot("outcomes-drill-down")

    page.locator("#drill-courses tbody tr a").first.click()
    expect(page).to_have_url(re.compile(r"/clients/\d+/$"))


def test_a_therapist_sees_their_own_courses(page: Page, server: Server, steps: Steps) -> None:
    log_in(page, server, "sam@harbour.demo")
    page.goto(f"{server.base_url}/reports/outcomes/")
    expect(page.locator("main")).to_contain_text("Your own courses")
    expect(page.locator("#table-therapist")).to_contain_text("Samuel Okafor")
    expect(page.locator("#table-therapist")).not_to_contain_text("Maya Chen")
    steps.shot("outcomes-own")
