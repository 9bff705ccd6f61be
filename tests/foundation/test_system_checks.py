"""MedMassage's own system checks name the misconfiguration, with an id a runbook can cite."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path
from typing import Any
from unittest import mock

import pytest
from django.core.checks import run_checks
from django.test import override_settings


def ids(**settings: Any) -> set[str]:
    with override_settings(**settings):
        return {m.id for m in run_checks(include_deployment_checks=True) if m.id}


def medmassage_ids(**settings: Any) -> set[str]:
    return {found for found in ids(**settings) if found.startswith("medmassage.")}


def test_the_test_settings_raise_nothing_of_ours() -> None:
    assert medmassage_ids() == set()


def test_an_unsupported_database_is_an_error(settings: Any) -> None:
    # Changed in place: Django warns against replacing DATABASES in a running test.
    with mock.patch.dict(settings.DATABASES["default"], ENGINE="django.db.backends.mysql"):
        assert "medmassage.E001" in medmassage_ids()


def test_sqlite_in_production_is_a_warning(settings: Any) -> None:
    if settings.DATABASES["default"]["ENGINE"] != "django.db.backends.sqlite3":
        pytest.skip("the suite runs on PostgreSQL")

    assert "medmassage.W002" in medmassage_ids(SECURE=True)


@pytest.mark.parametrize(
    ("idle", "absolute", "expected"),
    [
        (timedelta(0), timedelta(hours=12), "medmassage.E002"),
        (timedelta(minutes=15), timedelta(0), "medmassage.E002"),
        (timedelta(hours=13), timedelta(hours=12), "medmassage.E003"),
    ],
)
def test_session_lifetimes_must_end_sessions(
    idle: timedelta, absolute: timedelta, expected: str
) -> None:
    found = medmassage_ids(SESSION_IDLE_TIMEOUT=idle, SESSION_ABSOLUTE_TIMEOUT=absolute)

    assert expected in found


@pytest.mark.parametrize(
    ("limit", "cooloff"), [(0, timedelta(minutes=15)), (5, timedelta(seconds=10))]
)
def test_throttling_must_throttle(limit: int, cooloff: timedelta) -> None:
    assert "medmassage.E004" in medmassage_ids(AXES_FAILURE_LIMIT=limit, AXES_COOLOFF_TIME=cooloff)


def test_an_unwritable_data_folder_is_an_error(tmp_path: Path) -> None:
    assert "medmassage.E005" in medmassage_ids(VAR_DIR=tmp_path / "missing")


def test_missing_front_end_packages_are_a_warning(tmp_path: Path) -> None:
    assert "medmassage.W001" in medmassage_ids(NODE_MODULES_DIR=tmp_path)


def test_debug_with_production_security_is_a_warning() -> None:
    assert "medmassage.W003" in medmassage_ids(DEBUG=True, SECURE=True)
