"""The database itself keeps the audit trail append-only, whatever the application does."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import pytest
from django.db import DatabaseError, connection, transaction

from medmassage.audit.models import AuditChainHead, AuditEvent
from tests.cast import Cast


@contextmanager
def refused_by_database(match: str) -> Iterator[None]:
    """Expect a database error; its savepoint keeps the test's own transaction usable."""
    with pytest.raises(DatabaseError, match=match), transaction.atomic():
        yield


def execute(sql: str, params: list[Any] | None = None) -> None:
    with connection.cursor() as cursor:
        cursor.execute(sql, params or [])


@pytest.fixture
def event(cast: Cast) -> AuditEvent:
    """The first clinic's only event so far: its client's creation."""
    return AuditEvent.objects.get(chain=cast.clinic.pk)


@pytest.fixture
def head(cast: Cast) -> AuditChainHead:
    return AuditChainHead.objects.get(chain=cast.clinic.pk)


def assert_unchanged(event: AuditEvent) -> None:
    stored = AuditEvent.objects.get(pk=event.pk)
    assert (stored.action, stored.details, stored.hash) == (event.action, event.details, event.hash)


def test_raw_update_of_an_event_is_refused(event: AuditEvent) -> None:
    with refused_by_database("append-only"):
        execute("UPDATE audit_auditevent SET action = %s WHERE id = %s", ["forged", event.pk])

    assert_unchanged(event)


def test_raw_delete_of_an_event_is_refused(event: AuditEvent) -> None:
    with refused_by_database("append-only"):
        execute("DELETE FROM audit_auditevent WHERE id = %s", [event.pk])

    assert_unchanged(event)


def test_raw_delete_of_every_event_is_refused(event: AuditEvent) -> None:
    count = AuditEvent.objects.count()

    with refused_by_database("append-only"):
        execute("DELETE FROM audit_auditevent")

    assert AuditEvent.objects.count() == count


def test_orm_update_of_events_is_refused(event: AuditEvent) -> None:
    with refused_by_database("append-only"):
        AuditEvent.objects.filter(pk=event.pk).update(details={"forged": True})

    assert_unchanged(event)


def test_orm_save_of_a_changed_event_is_refused(event: AuditEvent) -> None:
    original = AuditEvent.objects.get(pk=event.pk)
    event.action = "forged"

    with refused_by_database("append-only"):
        event.save()

    assert_unchanged(original)


def test_orm_delete_of_events_is_refused(event: AuditEvent) -> None:
    with refused_by_database("append-only"):
        AuditEvent.objects.all().delete()

    assert_unchanged(event)


def test_a_chain_head_cannot_move_back(head: AuditChainHead) -> None:
    with refused_by_database("only move forward"):
        AuditChainHead.objects.filter(chain=head.chain).update(sequence=head.sequence - 1)


def test_a_chain_head_cannot_be_rewritten_in_place(head: AuditChainHead) -> None:
    with refused_by_database("only move forward"):
        AuditChainHead.objects.filter(chain=head.chain).update(hash="f" * 64)


def test_a_chain_head_cannot_be_deleted(head: AuditChainHead) -> None:
    with refused_by_database("chain heads"):
        execute("DELETE FROM audit_auditchainhead WHERE chain = %s", [head.chain])

    assert AuditChainHead.objects.filter(chain=head.chain).exists()


def test_a_chain_head_may_move_forward(head: AuditChainHead) -> None:
    AuditChainHead.objects.filter(chain=head.chain).update(sequence=head.sequence + 1)

    assert AuditChainHead.objects.get(chain=head.chain).sequence == head.sequence + 1


@pytest.mark.skipif(connection.vendor != "postgresql", reason="SQLite has no TRUNCATE")
@pytest.mark.parametrize("table", ["audit_auditevent", "audit_auditchainhead"])
def test_truncate_is_refused_on_postgresql(event: AuditEvent, table: str) -> None:
    with refused_by_database("refused"):
        execute(f"TRUNCATE {table} CASCADE")

    assert_unchanged(event)
