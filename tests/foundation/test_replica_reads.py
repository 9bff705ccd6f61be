"""A real PostgreSQL primary and streaming replica (initdb, `pg_basebackup -R`, both on
loopback under /tmp): search answered by the replica, every write made on the primary.

Skipped on SQLite; required where MEDMASSAGE_REQUIRE_POSTGRESQL is set (.ci/run).
"""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.db import connection

PROBE = Path(__file__).with_name("replica_probe.py")


def _pg_bin() -> Path | None:
    found = sorted(Path("/usr/lib/postgresql").glob("*/bin/initdb"))
    return found[-1].parent if found else None


def _port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _as_postgres(argv: list[str]) -> list[str]:
    return ["runuser", "-u", "postgres", "--", *argv] if os.geteuid() == 0 else argv


def _run(argv: list[str]) -> None:
    subprocess.run(_as_postgres(argv), check=True, capture_output=True, text=True)  # noqa: S603


@pytest.fixture
def clusters() -> Iterator[tuple[str, str]]:
    """A primary and its streaming replica; yields their database URLs."""
    pg_bin = _pg_bin()
    if connection.vendor != "postgresql" or pg_bin is None:
        if os.environ.get("MEDMASSAGE_REQUIRE_POSTGRESQL"):
            pytest.fail("this run must be on PostgreSQL, with its server binaries installed")
        pytest.skip("needs PostgreSQL's server binaries: run with DATABASE_URL as .ci/run does")
    folder = Path(tempfile.mkdtemp(prefix="medmassage-replica-", dir="/tmp"))
    folder.chmod(0o755)
    if os.geteuid() == 0:
        shutil.chown(folder, "postgres")
    primary, replica = folder / "primary", folder / "replica"
    ports = _port(), _port()
    options = "-c listen_addresses=127.0.0.1 -c fsync=off -k {folder} -p {port}"
    try:
        _run([str(pg_bin / "initdb"), "-D", str(primary), "--auth=trust", "-U", "postgres"])
        _run(
            [
                str(pg_bin / "pg_ctl"),
                "-D",
                str(primary),
                "-l",
                str(folder / "primary.log"),
                "-w",
                "start",
                "-o",
                options.format(folder=folder, port=ports[0]),
            ]
        )
        _run(
            [
                str(pg_bin / "pg_basebackup"),
                "-h",
                "127.0.0.1",
                "-p",
                str(ports[0]),
                "-U",
                "postgres",
                "-D",
                str(replica),
                "-R",
                "-X",
                "stream",
            ]
        )
        _run(
            [
                str(pg_bin / "pg_ctl"),
                "-D",
                str(replica),
                "-l",
                str(folder / "replica.log"),
                "-w",
                "start",
                "-o",
                options.format(folder=folder, port=ports[1]),
            ]
        )
        _run(
            [
                str(pg_bin / "createdb"),
                "-h",
                "127.0.0.1",
                "-p",
                str(ports[0]),
                "-U",
                "postgres",
                "medmassage",
            ]
        )
        yield tuple(f"postgres://postgres@127.0.0.1:{port}/medmassage" for port in ports)  # type: ignore[misc]
    finally:
        for data in (replica, primary):
            if data.exists():
                subprocess.run(  # noqa: S603
                    _as_postgres(
                        [str(pg_bin / "pg_ctl"), "-D", str(data), "-m", "immediate", "stop"]
                    ),
                    capture_output=True,
                    check=False,
                )
        shutil.rmtree(folder, ignore_errors=True)


def test_search_reads_come_from_the_replica_and_every_write_goes_to_the_primary(
    clusters: tuple[str, str], tmp_path: Path
) -> None:
    primary, replica = clusters
    env = {
        **os.environ,
        "DATABASE_URL": primary,
        "DATABASE_REPLICA_URL": replica,
        "DJANGO_SETTINGS_MODULE": "medmassage.config.settings",
        "MEDMASSAGE_VAR_DIR": str(tmp_path),
    }
    done = subprocess.run(  # noqa: S603 - our own interpreter and probe
        [sys.executable, str(PROBE)], env=env, capture_output=True, text=True, check=False
    )
    assert done.returncode == 0, done.stderr[-3000:]
    seen = json.loads(done.stdout.strip().splitlines()[-1])
    assert seen["replica_is_standby"] is True
    assert seen["primary_is_standby"] is False
    assert seen["page_status"] == 200
    assert seen["page_found"]
    assert seen["api_status"] == 200
    assert seen["api_found"] == ["Lovelace"]
    # The search's reads of clients were answered by the replica, none by the primary.
    assert seen["replica_client_reads"] >= 2
    assert seen["primary_client_reads"] == 0
    # Every write (session, audit, the client created inside the lag-tolerant block) on the
    # primary; none was even tried on the replica.
    assert seen["replica_writes"] == []
    assert seen["primary_writes"] > 0
    assert seen["written_on_primary"] is True
