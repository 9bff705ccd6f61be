"""A real MedMassage server for browser tests: its own database, the demo seeded, gunicorn.

The server runs in a separate process on a loopback port, against a database made for the run
(a SQLite file, or a fresh PostgreSQL database when DATABASE_URL names a PostgreSQL server), so
the browser sees exactly what `make run` serves and the test database is never shared.
"""

from __future__ import annotations

import json
import os
import re
import secrets
import socket
import subprocess
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

from tests.commands import BIN, ROOT, manage, run
from tests.migrated import copy_migrated_sqlite, create_migrated_postgres

LOGIN_LINE = re.compile(
    r"^\s+(?P<clinic>.+?)\s{2,}(?P<role>Owner|Therapist|Front desk|Client portal)\s+"
    r"(?P<email>\S+@\S+)\s+(?P<password>\S+)$"
)


_USED_CODES: dict[str, set[str]] = {}


@dataclass(frozen=True)
class Login:
    clinic: str
    role: str
    email: str
    password: str


@dataclass(frozen=True)
class Server:
    base_url: str
    logins: tuple[Login, ...]
    env: dict[str, str]

    def login_for(self, email: str) -> Login:
        return next(login for login in self.logins if login.email == email)

    def recovery_code(self, email: str) -> str:
        """An unused recovery code of a demo owner (each works once), for the second factor."""
        saved_file = Path(self.env["MEDMASSAGE_VAR_DIR"]) / "demo-credentials.json"
        saved = json.loads(saved_file.read_text())
        codes = next(login["recovery_codes"] for login in saved if login["email"] == email)
        used = _USED_CODES.setdefault(email, set())
        code = next(code for code in codes if code not in used)
        used.add(code)
        return str(code)

    def manage(self, *args: str) -> str:
        """Run a management command against the server's database."""
        return manage(self.env, *args)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@contextmanager
def fresh_database(var_dir: Path, *, migrated: bool = False) -> Iterator[str]:
    """A database URL for this run: a new PostgreSQL database, or a SQLite file; `migrated`
    copies one already migrated (tests/migrated.py) instead of an empty one."""
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith(("postgres://", "postgresql://")):
        if migrated:
            copy_migrated_sqlite(var_dir / "browser.sqlite3")
        yield f"sqlite:///{var_dir / 'browser.sqlite3'}"
        return
    import psycopg

    name = f"medmassage_browser_{secrets.token_hex(4)}"
    if migrated:
        create_migrated_postgres(url, name)
    else:
        with psycopg.connect(url, autocommit=True) as connection:
            connection.execute(f'CREATE DATABASE "{name}"')
    parts = urlsplit(url)
    try:
        yield urlunsplit(parts._replace(path=f"/{name}"))
    finally:
        with psycopg.connect(url, autocommit=True) as connection:
            connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@contextmanager
def serve(var_dir: Path) -> Iterator[Server]:
    """A migrated database (a copy of the template), the demo seeded, static files collected,
    served with gunicorn until the end."""
    with fresh_database(var_dir, migrated=True) as database_url:
        env = {k: v for k, v in os.environ.items() if k not in {"DEBUG"}}
        env.update(
            DATABASE_URL=database_url,
            MEDMASSAGE_VAR_DIR=str(var_dir),
            DJANGO_SETTINGS_MODULE="medmassage.config.settings",
        )
        printed = run([str(BIN / "medmassage"), "demo"], env)
        run([str(BIN / "python"), "manage.py", "collectstatic", "--no-input", "-v", "0"], env)
        logins = tuple(
            Login(**match.groupdict())
            for line in printed.splitlines()
            if (match := LOGIN_LINE.match(line))
        )
        port = free_port()
        log = (var_dir / "server.log").open("w")
        process = subprocess.Popen(  # noqa: S603 - the project's own server
            [
                str(BIN / "gunicorn"),
                "medmassage.config.wsgi",
                "--bind",
                f"127.0.0.1:{port}",
                "--workers",
                "2",
                "--timeout",
                "60",
            ],
            env=env,
            cwd=ROOT,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        base = f"http://127.0.0.1:{port}"
        try:
            wait_until_up(f"{base}/health/")
            yield Server(base, logins, env)
        finally:
            process.terminate()
            process.wait(timeout=20)
            log.close()


def wait_until_up(url: str) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=5):  # noqa: S310 - loopback only
                return
        except OSError:  # refused, reset or timed out while gunicorn starts
            time.sleep(0.2)
    raise RuntimeError(f"server did not answer at {url}")
