"""Run by test_replica_reads in its own process, against a real primary and streaming replica.

DATABASE_URL names the primary and DATABASE_REPLICA_URL the replica; prints one JSON object
saying which server answered which statements.
"""

from __future__ import annotations

import json
import os
import time
from datetime import date

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "medmassage.config.settings")
django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connections  # noqa: E402
from django.test import Client as Browser  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django_otp import DEVICE_ID_SESSION_KEY  # noqa: E402
from django_otp.plugins.otp_totp.models import TOTPDevice  # noqa: E402

from medmassage.accounts.actors import Actor  # noqa: E402
from medmassage.accounts.models import Clinic, Membership, Role, User  # noqa: E402
from medmassage.accounts.sessions import start  # noqa: E402
from medmassage.clients.models import Client  # noqa: E402
from medmassage.clients.services import create_client  # noqa: E402
from medmassage.replicas import lag_tolerant  # noqa: E402
from medmassage.tenancy import unscoped  # noqa: E402

WRITES = ("INSERT", "UPDATE", "DELETE")


def main() -> None:
    call_command("migrate", verbosity=0)  # the primary only: the replica follows by streaming
    clinic = Clinic.objects.create(name="Replica clinic", slug="replica")
    user = User.objects.create_user("therapist@replica.example", None, full_name="Thea Rapist")
    member = Membership.objects.create(user=user, clinic=clinic, role=Role.THERAPIST)
    create_client(
        by=Actor(member), given_name="Ada", family_name="Lovelace", date_of_birth=date(1985, 12, 10)
    )
    _wait_for_replica(clinic)

    browser = Browser(HTTP_HOST="127.0.0.1")
    browser.force_login(user)
    session = browser.session
    start(session)
    device = TOTPDevice.objects.create(user=user, name="probe", confirmed=True)
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    browser.get("/")  # warm: the session's first touch
    _wait_for_replica(clinic)
    primary, replica = connections["default"], connections["replica"]
    with CaptureQueriesContext(primary) as on_primary, CaptureQueriesContext(replica) as on_replica:
        page = browser.post("/clients/", {"q": "lov"})
        api = browser.get("/api/v1/clients?q=lov")
        with lag_tolerant():  # a write inside a lag-tolerant block still goes to the primary
            written = create_client(
                by=Actor(member),
                given_name="Grace",
                family_name="Hopper",
                date_of_birth=date(1906, 12, 9),
            )
    with replica.cursor() as cursor:
        cursor.execute("SELECT pg_is_in_recovery()")
        replica_is_standby = cursor.fetchone()[0]
    with primary.cursor() as cursor:
        cursor.execute("SELECT pg_is_in_recovery()")
        primary_is_standby = cursor.fetchone()[0]
    primary_sql = [q["sql"] for q in on_primary.captured_queries]
    replica_sql = [q["sql"] for q in on_replica.captured_queries]
    print(
        json.dumps(
            {
                "page_status": page.status_code,
                "page_found": "Lovelace" in page.content.decode(),
                "api_status": api.status_code,
                "api_found": [item["family_name"] for item in api.json()["items"]],
                "replica_is_standby": replica_is_standby,
                "primary_is_standby": primary_is_standby,
                "replica_client_reads": sum('FROM "clients_client"' in s for s in replica_sql),
                "primary_client_reads": sum(
                    'FROM "clients_client"' in s and s.startswith("SELECT") for s in primary_sql
                ),
                "replica_writes": [s for s in replica_sql if s.lstrip().upper().startswith(WRITES)],
                "primary_writes": sum(s.lstrip().upper().startswith(WRITES) for s in primary_sql),
                "written_on_primary": Client.objects.for_clinic(clinic)
                .filter(pk=written.pk)
                .exists(),
            }
        )
    )


def _wait_for_replica(clinic: Clinic) -> None:
    """Until the replica has replayed what the primary holds (streaming is asynchronous)."""
    with connections["default"].cursor() as cursor:
        cursor.execute("SELECT pg_current_wal_lsn()")
        target = cursor.fetchone()[0]
    deadline = time.monotonic() + 30
    with connections["replica"].cursor() as cursor:
        while time.monotonic() < deadline:
            cursor.execute("SELECT pg_last_wal_replay_lsn() >= %s::pg_lsn", [target])
            if cursor.fetchone()[0]:
                break
            time.sleep(0.1)
    with unscoped():
        assert Clinic.objects.using("replica").filter(pk=clinic.pk).exists()


if __name__ == "__main__":
    main()
