"""The loop with a physician, walked in Chromium by a therapist on a tablet-sized screen (issue
13): a physician added to the directory and the care team, the physician's referral in, a
red-flag intake, the referral letter drafted from the record, signed and downloaded as a PDF,
sent; the physician's clearance with limits uploaded (a file that only claims to be a PDF
refused first, the form kept), the next intake and the plan that follows its limits, a visit
counted against the referral in, then a progress report signed, downloaded and sent.
Screenshots of every step go to test-output/browser/."""

from __future__ import annotations

import io
from datetime import UTC, datetime, timedelta
from pathlib import Path

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
from tests.browser.test_treatment_course import check_in, sign
from tests.careteam.documents import PDF

PHYSICIAN = "Dr Ana Rivera"


def add_physician(
    page: Page, server: Server, name: str = PHYSICIAN, npi: str = "1234567893"
) -> None:
    """Add a physician through the directory's form (the walks share one server: each test
    adds its own, as an NPI is in the directory once)."""
    page.goto(f"{server.base_url}/providers/new/")
    page.fill("#id_name", name)
    page.select_option("#id_profession", "physician")
    page.fill("#id_organisation", "Harbour Family Practice")
    page.fill("#id_npi", npi)
    page.fill("#id_fax", "555-0121")
    page.click("#provider-save")
    expect(page.locator("main")).to_contain_text(name)


def text_of(path: Path) -> str:
    return " ".join(part.extract_text() for part in PdfReader(io.BytesIO(path.read_bytes())).pages)


def download(page: Page, selector: str) -> Path:
    """Click a download link; the file as the browser saved it."""
    with page.expect_download() as started:
        page.click(selector)
    saved = started.value.path()
    assert saved.read_bytes().startswith(b"%PDF")
    return saved


def red_flag_intake(page: Page, chart_url: str) -> None:
    """Low back pain with new trouble controlling the bladder or bowel: an emergency."""
    page.goto(chart_url)
    page.click("#chart-new-intake")
    page.click("#bm-back-lower_back-both")
    page.locator("#complaint-rows [data-pain-slider]").first.fill("7")
    answer_red_flags(page, "no")
    bowel = page.locator(
        "#red-flag-questions [data-question*=bladder], #red-flag-questions [data-question*=bowel]"
    )
    bowel.first.locator("input[value=yes]").check()
    page.click("#intake-submit")
    expect(page.locator("#screening-decision")).to_have_attribute(
        "data-decision", "refer_emergency"
    )


def test_a_red_flag_referral_answered_by_a_clearance_with_limits_and_a_progress_report(
    page: Page, server: Server, steps: Steps
) -> None:
    base = server.base_url
    log_in(page, server, THERAPIST)
    add_physician(page, server)
    create_client(page, server, "Marta", "Silva", "1968-05-17")
    chart_url = page.url
    client = chart_url.rstrip("/").rsplit("/", 1)[-1]
    record_consent(page, "Marta Silva")

    # The physician on the client's care team, and her referral in: six visits authorised.
    page.goto(f"{base}/providers/clients/{client}/team/")
    page.select_option("#id_provider", label=f"{PHYSICIAN} (Physician)")
    page.select_option("#id_role", "referring")
    page.click("#care-team-save")
    expect(page.locator("#care-team")).to_contain_text(PHYSICIAN)
    page.goto(chart_url)
    page.click("#chart-referrals")
    page.locator("details:has(#referral-in) > summary").click()
    page.select_option("#in-provider", label=PHYSICIAN)
    page.fill("#in-diagnoses", "M54.50")
    page.fill("#in-reason", "Low back pain after lifting")
    page.fill("#in-visits", "6")
    page.fill("#in-frequency", "1 per week")
    page.locator("#referral-in button[type=submit]").click()
    expect(page.locator("#referrals-in")).to_contain_text("0 visits used, 6 left")
    steps.shot("referral-in-recorded")

    # A red flag at the intake: the letter is drafted from the record.
    red_flag_intake(page, chart_url)
    steps.shot("screening-red-flag")
    page.goto(chart_url)
    page.click("#chart-referrals")
    page.click("#draft-referral")
    expect(page.locator("h1")).to_contain_text("emergency")
    expect(page.locator("#id_provider")).to_have_value(
        page.locator("#id_provider option", has_text=PHYSICIAN).get_attribute("value") or ""
    )
    told = page.locator("#id_client_told").input_value()
    assert "emergency department" in told, told
    page.fill("#id_question", "Please assess for cauda equina syndrome today.")
    page.click("#save-letter")
    expect(page.locator("#id_question")).to_have_value(
        "Please assess for cauda equina syndrome today."
    )
    steps.shot("letter-draft")
    page.click("#sign-letter")
    expect(page.locator("#referral-status")).to_have_text("Signed")
    expect(page.locator("#told-today")).to_contain_text("the client was told today")
    expect(page.locator("#referral-form")).to_have_count(0)
    letter = text_of(download(page, "#download-letter"))
    assert PHYSICIAN in letter
    assert "cauda equina" in letter
    assert "emergency department" in letter  # what the client was told, on the letter
    assert "Harbour" in letter  # the clinic's letterhead
    page.select_option("#id_via", "fax")
    page.click("#mark-sent")
    expect(page.locator("#referral-status")).to_have_text("Sent")
    steps.shot("letter-signed-and-sent")
    referral_url = page.url

    # The physician's answer: cleared with limits. A file that only claims to be a PDF first.
    page.click("#record-answer")
    page.fill("#id_from_name", PHYSICIAN)
    page.check("input[name=outcome][value=cleared_with_limits]")
    # Yesterday in UTC: not in the future wherever the clinic is.
    yesterday = datetime.now(UTC).date() - timedelta(days=1)
    page.fill("#id_issued_on", yesterday.isoformat())
    page.select_option("#id_max_pressure", "light")
    page.select_option("#id_exclude", ["deep_tissue"])
    page.set_input_files(
        "#id_document",
        {"name": "clearance.pdf", "mimeType": "application/pdf", "buffer": b"GIF89a not a pdf"},
    )
    page.click("#clearance-save")
    expect(page.locator("#err-document")).to_be_visible()
    expect(page.locator("#id_from_name")).to_have_value(PHYSICIAN)
    expect(page.locator("#id_max_pressure")).to_have_value("light")
    steps.shot("clearance-refused-upload")
    page.set_input_files(
        "#id_document",
        {"name": "rivera-clearance.pdf", "mimeType": "application/pdf", "buffer": PDF},
    )
    page.click("#clearance-save")
    expect(page.locator("#clearances")).to_contain_text(f"Cleared with limits by {PHYSICIAN}")
    steps.shot("clearance-on-file")
    page.goto(referral_url)
    expect(page.locator("#referral-status")).to_have_text("Answered")
    expect(page.locator("#answer")).to_contain_text("Cleared with limits")
    expect(page.locator("#download-letter")).to_be_visible()

    # Seen at the emergency department, the red flag ruled out: a new intake, then the plan
    # follows the clearance's limits (light pressure at most, no deep tissue).
    page.goto(chart_url)
    page.click("#chart-new-intake")
    expect(page.locator("#carried-over")).to_be_visible()  # filled in from the last intake
    expect(page.locator("#complaint-rows [data-complaint-row]")).to_have_count(1)
    page.locator("#complaint-rows [data-row-field=pain]").first.fill("5")
    answer_red_flags(page, "no")
    page.check("#f-confirm-carried")
    page.click("#intake-submit")
    expect(page.locator("#screening-decision")).to_have_attribute("data-decision", "modify")
    steps.shot("screening-with-clearance")
    page.goto(chart_url)
    page.click("#chart-new-assessment")
    for item in range(1, 11):
        page.locator(f"[name=q-odi-item_{item}][value='2']").check()
    for name in page.locator("[data-questionnaire]").evaluate_all(
        "nodes => nodes.map(n => n.dataset.questionnaire)"
    ):
        if name != "odi":
            page.locator(f"#questionnaire-{name} [data-remove-questionnaire]").click()
    page.click("#assessment-submit")
    expect(page.locator("#assessment-questionnaires")).to_contain_text("40")
    page.goto(chart_url)
    page.click("#chart-plans")
    page.click("#draft-plan")
    expect(page.locator("#plan-max-pressure")).to_have_text("Light")
    expect(page.locator("tr[data-technique=deep_tissue]")).to_have_count(0)
    expect(page.locator(".findings")).to_contain_text(f"Clearance from {PHYSICIAN}")
    steps.shot("plan-with-clearance-limits")
    page.click("#plan-approve")
    expect(page.locator("#plan-status")).to_have_text("Approved")

    # A visit, counted against the referral in; a re-assessment.
    check_in(page, f"{base}/visits/clients/{client}/")
    page.check("#pain-3")
    page.click("#save-note")
    sign(page)
    page.goto(chart_url)
    expect(page.locator("#chart-care-team")).to_contain_text("1 visit used, 5 left")
    steps.shot("chart-care-team")
    reassess_with_odi(page, server, client)

    # The progress report for the physician: drafted from the record, signed, sent.
    page.goto(chart_url)
    page.click("#chart-referrals")
    page.select_option("#report-provider", label=PHYSICIAN)
    page.click("#draft-report")
    expect(page.locator("h1")).to_have_text("Progress report")
    expect(page.locator("main table")).to_contain_text("Oswestry")
    page.check("input[name=recommendation][value=continue]")
    page.fill("#id_summary", "Pain and function better under light work; home program kept.")
    page.click("#save-report")
    expect(page.locator("#id_summary")).to_have_value(
        "Pain and function better under light work; home program kept."
    )
    steps.shot("report-draft")
    page.click("#sign-report")
    expect(page.locator("#report-status")).to_have_text("Signed")
    report = text_of(download(page, "#download-report"))
    assert "Marta Silva" in report
    assert "home program kept" in report
    page.select_option("#id_via", "secure_email")
    page.click("#report-mark-sent")
    expect(page.locator("#report-status")).to_have_text("Sent")
    steps.shot("report-sent")
    page.goto(chart_url)
    page.click("#chart-referrals")
    expect(page.locator("#reports")).to_contain_text("Sent")
    # The refused upload answers 422 (the form shown again), which the browser logs;
    # Playwright's screenshots hide the text caret with a style the Content Security Policy
    # refuses. Nothing else may fail.
    errors = page.errors  # type: ignore[attr-defined]
    assert sum("status of 422" in e for e in errors) == 1, errors
    assert [e for e in errors if "status of 422" not in e and "inline style" not in e] == []


def reassess_with_odi(page: Page, server: Server, client_id: str) -> None:
    page.goto(f"{server.base_url}/outcomes/clients/{client_id}/new/?instrument=odi")
    for item in range(1, 11):
        page.locator(f"input[name=item_{item}][value='1']").check()
    page.select_option("#id_context", "reassessment")
    page.click("#questionnaire-submit")
    expect(page.locator("#measurement-score")).to_be_visible()
