"""A course of three visits walked in Chromium: check-in, the note pre-filled from the plan,
feedback and an adjustment, an adverse event lowering the next cap, signing, an addendum,
then a re-assessment questionnaire, the progress graph and the printed home-program handout.
Screenshots of every step go to test-output/browser/."""

from __future__ import annotations

import io
import re

from playwright.sync_api import Page, expect
from pypdf import PdfReader

from tests.browser.conftest import Steps
from tests.browser.server import Server
from tests.browser.test_first_visit import (
    THERAPIST,
    answer_red_flags,
    create_client,
    log_in,
    record_consent,
)


def approved_plan(page: Page, chart_url: str) -> None:
    page.goto(chart_url)
    page.click("#chart-new-intake")
    page.click("#bm-front-neck-both")
    page.locator("#complaint-rows [data-pain-slider]").first.fill("6")
    answer_red_flags(page)
    page.click("#intake-submit")
    expect(page.locator("#screening-decision")).to_have_attribute("data-decision", "proceed")
    page.goto(chart_url)
    page.click("#chart-plans")
    page.click("#draft-plan")
    page.click("#plan-approve")
    expect(page.locator("#plan-status")).to_have_text("Approved")


def check_in(page: Page, visits_url: str, temperature: str = "36.7") -> None:
    page.goto(visits_url)
    page.fill("#check-in-temperature", temperature)
    page.click("#check-in-button")
    expect(page.locator("#visit-status")).to_have_text("Draft")


def add_feedback(page: Page, kind: str, adjustment: str, note: str) -> None:
    page.select_option("#feedback-kind", kind)
    page.select_option("#feedback-region", "neck")
    page.select_option("#feedback-adjustment", adjustment)
    page.fill("#feedback-note", note)
    page.click("#feedback-button")
    expect(page.locator("#feedback-list")).to_contain_text(note)


def sign(page: Page) -> None:
    page.click("#sign-button")
    expect(page.locator("#visit-status")).to_have_text("Signed")
    expect(page.locator("#note-form")).to_have_count(0)


def test_three_visits_with_feedback_an_adverse_event_and_an_addendum(
    page: Page, server: Server, steps: Steps
) -> None:
    log_in(page, server, THERAPIST)
    create_client(page, server, "Tomas", "Berg", "1969-09-14")
    chart_url = page.url
    client_id = chart_url.rstrip("/").rsplit("/", 1)[-1]
    visits_url = f"{server.base_url}/visits/clients/{client_id}/"
    record_consent(page, "Tomas Berg")
    approved_plan(page, chart_url)
    steps.shot("plan-approved")

    # Visit 1: the note opens pre-filled; discomfort, pressure down, then relief.
    check_in(page, visits_url)
    expect(page.locator("select[name=technique_0]")).not_to_have_value("")
    steps.shot("visit1-prefilled")
    add_feedback(page, "discomfort", "pressure_down", "Tender over left levator")
    page.select_option("select[name=pressure_0]", "medium")
    add_feedback(page, "relief", "none", "Rotation easier")
    page.check("#pain-5")
    page.fill("#note-assessment", "Guarding eased after lighter work")
    page.click("#save-note")
    expect(page.get_by_role("status")).to_contain_text("Note saved")
    expect(page.locator("select[name=pressure_0]")).to_have_value("medium")
    steps.shot("visit1-feedback-and-adjustment")
    sign(page)
    visit1_url = page.url
    page.fill("#adverse-description", "Soreness lasting three days")
    page.select_option("#adverse-kind", "soreness_48h")
    page.select_option("#adverse-severity", "mild")
    page.fill("#adverse-follow-up", "Lighter pressure next visit")
    page.click("#adverse-button")
    expect(page.locator("#adverse-events")).to_contain_text("Soreness beyond 48 hours (mild)")
    steps.shot("visit1-signed-with-adverse-event")

    # Visit 2: the cap is one level lower until the event is reviewed.
    check_in(page, visits_url)
    expect(page.locator("#visit-cap")).to_contain_text("project policy")
    steps.shot("visit2-lowered-cap")
    add_feedback(page, "relief", "none", "Comfortable throughout")
    page.check("#pain-4")
    page.click("#save-note")
    expect(page.get_by_role("status")).to_contain_text("Note saved")
    sign(page)
    steps.shot("visit2-signed")

    # The event is reviewed; visit 3 is back to the plan's cap.
    page.goto(visit1_url)
    page.locator("#adverse-events details.review-event summary").first.click()
    page.locator("#adverse-events textarea[name=note]").first.fill("Bruise faded; client well")
    page.locator("#adverse-events details.review-event button").first.click()
    expect(page.locator("#adverse-events")).to_contain_text("Reviewed")
    check_in(page, visits_url)
    expect(page.locator("#visit-cap")).not_to_contain_text("project policy")
    page.check("#pain-3")
    page.click("#save-note")
    sign(page)
    steps.shot("visit3-signed")

    # A late entry on visit 1, shown with the original.
    page.goto(visit1_url)
    page.fill("#addendum-reason", "Late entry")
    page.fill("#addendum-text", "Client phoned: soreness settled after four days")
    page.click("#addendum-button")
    expect(page.locator("#addenda")).to_contain_text("soreness settled")
    expect(page.locator("#note-original")).to_contain_text("Guarding eased")
    steps.shot("visit1-addendum")

    page.goto(chart_url)
    expect(page.locator("#chart-last-visit")).to_contain_text("Pain 3/10")
    steps.shot("chart-last-visit")
    page.goto(f"{server.base_url}/visits/clients/{client_id}/")
    expect(page.locator("#visit-list tbody tr")).to_have_count(3)
    steps.shot("visit-list")

    reassess_with_ndi(page, server, client_id)
    steps.shot("reassessment-questionnaire")
    page.goto(f"{server.base_url}/outcomes/clients/{client_id}/progress/")
    expect(page.locator("#progress-nprs svg")).to_be_visible()
    expect(page.locator("#progress-nprs")).to_contain_text("clinically important change")
    steps.shot("progress-graph")
    handout = handout_text(page, server, client_id)
    assert "Harbour Medical Massage" in handout
    assert "Tomas Berg" in handout
    steps.shot("home-program")
    assert page.errors == []  # type: ignore[attr-defined]


def reassess_with_ndi(page: Page, server: Server, client_id: str) -> None:
    page.goto(f"{server.base_url}/outcomes/clients/{client_id}/new/?instrument=ndi")
    for item in range(1, 11):
        page.locator(f"input[name=item_{item}][value='1']").check()
    page.select_option("#id_context", "reassessment")
    page.click("#questionnaire-submit")
    expect(page.locator("#measurement-score")).to_have_attribute(
        "data-score", re.compile(r"^20(\.0+)?$")
    )


def handout_text(page: Page, server: Server, client_id: str) -> str:
    """Start the home program from the plan and read the printed handout back as text."""
    page.goto(f"{server.base_url}/homecare/clients/{client_id}/")
    page.click("#start-program")
    link = page.locator("#print-handout")
    expect(link).to_be_visible()
    response = page.request.get(server.base_url + str(link.get_attribute("href")))
    assert response.headers["content-type"] == "application/pdf"
    reader = PdfReader(io.BytesIO(response.body()))
    text = " ".join(page_.extract_text() for page_ in reader.pages)
    first_exercise = page.locator(".home-exercise h3, .home-exercise strong").first.inner_text()
    assert first_exercise.split(" — ")[0].strip() in text
    return text
