"""A real MedMassage server on loopback for tests that need one (kill -9, logs, schemathesis):
its own database (a SQLite file, or a fresh PostgreSQL database when DATABASE_URL names a
server), migrated (a copy of tests/migrated.py's template), with a clinic, a therapist and a
bearer token, served by gunicorn in its own process group (so a test can kill it whole)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from tests.browser.server import ROOT, free_port, fresh_database, run, wait_until_up

BIN = Path(sys.executable).parent

SETUP = """
import django; django.setup()
from datetime import date, timedelta
from django.utils import timezone
from medmassage.accounts.actors import Actor
from medmassage.accounts.models import Clinic, Membership, Role, User
from medmassage.accounts.tokens import issue_token
from medmassage.practitioners.services import add_licence, register_practitioner
from medmassage.tenancy import unscoped
with unscoped():
    clinic = Clinic.objects.create(name="Live Clinic", slug="live")
    user = User.objects.create_user(
        "live@clinic.test", "live clinic passphrase 2026", full_name="Live Therapist"
    )
    member = Membership.objects.create(user=user, clinic=clinic, role=Role.THERAPIST)
    practitioner = register_practitioner(membership=member, by=Actor(member))
    add_licence(practitioner=practitioner, by=Actor(member), fields={
        "jurisdiction": "Ontario, Canada", "number": "RMT-00001",
        "issued_on": timezone.localdate() - timedelta(days=300),
        "expires_on": timezone.localdate() + timedelta(days=300)})
    owner = User.objects.create_user(
        "owner@clinic.test", "live clinic owner passphrase", full_name="Live Owner"
    )
    owning = Membership.objects.create(user=owner, clinic=clinic, role=Role.OWNER)
    print(issue_token(by=Actor(member), name="live").plaintext)
    print(issue_token(by=Actor(owning), name="live owner").plaintext)
    from medmassage.clientaccounts.actors import ClientActor
    from medmassage.clientaccounts.services import invite_client
    from medmassage.clientaccounts.tokens import issue_client_token
    from medmassage.clients.services import create_client
    client = create_client(by=Actor(owning), given_name="Live", family_name="Client",
        date_of_birth=date(1980, 1, 1), email="client@clinic.test")
    account = invite_client(client=client, by=Actor(owning))
    account.activated_at = timezone.now()
    account.save(update_fields=["activated_at"])
    # Two sign-ins: one for every portal endpoint, one that signing out may end.
    print(issue_client_token(ClientActor(account)).plaintext)
    print(issue_client_token(ClientActor(account)).plaintext)
"""


@dataclass
class Live:
    base_url: str
    token: str  # a licensed therapist's
    owner_token: str  # the owner's, for what only owners do
    client_token: str  # a client's sign-in to the portal's API
    spare_client_token: str  # another, for signing out
    env: dict[str, str]
    database_url: str
    process: subprocess.Popen[bytes]

    def kill(self) -> None:
        """SIGKILL the whole server (master and workers) at once, mid-whatever."""
        os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait(timeout=20)

    def manage(self, *args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(  # noqa: S603 - the project's own commands
            [str(BIN / "python"), "manage.py", *args],
            env=self.env,
            cwd=ROOT,
            capture_output=True,
            text=True,
            check=False,
            timeout=300,
        )


@contextmanager
def live_server(
    var_dir: Path,
    *,
    workers: int = 2,
    access_log: Path | None = None,
    gunicorn_options: tuple[str, ...] = (),
) -> Iterator[Live]:
    with fresh_database(var_dir, migrated=True) as database_url:
        env = {k: v for k, v in os.environ.items() if k not in {"DEBUG"}}
        env.update(
            DATABASE_URL=database_url,
            MEDMASSAGE_VAR_DIR=str(var_dir),
            DJANGO_SETTINGS_MODULE="medmassage.config.settings",
            MEDMASSAGE_CHECKPOINT_SECONDS="0",
        )
        tokens = run([str(BIN / "python"), "-c", SETUP], env).split()[-4:]
        port = free_port()
        command = [
            str(BIN / "gunicorn"),
            "medmassage.config.wsgi",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            str(workers),
            "--timeout",
            "60",
        ]
        command += list(gunicorn_options)
        log = (access_log or var_dir / "server.log").open("w")
        process = subprocess.Popen(  # noqa: S603 - the project's own server
            command, env=env, cwd=ROOT, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
        )
        live = Live(f"http://127.0.0.1:{port}", *tokens, env, database_url, process)
        try:
            wait_until_up(f"{live.base_url}/health/")
            yield live
        finally:
            if process.poll() is None:
                process.terminate()
                process.wait(timeout=20)
            log.close()
