"""Walk the foundation in a real browser on a tablet-sized screen."""

from __future__ import annotations

import re

from playwright.sync_api import Page, expect

from tests.browser.conftest import Steps
from tests.browser.server import Server


def log_in(page: Page, server: Server, email: str) -> None:
    page.goto(f"{server.base_url}/")
    expect(page).to_have_url(f"{server.base_url}/accounts/login/?next=/")
    page.fill("#id_username", email)
    page.fill("#id_password", server.login_for(email).password)
    page.click("button[type=submit]")
    page.wait_for_load_state("load")
    if "/accounts/mfa/verify/" in page.url:  # owners: the second factor
        page.fill("#mfa-code", server.recovery_code(email))
        page.click("#mfa-continue")


def test_owner_logs_in_sees_the_clinic_and_logs_out(
    page: Page, server: Server, steps: Steps
) -> None:
    steps.shot("login-page")
    log_in(page, server, "owner@harbour.demo")
    expect(page.locator("h1")).to_have_text("Harbour Medical Massage (demo)")
    expect(page.locator(".counts")).to_contain_text(re.compile(r"\d+ clients"))
    steps.shot("dashboard")
    expect(page.get_by_role("link", name="Admin")).to_be_visible()
    page.get_by_role("button", name="Log out").click()
    expect(page.locator("h1")).to_have_text("Log in")
    steps.shot("logged-out")
    page.goto(f"{server.base_url}/clients/")
    expect(page).to_have_url(f"{server.base_url}/accounts/login/?next=/clients/")


def test_a_wrong_password_says_so_without_saying_which_part(
    page: Page, server: Server, steps: Steps
) -> None:
    page.goto(f"{server.base_url}/accounts/login/")
    page.fill("#id_username", "maya@harbour.demo")
    page.fill("#id_password", "not the password")
    page.click("button[type=submit]")
    expect(page.get_by_role("alert")).to_contain_text("Please enter a correct email and password")
    steps.shot("wrong-password")


def test_pages_load_no_outside_resources_and_raise_no_script_errors(
    page: Page, server: Server, steps: Steps
) -> None:
    requested: list[str] = []
    page.on("request", lambda request: requested.append(request.url))
    log_in(page, server, "maya@harbour.demo")
    page.goto(f"{server.base_url}/clients/")
    steps.shot("clients")
    assert requested
    assert all(url.startswith(server.base_url) for url in requested)
    assert page.errors == []  # type: ignore[attr-defined]
