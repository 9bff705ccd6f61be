"""Shared fixtures. Django is imported lazily so tests/clinical runs without it."""

from __future__ import annotations

import sys
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import pytest

if TYPE_CHECKING:
    from medmassage.clients.models import Client, Consent
    from medmassage.plans.models import TreatmentPlan
    from tests.builders import Ready
    from tests.cast import Cast

# `on_postgresql`, for tests that commit for real on PostgreSQL.
pytest_plugins = ["tests.postgres"]


UNGROUPED = (
    "--dist loadgroup did not group this test marked xdist_group (its id lacks the group): its "
    "costly shared fixture would be made on every worker, slowly and with the races it exists "
    "to avoid. Check the pytest and pytest-xdist versions (pytest 9 with pytest-xdist 3.8 broke "
    "it)."
)


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_setup(item: pytest.Item) -> None:
    """Under `--dist loadgroup` every test marked `xdist_group` must carry its group in its id
    (how pytest-xdist sends a group to one worker); when an upgrade breaks that, those tests
    fail saying so, before their fixtures are made, rather than run spread over the workers."""
    grouped = "@" in item.nodeid or not item.get_closest_marker("xdist_group")
    if getattr(item.config.option, "loadgroup", False) and not grouped:
        pytest.fail(UNGROUPED, pytrace=False)


@pytest.fixture
def cast(db: None) -> Cast:
    """Two clinics: owner, therapist and front desk of one, and an outsider from the other."""
    from tests.cast import build_cast

    return build_cast()


@pytest.fixture(autouse=True)
def _fast_password_hashing(request: pytest.FixtureRequest) -> None:
    """Argon2 costs most of a second per test user; tests of hashing itself keep it.

    Modules that test password hashing mark themselves with `real_password_hashing`.
    """
    if request.node.get_closest_marker("real_password_hashing") or "django" not in sys.modules:
        return
    settings = request.getfixturevalue("settings")
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _private_checkpoints(request: pytest.FixtureRequest, tmp_path: Any) -> None:
    """Chain-head checkpoints of a test go to its own folder, never the checkout's var/."""
    if "django" not in sys.modules:
        return
    settings = request.getfixturevalue("settings")
    settings.AUDIT_CHECKPOINT_DIR = tmp_path / "checkpoints"


@pytest.fixture(autouse=True)
def _fhir_exports_in_a_temporary_folder(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> None:
    """Bulk export files of a test never land in the checkout's var/."""
    if "django" not in sys.modules:
        return
    settings = request.getfixturevalue("settings")
    settings.FHIR_EXPORT_DIR = tmp_path_factory.mktemp("fhir-exports")


@pytest.fixture(autouse=True)
def _no_kept_charts() -> None:
    """Each test starts with no chart kept by an earlier one (a rolled-back test's ids and
    stamps come round again on SQLite)."""
    if "django" not in sys.modules:
        return
    from django.core.cache import caches

    caches["charts"].clear()


@pytest.fixture
def ready(cast: Cast) -> Ready:
    """The cast's client with consent on file, and its therapist licensed."""
    from tests.builders import make_ready

    return make_ready(cast)


@pytest.fixture
def record(cast: Cast) -> Callable[..., Consent]:
    """Record a consent of the cast's client (or another) by the therapist."""
    from medmassage.clients.consents import record_consent
    from tests.builders import actor, consent_details

    def recorder(client: Client | None = None, **overrides: Any) -> Consent:
        return record_consent(
            client=client or cast.client,
            by=actor(cast.therapist),
            details=consent_details(**overrides),
        )

    return recorder


@pytest.fixture
def plan(ready: Ready) -> TreatmentPlan:
    """An approved plan in force for the ready client (neck pain at a desk)."""
    from tests.builders import approve

    return approve(ready)


@pytest.fixture(autouse=True)
def _documents_in_tmp(request: pytest.FixtureRequest, tmp_path_factory: Any) -> None:
    """Stored documents (clearances, signed letters) go to a folder of the test run's own."""
    if "django" not in sys.modules:
        return
    settings = request.getfixturevalue("settings")
    settings.MEDIA_ROOT = tmp_path_factory.mktemp("media")
    settings.DOCUMENTS_DIR = settings.MEDIA_ROOT / "documents"
