"""A referral Bundle from a physician's system, imported in Chromium: read, every mapping
problem shown, the client confirmed, the drafted intake answered and saved, then screened."""

from __future__ import annotations

import json

from playwright.sync_api import Page, expect

from tests.browser.conftest import Steps
from tests.browser.server import Server
from tests.browser.test_first_visit import THERAPIST, answer_red_flags, log_in
from tests.fhir.bundles import referral_bundle


def import_bundle(page: Page, server: Server, **who: str) -> str:
    """Paste the Bundle and read it; returns the review page's address."""
    page.goto(f"{server.base_url}/fhir/imports/")
    page.fill("#bundle-text", json.dumps(referral_bundle(**who)))
    page.click("#import-read")
    expect(page.locator("h1")).to_have_text("Import review")
    return page.url


def test_a_bundle_becomes_a_client_and_a_screened_intake(
    page: Page, server: Server, steps: Steps
) -> None:
    log_in(page, server, THERAPIST)
    import_bundle(page, server, given="Leila", family="Farouk")
    problems = page.locator("#import-problems")
    expect(problems).to_contain_text("Immunization is not imported")
    expect(problems).to_contain_text("No ICD-10-CM code")
    expect(page.locator("#import-complaints")).to_contain_text("M54.2")
    steps.shot("import-review")

    page.click("#import-confirm")
    expect(page.locator("#intake-form")).to_be_visible()
    expect(page.locator("input[value='M54.2']")).to_have_count(1)
    answer_red_flags(page)
    steps.shot("import-intake-draft")
    page.click("#intake-submit")

    expect(page.locator("#screening-decision")).to_be_visible()
    expect(page.locator("main")).to_contain_text("Leila Farouk")
    steps.shot("import-intake-screened")
