"""The audit trail: written with its change, hash-chained per clinic, and verified end to end."""

from __future__ import annotations

import itertools
import json
import re
import threading
from collections.abc import Callable
from datetime import date
from io import StringIO
from typing import Any

import pytest
from django.core.management import CommandError, call_command
from django.db import connection, connections, transaction
from django.urls import reverse

from medmassage.audit.chain import GENESIS_HASH
from medmassage.audit.models import SYSTEM_CHAIN, AuditChainHead, AuditEvent
from medmassage.audit.services import record_event
from medmassage.clients.models import Client
from medmassage.clients.services import create_client
from tests.builders import actor
from tests.cast import Cast, logged_in

AUDIT_TABLES = ("audit_auditevent", "audit_auditchainhead")
Tamper = Callable[..., None]


class Abandoned(Exception):
    """Raised to roll a transaction back."""


def chain_of(clinic: Any) -> list[AuditEvent]:
    return list(AuditEvent.objects.filter(chain=clinic.pk).order_by("sequence"))


@pytest.fixture
def trail(cast: Cast) -> list[AuditEvent]:
    """Five events on the first clinic's chain: the cast's client, then four more."""
    with transaction.atomic():
        for step in range(4):
            record_event(
                action=f"tests.step.{step}",
                by=actor(cast.therapist),
                details={"step": step},
            )
    events = chain_of(cast.clinic)
    assert [event.sequence for event in events] == [1, 2, 3, 4, 5]
    return events


@pytest.fixture
def tamper(db: None) -> Tamper:
    """Raw SQL on the audit tables with their append-only triggers out of the way.

    Both DROP TRIGGER (SQLite) and DISABLE TRIGGER (PostgreSQL) are transactional, so the
    triggers come back when the test's transaction is rolled back.
    """
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            for table in AUDIT_TABLES:
                cursor.execute(f"ALTER TABLE {table} DISABLE TRIGGER USER")
        else:
            cursor.execute(
                "SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name IN (%s, %s)",
                AUDIT_TABLES,
            )
            triggers = [name for (name,) in cursor.fetchall()]
            assert triggers, "the append-only triggers are missing"
            for name in triggers:
                cursor.execute(f'DROP TRIGGER "{name}"')

    def run(sql: str, params: list[Any] | None = None) -> None:
        with connection.cursor() as cursor:
            cursor.execute(sql, params or [])

    return run


def verification_failure() -> str:
    with pytest.raises(CommandError) as failure:
        call_command("verify_audit", stdout=StringIO())
    assert failure.value.returncode == 1
    return str(failure.value)


def names_event(message: str, event: AuditEvent, *, at: int | None = None) -> bool:
    """Whether the message names this event (standing at sequence `at`, if it was moved)."""
    sequence = event.sequence if at is None else at
    return re.search(rf"\bevent {event.id} \(sequence {sequence}\)", message) is not None


# --- Written with the change ------------------------------------------------------------------


def test_a_change_and_its_event_commit_together(cast: Cast) -> None:
    event = AuditEvent.objects.get(action="clients.client.created", client_id=cast.client.pk)

    assert event.subject_id == str(cast.client.pk)
    assert (event.actor_id, event.clinic_id) == (cast.therapist.pk, cast.clinic.pk)


def test_a_rolled_back_change_leaves_neither_the_change_nor_its_event(cast: Cast) -> None:
    events_before = AuditEvent.objects.count()
    head_before = AuditChainHead.objects.get(chain=cast.clinic.pk)

    @transaction.atomic
    def register_then_abandon() -> None:
        create_client(
            by=actor(cast.therapist),
            given_name="Rolled",
            family_name="Back",
            date_of_birth=date(1990, 1, 1),
        )
        raise Abandoned

    with pytest.raises(Abandoned):
        register_then_abandon()

    assert not Client.objects.for_clinic(cast.clinic).filter(given_name="Rolled").exists()
    assert AuditEvent.objects.count() == events_before
    assert AuditChainHead.objects.get(chain=cast.clinic.pk).hash == head_before.hash


def test_a_change_whose_event_cannot_be_written_is_undone(
    cast: Cast, monkeypatch: pytest.MonkeyPatch
) -> None:
    def refuse(**fields: Any) -> None:
        raise Abandoned("the audit table refused the row")

    monkeypatch.setattr(AuditEvent.objects, "create", refuse)

    with pytest.raises(Abandoned):
        create_client(
            by=actor(cast.therapist),
            given_name="Unaudited",
            family_name="Change",
            date_of_birth=date(1990, 1, 1),
        )

    assert not Client.objects.for_clinic(cast.clinic).filter(given_name="Unaudited").exists()


def test_recording_outside_a_transaction_is_refused(db: None) -> None:
    # A fresh thread has its own connection in autocommit mode: no transaction to join.
    outcome: list[Exception | None] = []

    def record_without_transaction() -> None:
        try:
            record_event(action="tests.orphan", by=None)
            outcome.append(None)
        except Exception as error:  # handed back to the test thread
            outcome.append(error)
        finally:
            connections.close_all()

    worker = threading.Thread(target=record_without_transaction)
    worker.start()
    worker.join()

    assert isinstance(outcome[0], RuntimeError)
    assert "inside the transaction" in str(outcome[0])
    assert not AuditEvent.objects.filter(action="tests.orphan").exists()


# --- Hash-chained per clinic ------------------------------------------------------------------


def test_each_event_carries_the_hash_of_the_one_before(trail: list[AuditEvent]) -> None:
    assert trail[0].prev_hash == GENESIS_HASH
    for previous, event in itertools.pairwise(trail):
        assert event.prev_hash == previous.hash
    assert len({event.hash for event in trail}) == len(trail)


def test_each_clinic_has_its_own_chain(cast: Cast, trail: list[AuditEvent]) -> None:
    other = chain_of(cast.other_clinic)

    assert [event.sequence for event in other] == [1]
    assert other[0].prev_hash == GENESIS_HASH
    assert other[0].clinic_id == cast.other_clinic.pk


def test_the_chain_head_records_the_newest_event(cast: Cast, trail: list[AuditEvent]) -> None:
    head = AuditChainHead.objects.get(chain=cast.clinic.pk)

    assert (head.sequence, head.hash) == (trail[-1].sequence, trail[-1].hash)


def test_events_without_a_clinic_form_the_system_chain(db: None) -> None:
    with transaction.atomic():
        first = record_event(action="tests.system.one", by=None)
        second = record_event(action="tests.system.two", by=None)

    assert (first.chain, first.sequence, first.prev_hash) == (SYSTEM_CHAIN, 1, GENESIS_HASH)
    assert (second.sequence, second.prev_hash) == (2, first.hash)


# --- Verification -----------------------------------------------------------------------------


def test_verify_reports_an_intact_trail(trail: list[AuditEvent]) -> None:
    out = StringIO()

    call_command("verify_audit", stdout=out)

    assert "Audit trail intact: 6 events in 2 chains;" in out.getvalue()


@pytest.mark.parametrize(
    ("statement", "value"),
    [
        ("UPDATE audit_auditevent SET action = %s WHERE id = %s", "tests.step.forged"),
        ("UPDATE audit_auditevent SET details = %s WHERE id = %s", json.dumps({"step": 99})),
        ("UPDATE audit_auditevent SET actor_label = %s WHERE id = %s", "someone@harbour.test"),
        ("UPDATE audit_auditevent SET occurred_at = %s WHERE id = %s", "2001-01-01 00:00:00"),
    ],
    ids=["action", "details", "actor", "time"],
)
def test_verify_names_an_edited_event(
    trail: list[AuditEvent], tamper: Tamper, statement: str, value: str
) -> None:
    edited = trail[2]
    tamper(statement, [value, edited.id])

    message = verification_failure()

    assert names_event(message, edited)
    assert "edited" in message


def test_verify_names_the_event_after_a_deleted_one(
    trail: list[AuditEvent], tamper: Tamper
) -> None:
    tamper("DELETE FROM audit_auditevent WHERE id = %s", [trail[2].id])

    message = verification_failure()

    assert names_event(message, trail[3])
    assert "expected sequence 3" in message


def test_verify_names_the_first_of_two_events_whose_sequence_numbers_were_swapped(
    trail: list[AuditEvent], tamper: Tamper
) -> None:
    first, second = trail[2], trail[3]
    # Through a free number, as (chain, sequence) is unique.
    tamper("UPDATE audit_auditevent SET sequence = -1 WHERE id = %s", [first.id])
    tamper("UPDATE audit_auditevent SET sequence = %s WHERE id = %s", [first.sequence, second.id])
    tamper("UPDATE audit_auditevent SET sequence = %s WHERE id = %s", [second.sequence, first.id])

    message = verification_failure()

    # `second` now stands at the first of the two places in the chain.
    assert names_event(message, second, at=first.sequence)


def test_verify_names_the_first_of_two_events_whose_contents_were_swapped(
    trail: list[AuditEvent], tamper: Tamper
) -> None:
    first, second = trail[2], trail[3]
    for target, source in ((first, second), (second, first)):
        tamper(
            "UPDATE audit_auditevent SET action = %s, details = %s WHERE id = %s",
            [source.action, json.dumps(source.details), target.id],
        )

    message = verification_failure()

    assert names_event(message, first)


def test_verify_reports_removed_newest_events_through_the_chain_head(
    trail: list[AuditEvent], tamper: Tamper
) -> None:
    tamper("DELETE FROM audit_auditevent WHERE id IN (%s, %s)", [trail[3].id, trail[4].id])

    message = verification_failure()

    assert "end of chain (sequence 4)" in message
    assert "newest events are missing" in message


def test_verify_reports_a_removed_chain_head(cast: Cast, tamper: Tamper) -> None:
    tamper("DELETE FROM audit_auditchainhead WHERE chain = %s", [cast.clinic.pk])

    assert "head record is missing" in verification_failure()


def test_verify_reports_the_first_of_several_broken_events(
    trail: list[AuditEvent], tamper: Tamper
) -> None:
    for edited in (trail[3], trail[1]):
        tamper("UPDATE audit_auditevent SET action = 'forged' WHERE id = %s", [edited.id])

    assert names_event(verification_failure(), trail[1])


@pytest.fixture
def cli(monkeypatch: pytest.MonkeyPatch) -> Callable[..., int]:
    """`medmassage.cli.main`, kept from closing the test's connection when its command ends."""
    from medmassage.cli import main

    monkeypatch.setattr(connections, "close_all", lambda: None)
    return main


def test_audit_verify_command_exits_zero_on_an_intact_trail(
    trail: list[AuditEvent], cli: Callable[..., int], capsys: pytest.CaptureFixture[str]
) -> None:
    assert cli(["audit", "verify"]) == 0
    assert "Audit trail intact" in capsys.readouterr().out


def test_audit_verify_command_exits_one_naming_the_broken_event(
    trail: list[AuditEvent],
    tamper: Tamper,
    cli: Callable[..., int],
    capsys: pytest.CaptureFixture[str],
) -> None:
    tamper("UPDATE audit_auditevent SET action = 'forged' WHERE id = %s", [trail[1].id])

    assert cli(["audit", "verify"]) == 1
    assert names_event(capsys.readouterr().err, trail[1])


# --- Reads are audited ------------------------------------------------------------------------


def test_viewing_a_client_records_who_saw_it_from_where(cast: Cast) -> None:
    browser = logged_in(cast.front_desk)

    response = browser.get(
        reverse("charts:client", args=[cast.client.pk]), REMOTE_ADDR="203.0.113.7"
    )

    assert response.status_code == 200
    event = AuditEvent.objects.get(action="clients.client.viewed")
    assert event.client_id == cast.client.pk
    assert event.subject_id == str(cast.client.pk)
    assert (event.actor_id, event.actor_label) == (cast.front_desk.pk, cast.front_desk.email)
    assert event.clinic_id == cast.clinic.pk
    assert event.ip == "203.0.113.7"


def test_a_refused_view_records_no_read(cast: Cast) -> None:
    browser = logged_in(cast.outsider)

    response = browser.get(reverse("charts:client", args=[cast.client.pk]))

    assert response.status_code == 404
    assert not AuditEvent.objects.filter(action="clients.client.viewed").exists()
