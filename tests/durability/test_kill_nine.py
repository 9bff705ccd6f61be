"""Writers through the API against a real server, killed with SIGKILL mid-loop: every write the
server acknowledged is there afterwards, the audit chain verifies and the database is sound.

(A kill -9 loses the processes, not the machine's page cache; what a power cut would lose is
what synchronous=FULL is for, measured by `make bench-durability`.)"""

from __future__ import annotations

import http.client
import json
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from tests.live import Live, live_server

CHECK = """
import json
from django.db import connection
from medmassage.clients.models import Client
ids = sorted(Client.unscoped_objects.values_list("id", flat=True))
integrity = "ok"
if connection.vendor == "sqlite":
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA integrity_check")
        integrity = cursor.fetchone()[0]
print(json.dumps({"ids": ids, "integrity": integrity}))
"""
WRITERS = 4
RUN_SECONDS = 4.0


def post_client(live: Live, name: str) -> int | None:
    body = json.dumps(
        {"given_name": name, "family_name": "Durable", "date_of_birth": "1980-01-02"}
    ).encode()
    request = urllib.request.Request(  # noqa: S310 - loopback only
        f"{live.base_url}/api/v1/clients",
        data=body,
        method="POST",
        headers={"Authorization": f"Bearer {live.token}", "Content-Type": "application/json"},
    )
    try:
        with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310
            if response.status == 201:
                return int(json.loads(response.read())["id"])
    except (OSError, urllib.error.URLError, ValueError, http.client.HTTPException):
        # Not acknowledged: the server died before answering, or mid-answer (an IncompleteRead:
        # the client never learnt the id, so it cannot count the write as its own).
        return None
    return None


@pytest.fixture
def live(tmp_path: Path) -> Live:
    with live_server(tmp_path, workers=2) as running:
        yield running  # type: ignore[misc]


def test_every_acknowledged_write_survives_a_kill_9(live: Live) -> None:
    acknowledged: list[int] = []
    lock = threading.Lock()
    stop = threading.Event()

    def writer(number: int) -> None:
        count = 0
        while not stop.is_set():
            count += 1
            found = post_client(live, f"W{number}N{count}")
            if found is not None:
                with lock:
                    acknowledged.append(found)

    threads = [threading.Thread(target=writer, args=(n,)) for n in range(WRITERS)]
    for thread in threads:
        thread.start()
    time.sleep(RUN_SECONDS)
    live.kill()  # mid-loop: requests are in flight
    time.sleep(0.5)
    stop.set()
    for thread in threads:
        thread.join(timeout=30)

    assert len(acknowledged) > 20, "the writers barely ran"
    result = live.manage("shell", "-c", CHECK)
    assert result.returncode == 0, result.stderr
    found = json.loads(result.stdout.strip().splitlines()[-1])
    missing = set(acknowledged) - set(found["ids"])
    assert not missing, f"{len(missing)} acknowledged writes lost: {sorted(missing)[:10]}"
    assert found["integrity"] == "ok"
    verified = live.manage("verify_audit")
    assert verified.returncode == 0, verified.stderr
    assert "Audit trail intact" in verified.stdout
