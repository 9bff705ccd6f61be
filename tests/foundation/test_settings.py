"""Settings: production passes `check --deploy`; SQLite runs in WAL mode with foreign keys."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.db import connection

from medmassage.config.env import env_bool, secret_key

ROOT = Path(__file__).resolve().parents[2]


def run_manage(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(  # noqa: S603 - our own manage.py with fixed arguments
        [sys.executable, str(ROOT / "manage.py"), *args],
        env=env,
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )


def production_env(tmp_path: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DEBUG", "MEDMASSAGE"))}
    env.update(
        DEBUG="0",
        MEDMASSAGE_SECURE="1",
        SECRET_KEY="k" * 10 + "a-long-random-production-key-that-is-not-the-default-9f8e7d6c5b4a",
        ALLOWED_HOSTS="clinic.example",
        DATABASE_URL="postgres://medmassage@db.clinic.example:5432/medmassage",
        MEDMASSAGE_VAR_DIR=str(tmp_path),
    )
    return env


def test_production_settings_pass_the_deploy_check(tmp_path: Path) -> None:
    result = run_manage("check", "--deploy", "--fail-level", "DEBUG", env=production_env(tmp_path))
    assert result.returncode == 0, result.stderr
    assert "no issues" in result.stdout


def test_local_settings_do_fail_the_deploy_check(tmp_path: Path) -> None:
    env = production_env(tmp_path)
    env["MEDMASSAGE_SECURE"] = "0"
    result = run_manage("check", "--deploy", "--fail-level", "WARNING", env=env)
    assert result.returncode != 0
    assert "SECURE_SSL_REDIRECT" in result.stderr or "security.W008" in result.stderr


def test_a_local_secret_key_is_generated_once_and_private(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("SECRET_KEY", raising=False)
    monkeypatch.delenv("SECRET_KEY_FILE", raising=False)
    first = secret_key(tmp_path)
    assert first == secret_key(tmp_path)
    assert len(first) >= 50
    assert (tmp_path / "secret_key").stat().st_mode & 0o777 == 0o600


def test_yes_no_settings_refuse_what_they_cannot_read(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DEBUG", "maybe")
    with pytest.raises(ImproperlyConfigured, match="DEBUG='maybe'"):
        env_bool("DEBUG", default=False)


@pytest.mark.django_db
def test_sqlite_runs_in_wal_mode_with_foreign_keys() -> None:
    if connection.vendor != "sqlite":
        pytest.skip("SQLite pragmas")
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA foreign_keys")
        assert cursor.fetchone()[0] == 1
        cursor.execute("PRAGMA journal_mode")
        mode = cursor.fetchone()[0]
    # The test database lives in memory, where SQLite reports "memory" instead of WAL.
    assert mode in {"wal", "memory"}


def test_the_file_database_is_in_wal_mode(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    env.update(MEDMASSAGE_VAR_DIR=str(tmp_path), DEBUG="1")
    # One process makes the file (its first connection sets the mode), another reads it.
    made = "from django.db import connection; connection.ensure_connection()"
    result = run_manage("shell", "-c", made, env=env)
    assert result.returncode == 0, result.stderr
    shell = (
        "from django.db import connection; c = connection.cursor(); "
        "c.execute('PRAGMA journal_mode'); print(c.fetchone()[0])"
    )
    result = run_manage("shell", "-c", shell, env=env)
    assert result.stdout.strip().splitlines()[-1] == "wal", result.stderr
