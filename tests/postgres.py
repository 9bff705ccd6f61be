"""Fixtures for tests that commit for real on PostgreSQL (row locks, constraints, concurrency);
Django is imported lazily, as in the root conftest.

A test asks for `on_postgresql` (registered for every test by the root conftest). On SQLite
such a test skips and says how to run it; where MEDMASSAGE_REQUIRE_POSTGRESQL is set (.ci/run)
it fails instead, so CI never skips it.
"""

from __future__ import annotations

import os
from collections.abc import Iterator

import pytest


def _audit_truncate_triggers(enable: bool) -> None:
    """Every trigger that refuses TRUNCATE (the audit events, chain heads and seals), found in
    the catalogue so that a table guarded later is not missed."""
    from django.db import connection

    verb = "ENABLE" if enable else "DISABLE"
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT c.relname, t.tgname FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid "
            "WHERE NOT t.tgisinternal AND t.tgname LIKE %s",
            ["%no_truncate"],
        )
        for table, trigger in cursor.fetchall():
            cursor.execute(f'ALTER TABLE "{table}" {verb} TRIGGER "{trigger}"')


@pytest.fixture(scope="module")
def audit_guard_restored(django_db_blocker: object) -> Iterator[None]:
    """After the flush below, the audit tables refuse TRUNCATE again (module-wide: torn down
    after the function's database fixtures have flushed)."""
    from django.db import connection

    yield
    if connection.vendor == "postgresql":
        with django_db_blocker.unblock():  # type: ignore[attr-defined]
            _audit_truncate_triggers(enable=True)


@pytest.fixture
def on_postgresql(audit_guard_restored: None, transactional_db: None) -> Iterator[None]:
    from django.db import connection

    if connection.vendor != "postgresql":
        if os.environ.get("MEDMASSAGE_REQUIRE_POSTGRESQL"):
            pytest.fail(
                "this run must be on PostgreSQL: DATABASE_URL must name a PostgreSQL server"
            )
        pytest.skip(
            "needs PostgreSQL (row locks and concurrent commits): run with "
            "DATABASE_URL=postgres://... as .ci/run does"
        )
    yield
    # These tests commit for real; pytest-django empties the tables with TRUNCATE, which the
    # audit trail refuses by design: allowed for this flush only.
    _audit_truncate_triggers(enable=False)
