"""Two audited writes at once on PostgreSQL: neither deadlocks the other.

Every audited write holds its clinic's audit-chain lock (an advisory lock, to the end of its
transaction), and at commit PostgreSQL checks the write's deferred foreign keys with FOR KEY
SHARE on the rows they point at: the clinic, the client, the member. A service that held one of
those rows FOR UPDATE and then waited for the chain deadlocked with a write that held the chain
and committed (CI's schemathesis run caught it: a provider added while the clinic's settings
changed; one of the two got a 500). Services lock rows FOR NO KEY UPDATE, which a foreign-key
check passes (`tests/architecture/test_row_locks.py` holds every lock to it).
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable

from django.db import connection, transaction

from medmassage.accounts.models import Clinic
from medmassage.audit.verification import verify_chains
from medmassage.careteam.models import Provider
from medmassage.careteam.services import add_provider
from medmassage.recordaccess.services import change_security_settings
from medmassage.tenancy import unscoped
from tests.builders import actor
from tests.cast import build_cast


def _wait_for_a_waiter_on_the_chain(seconds: float = 20) -> None:
    """Until another transaction waits for an advisory lock (the audit chain this one holds)."""
    deadline = time.monotonic() + seconds
    with connection.cursor() as cursor:
        while time.monotonic() < deadline:
            cursor.execute(
                "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND NOT granted"
            )
            if cursor.fetchone()[0]:
                return
            time.sleep(0.05)
    raise AssertionError("the second write never came to wait for the audit chain")


def _in_thread(work: Callable[[], None], failures: list[BaseException]) -> threading.Thread:
    def run() -> None:
        try:
            work()
        except BaseException as error:
            failures.append(error)
        finally:
            connection.close()  # this thread's own connection

    thread = threading.Thread(target=run)
    thread.start()
    return thread


def test_a_write_holding_the_chain_commits_while_another_holds_the_clinic_row(
    on_postgresql: None,
) -> None:
    cast = build_cast()
    therapist, owner = actor(cast.therapist), actor(cast.owner)
    wanted_mfa = not cast.clinic.require_mfa
    holding_the_chain = threading.Event()
    failures: list[BaseException] = []

    def add_a_provider() -> None:
        with transaction.atomic():
            add_provider(by=therapist, fields={"name": "Dr Race", "profession": "physician"})
            holding_the_chain.set()
            _wait_for_a_waiter_on_the_chain()
        # COMMIT checks the provider's clinic with FOR KEY SHARE, while the settings change
        # below holds the clinic's row and waits for the chain this transaction held.

    def change_the_clinic_settings() -> None:
        assert holding_the_chain.wait(timeout=20), "the provider was never added"
        change_security_settings(
            by=owner, require_mfa=wanted_mfa, care_team_only=cast.clinic.care_team_only
        )

    threads = [
        _in_thread(add_a_provider, failures),
        _in_thread(change_the_clinic_settings, failures),
    ]
    for thread in threads:
        thread.join(timeout=60)

    assert not any(thread.is_alive() for thread in threads), "a write never finished"
    assert failures == []
    with unscoped():
        assert Provider.objects.filter(clinic=cast.clinic, name="Dr Race").exists()
    assert Clinic.objects.get(pk=cast.clinic.pk).require_mfa is wanted_mfa
    assert verify_chains().ok
