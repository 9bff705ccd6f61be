"""Every main page at phone (390 px), tablet portrait (768 px) and tablet landscape (1024 px)
widths on a touch screen, for each demo role: no sideways scroll, tap targets of 44 px, tick
boxes and radios that keep their shape, and no critical or serious axe-core violation.

A course is set up first through the pages, as the other walks do: a client treated, measured
and discharged, and a second client with a visit note still open and a plan being revised.
Screenshots of each page with a problem go to test-output/browser/<test>/ (of every page at every
width with BROWSER_SCREENSHOTS=all).
"""

from __future__ import annotations

import re
import shutil
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect

from tests.browser.conftest import EVERY_SCREENSHOT, TABLET, output_folder
from tests.browser.page_checks import (
    horizontal_overflow,
    serve_axe,
    severe_axe_violations,
    touch_target_problems,
)
from tests.browser.server import Server
from tests.browser.test_fhir_import import import_bundle
from tests.browser.test_first_visit import THERAPIST, create_client, log_in, record_consent
from tests.browser.test_referral_loop import add_physician
from tests.browser.test_treatment_course import (
    approved_plan,
    check_in,
    reassess_with_ndi,
    sign,
)
from tests.careteam.documents import PDF

# Its tests share a costly module fixture: one worker runs them all (--dist loadgroup).
pytestmark = pytest.mark.xdist_group("page-walk")

WIDTHS = (390, 768, 1024)
HEIGHT = 900
OWNER = "owner@harbour.demo"
FRONT_DESK = "desk@harbour.demo"
ROLES = {"therapist": THERAPIST, "owner": OWNER, "front-desk": FRONT_DESK}
CLINICAL = ("therapist", "owner")
EVERYONE = ("therapist", "owner", "front-desk")


@dataclass(frozen=True)
class Walk:
    """A page of the walk: its name in screenshots, its address, who opens it, what it shows."""

    name: str
    path: str
    roles: tuple[str, ...]
    status: int = 200


def client_id_of(page: Page) -> str:
    return page.url.rstrip("/").rsplit("/", 1)[-1]


def last_number(url: str) -> str:
    return re.findall(r"/(\d+)/", url + "/")[-1]


def treated_and_discharged(page: Page, server: Server) -> dict[str, str]:
    """A course: consent, intake, assessment, approved plan, home program, two signed visits,
    a re-assessment, then the plan closed with a discharge summary."""
    base = server.base_url
    create_client(page, server, "Ines", "Laurent", "1971-03-08")
    chart = page.url
    client = client_id_of(page)
    record_consent(page, "Ines Laurent")
    approved_plan(page, chart)
    plan = last_number(page.url)
    page.goto(f"{base}/intake/clients/{client}/")
    intake_detail = page.locator("#intake-versions a").first.get_attribute("href")

    page.goto(f"{base}/assessments/clients/{client}/new/")
    for item in range(1, 11):
        page.locator(f"[name=q-ndi-item_{item}][value='2']").check()
    for name in page.locator("[data-questionnaire]").evaluate_all(
        "nodes => nodes.map(n => n.dataset.questionnaire)"
    ):
        if name != "ndi":
            page.locator(f"#questionnaire-{name} [data-remove-questionnaire]").click()
    page.click("#assessment-submit")
    expect(page.locator("#assessment-questionnaires")).to_contain_text("40")
    assessment = page.url

    page.goto(f"{base}/homecare/clients/{client}/")
    page.click("#start-program")
    expect(page.locator("#print-handout")).to_be_visible()

    visits = f"{base}/visits/clients/{client}/"
    for pain in ("5", "3"):
        check_in(page, visits)
        page.check(f"#pain-{pain}")
        page.click("#save-note")
        sign(page)
    signed_visit = page.url
    reassess_with_ndi(page, server, client)
    measurement = page.url

    page.goto(f"{base}/plans/{plan}/close/")
    page.locator("input[name=reason]").first.check()
    page.click("#close-plan")
    expect(page.locator("h1")).to_have_text("Discharge summary")
    return {
        "client": client,
        "plan": plan,
        "intake": str(intake_detail),
        "assessment": assessment.removeprefix(base),
        "signed_visit": signed_visit.removeprefix(base),
        "measurement": measurement.removeprefix(base),
    }


def visit_open_and_plan_revised(page: Page, server: Server) -> dict[str, str]:
    """A second client: an approved plan, a visit note still a draft, then a revision drafted."""
    create_client(page, server, "Oskar", "Lindqvist", "1983-11-21")
    chart = page.url
    client = client_id_of(page)
    record_consent(page, "Oskar Lindqvist")
    approved_plan(page, chart)
    approved = page.url
    check_in(page, f"{server.base_url}/visits/clients/{client}/")
    draft_visit = page.url
    page.goto(approved)
    page.click("#plan-revise")
    expect(page.locator("#plan-status")).to_have_text("Draft")
    return {
        "client": client,
        "draft_visit": draft_visit.removeprefix(server.base_url),
        "draft_plan": page.url.removeprefix(server.base_url),
    }


def the_days_business(
    page: Page, server: Server, a: dict[str, str], b: dict[str, str]
) -> dict[str, str]:
    """Through the pages: an appointment booked and checked in (therapist), then the front
    desk invoicing a visit and taking part of the payment."""
    base = server.base_url  # the demo has the calendar: types, rooms, the therapists' hours
    page.goto(f"{base}/frontdesk/appointments/new/?client={b['client']}")
    page.fill("#booking-time", "07:00")
    page.click("#book-button")
    expect(page.locator("#appointment-status")).to_have_text("Booked")
    appointment = page.url.removeprefix(base)
    page.goto(f"{base}/frontdesk/")
    page.locator("[id^=check-in-]").first.click()
    expect(page.locator("[id^=open-visit-]").first).to_be_visible()
    log_out(page)
    log_in(page, server, FRONT_DESK)
    page.goto(f"{base}/billing/clients/{a['client']}/")
    page.locator("select[name=type]").first.select_option(label="Follow-up (95.00)")
    page.locator("[id^=invoice-visit-]").first.click()
    page.fill("#pay-amount", "50.00")
    page.click("#pay-button")
    expect(page.locator("#invoice-due")).to_have_text("45.00")
    return {"appointment": appointment, "invoice": page.url.removeprefix(base)}


PHYSICIAN = "Dr Ben Okafor"  # not the loop test's physician: the tests may share a server


def care_loop(page: Page, server: Server, a: dict[str, str]) -> dict[str, str]:
    """Through the pages, for the treated client: a physician in the directory and on the care
    team, her referral in, a letter drafted and another signed, her clearance answering it, a
    progress report drafted and another signed."""
    base = server.base_url
    add_physician(page, server, PHYSICIAN, npi="")
    page.goto(f"{base}/providers/")
    provider = page.get_by_role("link", name=PHYSICIAN).first.get_attribute("href")
    page.goto(f"{base}/providers/clients/{a['client']}/team/")
    page.select_option("#id_role", "referring")
    page.click("#care-team-save")
    expect(page.locator("#care-team")).to_contain_text(PHYSICIAN)
    referrals = f"{base}/referrals/clients/{a['client']}/"
    page.goto(referrals)
    page.locator("details:has(#referral-in) > summary").click()
    page.select_option("#in-provider", label=PHYSICIAN)
    page.fill("#in-diagnoses", "M54.2")
    page.fill("#in-visits", "6")
    page.locator("#referral-in button[type=submit]").click()
    referral_in = page.locator("#referrals-in a").first.get_attribute("href")
    page.click("#draft-referral")
    expect(page.locator("#referral-form")).to_be_visible()
    letter_draft = page.url
    page.goto(referrals)
    page.click("#draft-referral")
    page.fill("#id_reason", "Neck pain; a history to check before deeper work.")
    page.fill("#id_question", "Is massage of the neck safe for this client?")
    page.click("#save-letter")
    page.click("#sign-letter")
    expect(page.locator("#referral-status")).to_have_text("Signed")
    letter_signed = page.url
    page.click("#record-answer")
    page.fill("#id_from_name", PHYSICIAN)
    page.check("input[name=outcome][value=cleared_with_limits]")
    page.fill("#id_issued_on", (datetime.now(UTC).date() - timedelta(days=1)).isoformat())
    page.select_option("#id_max_pressure", "medium")
    page.set_input_files(
        "#id_document",
        {"name": "clearance.pdf", "mimeType": "application/pdf", "buffer": PDF},
    )
    page.click("#clearance-save")
    expect(page.locator("#clearances")).to_contain_text(PHYSICIAN)
    reports = []
    for _ in range(2):
        page.goto(referrals)
        page.select_option("#report-provider", label=PHYSICIAN)
        page.click("#draft-report")
        expect(page.locator("#report-form")).to_be_visible()
        reports.append(page.url)
    page.click("#sign-report")
    expect(page.locator("#report-status")).to_have_text("Signed")
    return {
        "provider": str(provider),
        "referral_in": str(referral_in),
        "letter_draft": letter_draft.removeprefix(base),
        "letter_signed": letter_signed.removeprefix(base),
        "report_draft": reports[0].removeprefix(base),
        "report_signed": reports[1].removeprefix(base),
    }


def log_out(page: Page) -> None:
    page.get_by_role("button", name="Log out").first.click()


@pytest.fixture(scope="module")
def walks(browser: Browser, server: Server) -> list[Walk]:
    context = browser.new_context(viewport=TABLET)
    context.set_default_timeout(15_000)
    page = context.new_page()
    log_in(page, server, THERAPIST)
    a = treated_and_discharged(page, server)
    b = visit_open_and_plan_revised(page, server)
    page.goto(f"{server.base_url}/practitioners/")
    practitioner = page.get_by_role("link", name="Maya Chen").get_attribute("href")
    loop = care_loop(page, server, a)
    fhir_import = import_bundle(page, server).removeprefix(server.base_url)
    day = the_days_business(page, server, a, b)
    context.close()
    return [
        Walk("dashboard", "/", EVERYONE),
        Walk("clients", "/clients/", EVERYONE),
        Walk("client-chart", f"/clients/{a['client']}/", EVERYONE),
        Walk("client-chart-open-course", f"/clients/{b['client']}/", CLINICAL),
        Walk("client-new", "/clients/new/", EVERYONE),
        Walk("client-edit", f"/clients/{a['client']}/edit/", EVERYONE),
        Walk("consents", f"/clients/{a['client']}/consents/", CLINICAL),
        Walk("consent-form", f"/clients/{a['client']}/consents/new/", CLINICAL),
        Walk("intakes", f"/intake/clients/{a['client']}/", CLINICAL),
        Walk("intake-form", f"/intake/clients/{a['client']}/new/", CLINICAL),
        Walk("intake-detail", a["intake"], CLINICAL),
        Walk("online-forms-review", f"/intake/clients/{a['client']}/review/", CLINICAL),
        Walk("assessment-form", f"/assessments/clients/{a['client']}/new/", CLINICAL),
        Walk("assessment-detail", a["assessment"], CLINICAL),
        Walk("measures", f"/outcomes/clients/{a['client']}/", CLINICAL),
        Walk("questionnaire", f"/outcomes/clients/{a['client']}/new/?instrument=ndi", CLINICAL),
        Walk("measurement", a["measurement"], CLINICAL),
        Walk("progress", f"/outcomes/clients/{a['client']}/progress/", CLINICAL),
        Walk("plans", f"/plans/clients/{a['client']}/", CLINICAL),
        Walk("plan-closed", f"/plans/{a['plan']}/", CLINICAL),
        Walk("plan-draft", b["draft_plan"], CLINICAL),
        Walk("visits", f"/visits/clients/{a['client']}/", CLINICAL),
        Walk("visit-signed", a["signed_visit"], CLINICAL),
        Walk("visit-draft", b["draft_visit"], CLINICAL),
        Walk("home-program", f"/homecare/clients/{a['client']}/", CLINICAL),
        Walk("home-program-history", f"/homecare/clients/{a['client']}/history/", CLINICAL),
        Walk("discharge", f"/plans/{a['plan']}/discharge/", CLINICAL),
        Walk("practitioners", "/practitioners/", EVERYONE),
        Walk("credentials", str(practitioner), EVERYONE),
        Walk("credential-rules", "/practitioners/credential-rules/", EVERYONE),
        Walk("licence-form", f"{practitioner}licences/new/", ("therapist", "owner")),
        Walk("api-tokens", "/accounts/tokens/", EVERYONE),
        Walk("two-factor", "/accounts/mfa/", EVERYONE),
        Walk("two-factor-setup", "/accounts/mfa/setup/", ("therapist", "front-desk")),
        Walk("password-change", "/accounts/password/change/", EVERYONE),
        Walk("clinic-security", "/security/", ("owner",)),
        Walk("care-team", f"/security/clients/{a['client']}/team/", CLINICAL),
        Walk("break-glass", f"/security/clients/{a['client']}/break-glass/", ("therapist",)),
        Walk("consent-texts", "/clients/consent-texts/", ("owner",)),
        Walk("front-desk-day", "/frontdesk/", EVERYONE),
        Walk("calendar-day", "/frontdesk/calendar/day/", EVERYONE),
        Walk("calendar-week", "/frontdesk/calendar/week/", EVERYONE),
        Walk("book-find", "/frontdesk/appointments/new/?q=laurent", EVERYONE),
        Walk("book-form", f"/frontdesk/appointments/new/?client={a['client']}", EVERYONE),
        Walk("appointment", day["appointment"], EVERYONE),
        Walk("open-visit", f"{day['appointment']}visit/", ("therapist",)),
        Walk("billing-account", f"/billing/clients/{a['client']}/", EVERYONE),
        Walk("invoice", day["invoice"], EVERYONE),
        Walk("invoices", "/billing/", EVERYONE),
        Walk("end-of-day", "/billing/day/", EVERYONE),
        Walk("billing-identifiers", "/billing/identifiers/", ("owner",)),
        Walk("calendar-feeds", "/calendar/feeds/", ("therapist",)),
        Walk("booking-settings", "/calendar/settings/", ("owner",)),
        Walk("message-wording", "/messages/", ("owner",)),
        Walk("message-wording-edit", "/messages/appointment_reminder/", ("owner",)),
        Walk("providers", "/providers/", EVERYONE),
        Walk("provider-new", "/providers/new/", EVERYONE),
        Walk("provider-edit", loop["provider"], EVERYONE),
        Walk("outside-care-team", f"/providers/clients/{a['client']}/team/", CLINICAL),
        Walk("referrals", f"/referrals/clients/{a['client']}/", CLINICAL),
        Walk("referral-in", loop["referral_in"], CLINICAL),
        Walk("letter-draft", loop["letter_draft"], CLINICAL),
        Walk("letter-signed", loop["letter_signed"], CLINICAL),
        Walk("clearance-form", f"/referrals/clients/{a['client']}/clearances/new/", CLINICAL),
        Walk("report-draft", loop["report_draft"], CLINICAL),
        Walk("report-signed", loop["report_signed"], CLINICAL),
        Walk("fhir-imports", "/fhir/imports/", CLINICAL),
        Walk("fhir-import-review", fhir_import, CLINICAL),
        Walk("outcomes-report", "/reports/outcomes/", CLINICAL),
        Walk(
            "outcomes-courses",
            "/reports/outcomes/courses/?dimension=all&group=all&figure=started",
            CLINICAL,
        ),
        Walk("research-exports", "/reports/outcomes/research/", ("owner",)),
        # Refused pages: the 403 page in the site's layout.
        Walk("refused-outcomes", "/reports/outcomes/", ("front-desk",), 403),
        Walk("refused-consent-texts", "/clients/consent-texts/", ("therapist",), 403),
        Walk("refused-intakes", f"/intake/clients/{a['client']}/", ("front-desk",), 403),
        Walk("refused-referrals", f"/referrals/clients/{a['client']}/", ("front-desk",), 403),
    ]


def sign_in(page: Page, server: Server, email: str) -> None:
    """Log in at any width (on a phone the Log out button sits in the shut menu)."""
    page.goto(f"{server.base_url}/accounts/login/")
    page.fill("#id_username", email)
    page.fill("#id_password", server.login_for(email).password)
    page.click("button[type=submit]")
    page.wait_for_load_state("load")
    if "/accounts/mfa/verify/" in page.url:  # owners: the second factor
        page.fill("#mfa-code", server.recovery_code(email))
        page.click("#mfa-continue")
    expect(page).to_have_url(f"{server.base_url}/")
    # The address changes when the dashboard starts to arrive; measure it once it has loaded.
    page.wait_for_load_state("load")


def snapshot(page: Page, path: Path) -> None:
    """The whole page as the touch screen shows it. (Playwright's full-page capture lays the page
    out again without the touch emulation, which would show the mouse layout instead.)"""
    viewport = page.viewport_size
    assert viewport is not None
    height = page.evaluate("document.scrollingElement.scrollHeight")
    page.set_viewport_size({"width": viewport["width"], "height": min(height, 16_000)})
    page.screenshot(path=str(path))
    page.set_viewport_size(viewport)


def shown(page: Page, path: Path, problems: list[str]) -> None:
    """A screenshot of a page with problems (of every page with BROWSER_SCREENSHOTS=all)."""
    if problems or EVERY_SCREENSHOT:
        snapshot(page, path)


def refusal_problems(page: Page, where: str) -> list[str]:
    """The 403 page is in the site's layout and says in words what was refused and what to do."""
    text = page.locator("main").inner_text()
    problems = []
    if page.locator("header nav[aria-label=Main]").count() != 1:
        problems.append(f"{where}: the 403 page lacks the site's navigation")
    if "not open to your role" not in text or "ask the clinic" not in text:
        problems.append(f"{where}: the 403 page does not explain: {text[:300]!r}")
    if re.search(r"\b[a-z]+\.[a-z_]+(\.[a-z_]+)?\b", text):
        problems.append(f"{where}: the 403 page shows a program code: {text[:300]!r}")
    return problems


def check_page(page: Page, base_url: str, where: str) -> list[str]:
    page.wait_for_load_state("load")  # stylesheets applied before anything is measured
    problems: list[str] = []
    overflow = horizontal_overflow(page, page.viewport_size["width"])  # type: ignore[index]
    if overflow:
        problems.append(f"{where}: scrolls sideways {overflow}")
    targets = touch_target_problems(page)
    if targets["small"]:
        problems.append(f"{where}: tap targets under 44 px: {targets['small'][:8]}")
    if targets["misshapen"]:
        problems.append(f"{where}: tick boxes or radios out of shape: {targets['misshapen'][:4]}")
    for violation in severe_axe_violations(page, base_url):
        problems.append(
            f"{where}: axe {violation['impact']} {violation['id']} ({violation['help']}) "
            f"on {violation['nodes']} element(s): {violation['targets']}"
        )
    return problems


@pytest.mark.parametrize("role", list(ROLES))
def test_every_main_page_fits_each_width_and_passes_axe(
    browser: Browser, server: Server, walks: list[Walk], role: str, request: pytest.FixtureRequest
) -> None:
    folder = output_folder(request.node)
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    problems: list[str] = []
    for width in WIDTHS:
        context = browser.new_context(
            viewport={"width": width, "height": HEIGHT},
            has_touch=True,
            is_mobile=width < 1024,
            reduced_motion="reduce",
        )
        context.set_default_timeout(15_000)
        page = context.new_page()
        errors: list[str] = []
        page.on("console", lambda m, e=errors: e.append(m.text) if m.type == "error" else None)
        serve_axe(page)
        sign_in(page, server, ROLES[role])
        assert page.evaluate("matchMedia('(pointer: coarse)').matches"), "no touch screen"
        if width == WIDTHS[0]:
            problems += check_page(page, server.base_url, f"{role} {width}px dashboard, menu shut")
            page.locator("#site-menu > summary").click()
            found = check_page(page, server.base_url, f"{role} {width}px menu open")
            shown(page, folder / f"{width}-menu-open.png", found)
            problems += found
        for walk in walks:
            if role not in walk.roles:
                continue
            response = page.goto(server.base_url + walk.path)
            assert response is not None
            where = f"{role} {width}px {walk.name}"
            assert response.status == walk.status, f"{where}: status {response.status}"
            found = refusal_problems(page, where) if walk.status == 403 else []
            found += check_page(page, server.base_url, where)
            shown(page, folder / f"{width}-{walk.name}.png", found)
            problems += found
        problems += [f"{role} {width}px console: {error}" for error in errors if "403" not in error]
        context.close()
    assert not problems, "\n".join(problems)


def test_the_login_page_fits_each_width_and_passes_axe(
    browser: Browser, server: Server, request: pytest.FixtureRequest
) -> None:
    folder = output_folder(request.node)
    folder.mkdir(parents=True, exist_ok=True)
    problems: list[str] = []
    for width in WIDTHS:
        context = browser.new_context(
            viewport={"width": width, "height": HEIGHT},
            has_touch=True,
            is_mobile=width < 1024,
            reduced_motion="reduce",
        )
        page = context.new_page()
        serve_axe(page)
        page.goto(f"{server.base_url}/accounts/login/")
        found = check_page(page, server.base_url, f"{width}px login")
        shown(page, folder / f"{width}-login.png", found)
        problems += found
        context.close()
    assert not problems, "\n".join(problems)


# The client portal, as the demo client signed in with the printed portal login; the pages a
# client sees before signing in too.
PORTAL_ROLE = "Client portal"
PORTAL_OPEN = (
    Walk("portal-sign-in", "/portal/sign-in/", ("client",)),
    Walk("portal-sign-in-code", "/portal/sign-in/code/?email=someone%40example.org", ("client",)),
    Walk("portal-invitation-invalid", "/portal/welcome/not-a-real-link/", ("client",), 400),
)
PORTAL_PAGES = (
    Walk("portal-home", "/portal/", ("client",)),
    Walk("portal-book", "/portal/book/", ("client",)),
    Walk("portal-intake", "/portal/intake/", ("client",)),
    Walk("portal-consent", "/portal/consent/", ("client",)),
    Walk("portal-questionnaire", "/portal/questionnaire/", ("client",)),
    Walk("portal-home-program", "/portal/home-program/", ("client",)),
    Walk("portal-documents", "/portal/documents/", ("client",)),
)


def portal_sign_in(page: Page, server: Server) -> None:
    login = next(login for login in server.logins if login.role == PORTAL_ROLE)
    page.goto(f"{server.base_url}/portal/sign-in/")
    page.fill("#portal-email", login.email)
    page.fill("#portal-password", login.password)
    page.click("#portal-sign-in-button")
    expect(page).to_have_url(f"{server.base_url}/portal/")
    page.wait_for_load_state("load")


def test_every_portal_page_fits_each_width_and_passes_axe(
    browser: Browser, server: Server, request: pytest.FixtureRequest
) -> None:
    folder = output_folder(request.node)
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    problems: list[str] = []
    for width in WIDTHS:
        context = browser.new_context(
            viewport={"width": width, "height": HEIGHT},
            has_touch=True,
            is_mobile=width < 1024,
            reduced_motion="reduce",
        )
        context.set_default_timeout(15_000)
        page = context.new_page()
        errors: list[str] = []
        page.on("console", lambda m, e=errors: e.append(m.text) if m.type == "error" else None)
        serve_axe(page)
        for walk in PORTAL_OPEN:
            response = page.goto(server.base_url + walk.path)
            assert response is not None
            assert response.status == walk.status, f"{width}px {walk.name}: {response.status}"
            found = check_page(page, server.base_url, f"{width}px {walk.name}")
            shown(page, folder / f"{width}-{walk.name}.png", found)
            problems += found
        portal_sign_in(page, server)
        for walk in PORTAL_PAGES:
            response = page.goto(server.base_url + walk.path)
            assert response is not None
            where = f"client {width}px {walk.name}"
            assert response.status == walk.status, f"{where}: status {response.status}"
            found = check_page(page, server.base_url, where)
            shown(page, folder / f"{width}-{walk.name}.png", found)
            problems += found
        problems += [f"client {width}px console: {e}" for e in errors if "400" not in e]
        context.close()
    assert not problems, "\n".join(problems)
