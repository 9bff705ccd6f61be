"""A client's first course, walked in Chromium across the portal and the clinic's pages, in the
demo clinic as `make run` serves it: the demo client signs in to the portal with the printed
login on a phone, books online, gets the reminder from the outbox, signs the consent and sends
the health form; the therapist confirms the online forms and approves a plan; the front desk
checks the client in; the therapist opens and signs the visit and starts a home program; the
front desk invoices the visit and takes the payment; the client downloads the receipt and logs
a home-program session, which the therapist then sees on the chart.
Screenshots of every step go to test-output/browser/<test>/.
"""

from __future__ import annotations

import io
import re
from datetime import date, timedelta

from playwright.sync_api import Browser, BrowserContext, Page, expect
from pypdf import PdfReader

from tests.browser.conftest import OUTPUT, TABLET, Steps
from tests.browser.server import Server
from tests.browser.test_first_visit import THERAPIST, log_in

PORTAL_ROLE = "Client portal"
FRONT_DESK = "desk@harbour.demo"
PHONE = {"width": 390, "height": 844}
# The outbox as the worker sends it: the client's reminder sent once (the same function the
# worker's job calls), then its row printed for the test to read.
SEND_REMINDER = """
from medmassage.messaging.models import Message
from medmassage.messaging.services import dispatch_due
reminder = Message.unscoped_objects.get(kind="appointment_reminder", to_email="{email}")
dispatch_due(now=reminder.send_after)
dispatch_due(now=reminder.send_after)
reminder.refresh_from_db()
print("@@STATUS", reminder.status, reminder.attempts)
print("@@SUBJECT", reminder.subject)
print("@@BODY", reminder.body.replace("\\n", " "))
"""


def context_of(browser: Browser, viewport: dict[str, int], **options: object) -> BrowserContext:
    context = browser.new_context(viewport=viewport, **options)  # type: ignore[arg-type]
    context.set_default_timeout(15_000)
    return context


def portal_sign_in(page: Page, server: Server) -> str:
    login = next(login for login in server.logins if login.role == PORTAL_ROLE)
    page.goto(f"{server.base_url}/portal/sign-in/")
    page.fill("#portal-email", login.email)
    page.fill("#portal-password", login.password)
    page.click("#portal-sign-in-button")
    expect(page).to_have_url(f"{server.base_url}/portal/")
    return login.email


def book_online(page: Page, server: Server) -> date:
    """Two days ahead (so the 24-hour reminder is still to come), the first time with Maya."""
    page.click("#portal-book")
    today = date.fromisoformat(str(page.locator("#portal-date").input_value()))
    day = today + timedelta(days=2)
    page.locator("#portal-type").select_option(label="Initial assessment (90 min, 140.00)")
    page.fill("#portal-date", day.isoformat())
    page.click("#portal-find-times")
    page.locator("#portal-slots button", has_text="Maya Chen").first.click()
    expect(page.get_by_role("status")).to_contain_text("Booked")
    expect(page.locator("#portal-upcoming")).to_contain_text("Initial assessment")
    return day


def sign_consent(page: Page, name: str) -> None:
    page.click("#portal-task-consent")
    topics = page.locator("#portal-consent-form input[name=topics]")
    expect(topics.first).to_be_visible()  # `all()` does not wait for the form
    for topic in topics.all():
        topic.check()
    page.check("input[name=signature_method][value=typed]")
    page.fill("#id_typed_name", name)
    page.click("#portal-consent-sign")
    expect(page.get_by_role("status")).to_contain_text("consent is signed")


def send_health_form(page: Page) -> None:
    page.click("#portal-task-intake")
    page.select_option("select[name='complaints[0].region']", "neck")
    page.fill("input[name='complaints[0].pain']", "6")
    page.fill("input[name='complaints[0].description']", "stiff neck after long days at work")
    page.click("#portal-update-questions")  # the questions for the neck appear
    expect(page.locator("[data-question-group=neck]")).to_be_visible()
    for question in page.locator("#portal-questions [data-question]").all():
        question.locator("input[value=no]").check()
    page.fill("#portal-goals", "Work a full day without neck pain")
    page.click("#portal-intake-send")
    expect(page.get_by_role("status")).to_contain_text("your therapist will go through it")


def review_and_plan(page: Page, server: Server) -> str:
    """The therapist sees the online forms on the dashboard, confirms them, approves a plan."""
    log_in(page, server, THERAPIST)
    link = page.locator("#portal-reviews").get_by_role("link", name="Lena Fischer")
    client = re.findall(r"/clients/(\d+)/", str(link.get_attribute("href")))[-1]
    link.click()
    expect(page.locator("#review-consent")).to_contain_text("typed")
    page.click("#review-confirm")
    page.goto(f"{server.base_url}/plans/clients/{client}/")
    page.click("#draft-plan")
    page.click("#plan-approve")
    expect(page.locator("#plan-status")).to_have_text("Approved")
    return client


def day_row(page: Page, server: Server, day: date) -> object:
    page.goto(f"{server.base_url}/frontdesk/?date={day.isoformat()}")
    return page.locator("#day-list tbody tr", has_text="Lena Fischer")


def test_a_client_books_online_fills_in_the_forms_and_is_treated_billed_and_follows_up(
    browser: Browser, server: Server, request: object
) -> None:
    folder = OUTPUT / re.sub(r"[^\w.-]+", "_", request.node.name)  # type: ignore[attr-defined]
    folder.mkdir(parents=True, exist_ok=True)
    phone = context_of(browser, PHONE, has_touch=True, is_mobile=True)
    client_page = phone.new_page()
    client_steps = Steps(client_page, folder / "client")
    client_steps.folder.mkdir(exist_ok=True)
    tablet = context_of(browser, TABLET)
    staff_page = tablet.new_page()
    staff_steps = Steps(staff_page, folder / "clinic")
    staff_steps.folder.mkdir(exist_ok=True)

    # The client: sign in, book online, and the reminder goes out once from the outbox.
    email = portal_sign_in(client_page, server)
    client_steps.shot("portal-home")
    day = book_online(client_page, server)
    client_steps.shot("booked")
    sent = dict(
        line.split(" ", 1)
        for line in server.manage("shell", "-c", SEND_REMINDER.format(email=email)).splitlines()
        if line.startswith("@@")
    )
    assert sent["@@STATUS"] == "sent 1"
    assert "Maya Chen" in sent["@@BODY"]
    assert "/portal/" in sent["@@BODY"]
    assert "neck" not in sent["@@BODY"] + sent["@@SUBJECT"]

    # Consent and the health form before the first visit.
    sign_consent(client_page, "Lena Fischer")
    send_health_form(client_page)
    expect(client_page.locator("#portal-tasks")).not_to_contain_text("Fill in your health form")
    client_steps.shot("forms-sent")

    # The therapist confirms the online forms and approves a plan.
    client = review_and_plan(staff_page, server)
    staff_steps.shot("plan-approved")
    staff_page.get_by_role("button", name="Log out").first.click()

    # The front desk checks the client in on the day: consent and intake are on file.
    log_in(staff_page, server, FRONT_DESK)
    row = day_row(staff_page, server, day)
    expect(row).to_contain_text("Consent on file")  # type: ignore[arg-type]
    expect(row).to_contain_text("Intake on file")  # type: ignore[arg-type]
    row.get_by_role("button", name="Check in").click()  # type: ignore[attr-defined]
    expect(day_row(staff_page, server, day)).to_contain_text("Arrived")  # type: ignore[arg-type]
    staff_steps.shot("checked-in")
    staff_page.get_by_role("button", name="Log out").first.click()

    # The therapist opens the visit from the list, signs the note, starts the home program.
    log_in(staff_page, server, THERAPIST)
    day_row(staff_page, server, day).locator("[id^=open-visit-]").click()  # type: ignore[attr-defined]
    staff_page.fill("#check-in-temperature", "36.6")
    staff_page.click("#check-in-button")
    expect(staff_page.locator("#visit-status")).to_have_text("Draft")
    staff_page.check("#pain-4")
    staff_page.click("#save-note")
    staff_page.click("#sign-button")
    expect(staff_page.locator("#visit-status")).to_have_text("Signed")
    staff_steps.shot("visit-signed")
    staff_page.goto(f"{server.base_url}/homecare/clients/{client}/")
    staff_page.click("#start-program")
    expect(staff_page.locator("#print-handout")).to_be_visible()
    staff_page.get_by_role("button", name="Log out").first.click()

    # The front desk invoices the visit at the appointment type's price and takes the payment.
    log_in(staff_page, server, FRONT_DESK)
    staff_page.goto(f"{server.base_url}/billing/clients/{client}/")
    staff_page.locator("[id^=invoice-visit-]").first.click()
    expect(staff_page.locator("#invoice-total")).to_have_text("140.00")
    staff_page.fill("#pay-amount", "140.00")
    staff_page.click("#pay-button")
    expect(staff_page.locator("#invoice-due")).to_have_text("0.00")
    staff_steps.shot("paid")
    invoice_number = staff_page.locator("h1").inner_text().removeprefix("Invoice ")

    # The client downloads the receipt and logs a home-program session.
    client_page.goto(f"{server.base_url}/portal/documents/")
    link = client_page.locator("[id^=portal-receipt-]").first
    expect(link).to_be_visible()
    client_steps.shot("documents")
    receipt = client_page.request.get(server.base_url + str(link.get_attribute("href")))
    assert receipt.headers["content-type"] == "application/pdf"
    text = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(receipt.body())).pages)
    assert "Lena Fischer" in text
    assert "140.00" in text
    assert invoice_number in text
    client_page.goto(f"{server.base_url}/portal/home-program/")
    expect(client_page.locator("#portal-exercises li").first).to_be_visible()
    client_page.check("#log-done")
    client_page.fill("#portal-log-pain", "2")
    client_page.click("#portal-log-button")
    expect(client_page.locator("#portal-logs")).to_contain_text("pain 2/10")
    client_steps.shot("home-session-logged")

    # The therapist sees the session on the chart.
    staff_page.get_by_role("button", name="Log out").first.click()
    log_in(staff_page, server, THERAPIST)
    staff_page.goto(f"{server.base_url}/clients/{client}/")
    expect(staff_page.locator("#chart-adherence")).to_contain_text("1 done")
    expect(staff_page.locator("#chart-adherence")).to_contain_text(
        re.compile(r"averaged 2(\.0)?/10")
    )
    staff_steps.shot("chart-adherence")
    phone.close()
    tablet.close()
