"""Enrolling an authenticator (QR drawn locally), verifying after the password, single-use and
throttled codes, recovery codes, the clinic setting, and the API's bearer tokens."""

from __future__ import annotations

import json
import re
import time
from base64 import b32decode
from datetime import timedelta

import pytest
from django.test import Client as Browser
from django.urls import reverse
from django.utils import timezone
from django_otp.oath import totp
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from medmassage.accounts.models import User
from tests.builders import events
from tests.cast import PASSWORD, Cast, logged_in


def password_login(user: User) -> Browser:
    browser = Browser()
    response = browser.post(
        reverse("accounts:login"), {"username": user.email, "password": PASSWORD}
    )
    assert response.status_code == 302
    return browser


def code_for(key: str, *, offset: int = 0) -> str:
    return f"{totp(b32decode(key), t0=0, step=30, drift=offset):06d}"


def enrol(browser: Browser) -> tuple[str, list[str]]:
    page = browser.get(reverse("mfa:setup")).content.decode()
    key = re.search(r'id="mfa-key">([A-Z2-7]+)<', page)
    assert key
    answer = browser.post(reverse("mfa:setup"), {"code": code_for(key[1]), "next": "/"})
    assert answer.status_code == 200
    codes = re.findall(r"<li><code>([a-z2-7]+)</code></li>", answer.content.decode())
    return key[1], codes


def test_an_owner_is_sent_to_set_up_an_authenticator_with_a_local_qr_code(cast: Cast) -> None:
    browser = password_login(cast.owner)

    response = browser.get(reverse("dashboard:home"))
    assert response["Location"].startswith(reverse("mfa:setup"))
    page = browser.get(response["Location"])

    assert page.status_code == 200
    body = page.content.decode()
    assert 'src="data:image/svg+xml' in body  # drawn here, allowed by img-src data:
    assert "http" not in re.search(r'<img src="([^"]+)"', body)[1][:20]


def test_enrolment_confirms_with_a_code_and_shows_ten_recovery_codes(cast: Cast) -> None:
    browser = password_login(cast.owner)
    _key, codes = enrol(browser)

    assert len(codes) == 10
    assert browser.get(reverse("dashboard:home")).status_code == 200
    assert TOTPDevice.objects.filter(user=cast.owner, confirmed=True).count() == 1
    assert events("accounts.mfa.enrolled")[0].actor_id == cast.owner.pk


def test_a_wrong_enrolment_code_is_refused_keeping_what_was_typed(cast: Cast) -> None:
    browser = password_login(cast.owner)
    browser.get(reverse("mfa:setup"))

    response = browser.post(reverse("mfa:setup"), {"code": "123456x"})

    assert response.status_code == 422
    assert 'value="123456x"' in response.content.decode()
    assert not TOTPDevice.objects.filter(user=cast.owner, confirmed=True).exists()
    assert events("accounts.mfa.failed")


def test_after_the_password_an_enrolled_user_must_type_a_code(cast: Cast) -> None:
    key, _codes = enrol(password_login(cast.owner))
    browser = password_login(cast.owner)

    assert browser.get(reverse("dashboard:home"))["Location"].startswith(reverse("mfa:verify"))
    assert browser.get("/api/v1/me").status_code == 401
    # Setting up another authenticator needs the factor one has: a password alone cannot.
    assert browser.get(reverse("mfa:setup"))["Location"].startswith(reverse("mfa:verify"))

    response = browser.post(reverse("mfa:verify"), {"code": code_for(key, offset=1), "next": "/"})

    assert response.status_code == 302
    assert browser.get(reverse("dashboard:home")).status_code == 200
    assert browser.get("/api/v1/me").status_code == 200
    assert events("accounts.mfa.verified")[-1].details == {"method": "totp"}


def test_a_code_works_once(cast: Cast) -> None:
    key, _codes = enrol(password_login(cast.owner))
    code = code_for(key, offset=1)
    first = password_login(cast.owner)
    assert first.post(reverse("mfa:verify"), {"code": code}).status_code == 302

    second = password_login(cast.owner)
    response = second.post(reverse("mfa:verify"), {"code": code})

    assert response.status_code == 422
    assert "used already" in response.content.decode()
    assert second.get(reverse("dashboard:home")).status_code == 302


def test_a_recovery_code_works_once(cast: Cast) -> None:
    _key, codes = enrol(password_login(cast.owner))
    first = password_login(cast.owner)
    assert first.post(reverse("mfa:verify"), {"code": codes[0].upper()}).status_code == 302
    assert events("accounts.mfa.verified")[-1].details == {"method": "recovery_code"}

    second = password_login(cast.owner)
    assert second.post(reverse("mfa:verify"), {"code": codes[0]}).status_code == 422
    # The failure made the next attempt wait a second: let it pass.
    StaticDevice.objects.filter(user=cast.owner).update(
        throttling_failure_timestamp=timezone.now() - timedelta(seconds=5)
    )
    assert second.post(reverse("mfa:verify"), {"code": codes[1]}).status_code == 302


def test_wrong_codes_are_throttled_even_when_the_right_one_follows(cast: Cast) -> None:
    key, _codes = enrol(password_login(cast.owner))
    browser = password_login(cast.owner)
    statuses = [
        browser.post(reverse("mfa:verify"), {"code": "000000"}).status_code for _ in range(3)
    ]

    response = browser.post(reverse("mfa:verify"), {"code": code_for(key, offset=1)})

    assert statuses[0] == 422
    assert 429 in statuses[1:] or response.status_code == 429
    assert "Too many wrong codes" in response.content.decode()
    assert browser.get(reverse("dashboard:home")).status_code == 302
    device = TOTPDevice.objects.get(user=cast.owner)
    assert device.throttling_failure_count >= 1  # kept: the failures committed


def test_a_therapist_may_skip_it_until_the_clinic_requires_it(cast: Cast) -> None:
    browser = password_login(cast.therapist)
    assert browser.get(reverse("dashboard:home")).status_code == 200

    cast.clinic.require_mfa = True
    cast.clinic.save()

    assert browser.get(reverse("dashboard:home"))["Location"].startswith(reverse("mfa:setup"))
    assert browser.get("/api/v1/me").status_code == 401


def test_a_superuser_must_use_it(db: None) -> None:
    admin = User.objects.create_superuser("root@example.org", PASSWORD, full_name="Root")
    browser = password_login(admin)

    assert browser.get(reverse("admin:index"))["Location"].startswith(reverse("mfa:setup"))


def test_bearer_tokens_keep_working_and_are_issued_past_the_second_factor(cast: Cast) -> None:
    browser = logged_in(cast.owner)
    page = browser.post(reverse("accounts:tokens"), {"name": "script"}).content.decode()
    token = re.search(r'id="new-token">([^<]+)<', page)
    assert token

    answer = Browser().get("/api/v1/me", HTTP_AUTHORIZATION=f"Bearer {token[1]}")

    assert answer.status_code == 200
    assert json.loads(answer.content)["email"] == cast.owner.email
    # A password-only session cannot issue one.
    unverified = logged_in(cast.owner, verified=False)
    assert unverified.post(reverse("accounts:tokens"), {"name": "x"}).status_code == 302


def test_new_recovery_codes_replace_the_old_ones(cast: Cast) -> None:
    browser = password_login(cast.owner)
    _key, old = enrol(browser)

    page = browser.post(reverse("mfa:recovery-codes")).content.decode()
    new = re.findall(r"<li><code>([a-z2-7]+)</code></li>", page)

    assert len(new) == 10
    assert not set(new) & set(old)
    assert events("accounts.mfa.recovery_codes_replaced")
    again = password_login(cast.owner)
    assert again.post(reverse("mfa:verify"), {"code": old[0]}).status_code == 422


@pytest.fixture(autouse=True)
def _steady_clock(monkeypatch: pytest.MonkeyPatch) -> None:
    """Codes are made and checked in the same 30-second step: hold the clock in mid-step."""
    now = time.time()
    held = now - now % 30 + 10
    monkeypatch.setattr(time, "time", lambda: held)
