"""Signing in to the portal with a code sent by email, in the browser and through the API: the
code comes by email (nothing says whether the email has an account), works once, for a few
minutes, and a wrong one is refused like a wrong password."""

from __future__ import annotations

import re
from datetime import timedelta
from typing import Any

import pytest
import time_machine
from django.core import mail
from django.test import Client as Browser
from django.utils import timezone

from medmassage.messaging.services import dispatch_due
from medmassage.portal.session import ACCOUNT_KEY
from tests.cast import Cast
from tests.portal.test_portal_isolation import account_for

PORTAL = "/api/v1/portal"


@pytest.fixture
def account(cast: Cast) -> Any:
    found = account_for(cast, cast.client, "ada@example.org")
    dispatch_due()
    mail.outbox.clear()  # the invitation
    return found


def emailed_code() -> str:
    dispatch_due()
    assert len(mail.outbox) == 1
    found = re.search(r"\b(\d{6})\b", mail.outbox[-1].body)
    assert found is not None, mail.outbox[-1].body
    return found[1]


def send(browser: Browser, path: str, body: object) -> Any:
    return browser.post(f"{PORTAL}{path}", body, content_type="application/json")


def test_the_api_signs_a_client_in_with_the_emailed_code_once(account: Any) -> None:
    asked = send(Browser(), "/sign-in/code", {"email": "ADA@example.org "})
    code = emailed_code()

    other = f"{(int(code) + 1) % 10**6:06d}"
    wrong = send(Browser(), "/sign-in", {"email": "ada@example.org", "code": other})
    right = send(Browser(), "/sign-in", {"email": "ada@example.org", "code": code})
    again = send(Browser(), "/sign-in", {"email": "ada@example.org", "code": code})

    assert asked.status_code == 202
    assert wrong.status_code == 401
    assert right.status_code == 201
    assert right.json()["token"].startswith("mmc_")
    assert again.status_code == 401
    token = right.json()["token"]
    me = Browser(HTTP_AUTHORIZATION=f"Bearer {token}").get(f"{PORTAL}/me")
    assert me.json()["email"] == "ada@example.org"


def test_asking_for_a_code_says_nothing_about_whether_the_email_has_an_account(
    account: Any,
) -> None:
    known = send(Browser(), "/sign-in/code", {"email": "ada@example.org"})
    unknown = send(Browser(), "/sign-in/code", {"email": "nobody@example.org"})

    assert known.status_code == unknown.status_code == 202
    assert known.json()["detail"] == unknown.json()["detail"]
    dispatch_due()
    assert [m.to for m in mail.outbox] == [["ada@example.org"]]


def test_a_code_expires_after_its_minutes(account: Any) -> None:
    send(Browser(), "/sign-in/code", {"email": "ada@example.org"})
    code = emailed_code()

    with time_machine.travel(timezone.now() + timedelta(minutes=11), tick=False):
        late = send(Browser(), "/sign-in", {"email": "ada@example.org", "code": code})

    assert late.status_code == 401
    assert "expired" in late.json()["detail"]


def test_the_sign_in_page_sends_a_code_and_takes_it(account: Any) -> None:
    browser = Browser()

    asked = browser.post("/portal/sign-in/", {"email": "ada@example.org", "send_code": "1"})
    code = emailed_code()
    wrong = browser.post("/portal/sign-in/code/", {"email": "ada@example.org", "code": "x"})
    right = browser.post("/portal/sign-in/code/", {"email": "ada@example.org", "code": code})

    assert asked.status_code == 302
    assert asked["Location"].startswith("/portal/sign-in/code/")
    assert wrong.status_code == 400
    assert right.status_code == 302
    assert browser.session[ACCOUNT_KEY] == account.pk
    assert browser.get("/portal/").status_code == 200
