"""SQLite commits durably (synchronous=FULL) and its files are readable by their owner only."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest
from django.db import connection

ROOT = Path(__file__).resolve().parents[2]


def test_sqlite_syncs_every_commit(db: None) -> None:
    if connection.vendor != "sqlite":
        pytest.skip("SQLite pragmas")
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA synchronous")
        assert cursor.fetchone()[0] == 2  # FULL


def test_the_sqlite_files_are_created_for_their_owner_only(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    env.update(MEDMASSAGE_VAR_DIR=str(tmp_path), DEBUG="0")
    result = subprocess.run(  # noqa: S603 - our own manage.py
        [sys.executable, str(ROOT / "manage.py"), "migrate", "--no-input"],
        env=env,
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr

    found = {
        path.name: stat.S_IMODE(path.stat().st_mode)
        for path in tmp_path.iterdir()
        if path.name.startswith("medmassage.sqlite3") or path.name == "integrity_keys"
    }
    assert "medmassage.sqlite3" in found
    assert all(mode == 0o600 for mode in found.values()), found


def test_an_existing_database_file_is_narrowed_to_its_owner(tmp_path: Path) -> None:
    from medmassage.config.env import private_file

    database = tmp_path / "old.sqlite3"
    database.write_bytes(b"")
    database.chmod(0o644)

    private_file(database)

    assert stat.S_IMODE(database.stat().st_mode) == 0o600
