"""The first visit, walked in Chromium by a therapist on a tablet-sized screen.

Client, consent, intake on the body map, screening, assessment with one questionnaire, then a
plan drafted by the core, adjusted and approved. A second walk shows a red-flag intake
stopping treatment with a referral. Screenshots of every step go to test-output/browser/.
"""

from __future__ import annotations

import zlib

from playwright.sync_api import Page, expect

from tests.browser.conftest import Steps
from tests.browser.server import Server

THERAPIST = "maya@harbour.demo"


def log_in(page: Page, server: Server, email: str) -> None:
    page.goto(f"{server.base_url}/accounts/login/")
    page.fill("#id_username", email)
    page.fill("#id_password", server.login_for(email).password)
    page.click("button[type=submit]")
    expect(page.get_by_role("button", name="Log out")).to_be_visible()


def create_client(page: Page, server: Server, given: str, family: str, born: str) -> None:
    page.goto(f"{server.base_url}/clients/new/")
    page.fill("#id_given_name", given)
    page.fill("#id_family_name", family)
    page.fill("#id_date_of_birth", born)
    # A number of the client's own: the tests share one server, and a shared number would be
    # (rightly) warned of as a possible duplicate.
    page.fill("#id_phone", f"555 {zlib.crc32(f'{given} {family}'.encode()) % 10_000:04d}")
    page.locator("form button[type=submit]").last.click()
    expect(page.locator("h1")).to_contain_text(f"{given} {family}")


def record_consent(page: Page, full_name: str) -> None:
    page.get_by_role("button", name="Record consent").click()
    # The boxes are collected once the form is there: `all()` does not wait for them.
    topics = page.locator("input[name=topics]")
    expect(topics.first).to_be_visible()
    for box in topics.all():
        box.check()
    page.check("input[name=signature_method][value=typed]")
    page.fill("#id_typed_name", full_name)
    page.get_by_role("button", name="Record consent").click()
    expect(page.locator("body")).to_contain_text("Current")


def wait_for_red_flag_questions(page: Page) -> None:
    """The questions arrive by htmx 150 ms after a region changes: give the request time to
    start, then wait until none is in flight."""
    page.wait_for_timeout(300)
    page.wait_for_function("() => !document.querySelector('#red-flag-questions.htmx-request')")


def answer_red_flags(page: Page, answer: str = "no") -> None:
    """Answer every red-flag question, with the intake's sections all on one page."""
    # The step controls show once the form's script has run (by the load event); asked any
    # earlier, they look absent and the script then hides every section but the first.
    page.wait_for_load_state("load")
    show_all = page.locator("#intake-show-all")
    if show_all.is_visible():
        show_all.click()
    wait_for_red_flag_questions(page)
    questions = page.locator("#red-flag-questions [data-question]")
    for index in range(questions.count()):
        question = questions.nth(index)
        question.locator(f"input[type=radio][value={answer}]").check()


def test_first_visit_from_new_client_to_approved_plan(
    page: Page, server: Server, steps: Steps
) -> None:
    log_in(page, server, THERAPIST)
    create_client(page, server, "Nadia", "Petrova", "1974-06-02")
    chart_url = page.url
    steps.shot("client-created")

    record_consent(page, "Nadia Petrova")
    steps.shot("consent-recorded")

    page.goto(chart_url)
    page.click("#chart-new-intake")
    page.click("#bm-front-neck-both")
    expect(page.locator("#complaint-rows [data-complaint-row]")).to_have_count(1)
    page.locator("#complaint-rows [data-pain-slider]").first.fill("6")
    answer_red_flags(page)
    page.fill("#f-goals", "Work a full day at the desk without neck pain")
    steps.shot("intake-body-map")
    page.click("#intake-submit")
    expect(page.locator("#screening-decision")).to_have_attribute("data-decision", "proceed")
    expect(page.locator("#red-flag-alert")).to_have_count(0)
    steps.shot("screening-proceed")

    page.goto(chart_url)
    page.click("#chart-new-assessment")
    expect(page.locator("[name=q-ndi-item_1]").first).to_be_attached()
    for item in range(1, 11):
        page.locator(f"[name=q-ndi-item_{item}][value='2']").check()
    page.locator("[name=q-nprs-item_1][value='6']").check()
    for name in page.locator("[data-questionnaire]").evaluate_all(
        "nodes => nodes.map(n => n.dataset.questionnaire)"
    ):
        if name not in {"ndi", "nprs"}:
            page.locator(f"#questionnaire-{name} [data-remove-questionnaire]").click()
            expect(page.locator(f"#questionnaire-{name}")).to_have_count(0)
    steps.shot("assessment-form")
    page.click("#assessment-submit")
    expect(page.locator("#assessment-questionnaires li[data-instrument=ndi]")).to_contain_text("40")
    steps.shot("assessment-recorded")

    page.goto(chart_url)
    page.click("#chart-plans")
    page.click("#draft-plan")
    expect(page.locator("#plan-status")).to_have_text("Draft")
    expect(page.locator("#plan-decision")).to_contain_text("Proceed")
    steps.shot("plan-draft")
    first_minutes = page.locator("input[name=minutes_0]")
    first_minutes.fill("20")
    page.locator("select[name=pressure_0]").select_option("light")
    page.click("#plan-save")
    expect(page.get_by_role("status")).to_contain_text("Plan saved")
    expect(page.locator("input[name=minutes_0]")).to_have_value("20")
    steps.shot("plan-adjusted")
    page.click("#plan-approve")
    expect(page.locator("#plan-status")).to_have_text("Approved")
    expect(page.locator("#plan-save")).to_have_count(0)
    steps.shot("plan-approved")

    page.goto(chart_url)
    expect(page.locator("#chart-plan")).to_contain_text("v1")
    steps.shot("chart-with-plan")
    assert page.errors == []  # type: ignore[attr-defined]


def test_a_red_flag_intake_stops_treatment_with_a_referral(
    page: Page, server: Server, steps: Steps
) -> None:
    log_in(page, server, THERAPIST)
    create_client(page, server, "Lena", "Okoro", "1979-02-11")
    chart_url = page.url
    record_consent(page, "Lena Okoro")

    page.goto(chart_url)
    page.click("#chart-new-intake")
    page.click("#bm-back-lower_back-both")
    page.locator("#complaint-rows [data-pain-slider]").first.fill("7")
    answer_red_flags(page, "no")
    bowel = page.locator(
        "#red-flag-questions [data-question*=bladder], #red-flag-questions [data-question*=bowel]"
    )
    expect(bowel.first).to_be_visible()
    bowel.first.locator("input[value=yes]").check()
    steps.shot("intake-red-flag-answer")
    page.click("#intake-submit")
    expect(page.locator("#red-flag-alert")).to_be_visible()
    expect(page.locator("#screening-decision")).to_have_attribute(
        "data-decision", "refer_emergency"
    )
    steps.shot("screening-red-flag")

    page.goto(chart_url)
    expect(page.locator(".chart-alerts")).to_contain_text("Red flag")
    page.click("#chart-plans")
    page.click("#draft-plan")
    expect(page.locator("#plan-decision")).to_contain_text("emergency")
    expect(page.locator("#plan-referral")).to_contain_text("emergency")
    expect(page.locator("table.techniques")).to_have_count(0)
    expect(page.locator("#add-technique")).to_have_count(0)
    steps.shot("plan-stopped-with-referral")
