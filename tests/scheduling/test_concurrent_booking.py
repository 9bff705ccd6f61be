"""Double-booking under concurrent requests: threads post the same slot to a live server.

On PostgreSQL (CI runs the suite there) the booking transaction holds the therapist's row and
the exclusion constraint refuses any overlap; exactly one request wins and the others get 409.
Locally, on SQLite, the test skips and says how to run it (CI never skips it).
"""

from __future__ import annotations

import json
import threading
import urllib.error
import urllib.request
from datetime import datetime, time, timedelta

from django.utils import timezone

from medmassage.accounts.tokens import issue_token
from medmassage.scheduling.models import Appointment
from medmassage.tenancy import unscoped
from tests.builders import actor, calendar_setup, membership
from tests.cast import build_cast

THREADS = 8


def post(url: str, token: str, body: dict[str, object]) -> int:
    request = urllib.request.Request(  # noqa: S310 - the live server on loopback
        url,
        data=json.dumps(body).encode(),
        headers={"Authorization": f"Bearer {token}", "Content-Type": "application/json"},
        method="POST",
    )
    try:
        with urllib.request.urlopen(request, timeout=30) as response:  # noqa: S310
            return int(response.status)
    except urllib.error.HTTPError as error:
        return int(error.code)


def test_only_one_of_many_simultaneous_bookings_of_a_slot_wins(
    on_postgresql: None, live_server: object
) -> None:
    cast = build_cast()
    kind = calendar_setup(cast.clinic, cast.therapist)
    token = issue_token(by=actor(cast.front_desk), name="race").plaintext
    day = timezone.localdate() + timedelta(days=5)
    starts = datetime.combine(day, time(10), tzinfo=cast.clinic.zone)
    bodies = [
        {
            "client_id": cast.client.pk,
            "therapist_id": membership(cast.therapist).pk,
            "type_id": kind.pk,
            # Each thread asks for an overlapping time: 10:00, 10:05, 10:10, ...
            "starts_at": (starts + timedelta(minutes=5 * n)).isoformat(),
        }
        for n in range(THREADS)
    ]
    url = f"{live_server}/api/v1/appointments"
    gate = threading.Barrier(THREADS)
    statuses: list[int] = []

    def book(body: dict[str, object]) -> None:
        gate.wait()
        statuses.append(post(url, token, body))

    threads = [threading.Thread(target=book, args=(body,)) for body in bodies]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    assert sorted(statuses) == [201] + [409] * (THREADS - 1)
    with unscoped():
        assert Appointment.objects.count() == 1
