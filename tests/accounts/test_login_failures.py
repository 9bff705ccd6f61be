"""Failed logins: bounded storage for random usernames, a slower per-account limit across
addresses, and an audit event for each failure on a real account."""

from __future__ import annotations

import secrets

import pytest
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.db import connection
from django.test import Client as Browser
from django.test import override_settings
from django.urls import reverse

from medmassage.audit.models import AuditEvent
from tests.builders import events
from tests.cast import PASSWORD, Cast


def attempt(email: str, password: str, address: str) -> int:
    browser = Browser(REMOTE_ADDR=address)
    response = browser.post(reverse("accounts:login"), {"username": email, "password": password})
    return response.status_code


def cache_rows() -> int:
    with connection.cursor() as cursor:
        cursor.execute("SELECT COUNT(*) FROM medmassage_cache")
        return int(cursor.fetchone()[0])


LIMITED_CACHE = {
    "default": {
        "BACKEND": "django.core.cache.backends.db.DatabaseCache",
        "LOCATION": "medmassage_cache",
        "OPTIONS": {"MAX_ENTRIES": 50, "CULL_FREQUENCY": 2},
    }
}


@pytest.mark.django_db
def test_random_usernames_do_not_grow_the_database_without_bound() -> None:
    audit_before = AuditEvent.objects.count()
    with override_settings(CACHES=LIMITED_CACHE):
        for _ in range(200):
            attempt(f"{secrets.token_hex(6)}@nowhere.test", "wrong password", "203.0.113.9")
        rows = cache_rows()

    assert rows <= 50 + 2  # the cache culls itself past its limit
    assert AccessAttempt.objects.count() == 0
    assert AccessFailureLog.objects.count() == 0
    assert AccessLog.objects.count() == 0
    assert AuditEvent.objects.count() == audit_before


def test_a_failure_on_a_real_account_is_audited_with_its_address(cast: Cast) -> None:
    attempt(cast.therapist.email, "not the password", "198.51.100.23")

    failed = events("accounts.login.failed")
    assert len(failed) == 1
    assert (failed[0].actor_id, failed[0].ip) == (cast.therapist.pk, "198.51.100.23")


def test_failures_past_the_lockout_add_no_events(cast: Cast) -> None:
    for _ in range(12):
        attempt(cast.therapist.email, "not the password", "203.0.113.66")

    # AXES_FAILURE_LIMIT is 5: four failures, the fifth locks (one event), then refusals.
    assert len(events("accounts.login.failed")) == 4
    assert len(events("accounts.login.locked_out")) == 1


def test_one_account_attacked_from_many_addresses_gets_a_slower_limit(
    cast: Cast, settings: pytest.FixtureRequest
) -> None:
    settings.ACCOUNT_FAILURE_LIMIT = 12  # type: ignore[attr-defined]
    for address in range(6):  # two failures from each: under the per-address limit of 5
        for _ in range(2):
            attempt(cast.therapist.email, "not the password", f"203.0.113.{address + 10}")

    response = Browser(REMOTE_ADDR="198.51.100.7").post(
        reverse("accounts:login"), {"username": cast.therapist.email, "password": PASSWORD}
    )

    assert response.status_code == 200
    assert "too many failed logins from several places" in response.content.decode()
    # Other accounts are not affected.
    assert attempt(cast.owner.email, PASSWORD, "198.51.100.7") == 302
