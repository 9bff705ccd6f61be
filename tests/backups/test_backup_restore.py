"""`medmassage backup FILE` and `medmassage restore FILE`, end to end on the database the suite
runs on (SQLite, or PostgreSQL when DATABASE_URL names a server): an encrypted file readable by
its owner only; a restore only into an empty database, checked through before it says so; a
changed, cut-short or foreign file refused with the database left empty."""

from __future__ import annotations

import json
import os
import stat
import subprocess
import sys
from collections.abc import Iterator
from contextlib import ExitStack
from pathlib import Path

import pytest

from tests.browser.server import fresh_database

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent

SEED = """
import django; django.setup()
from tests.builders import approve, make_ready, signed_visit
from tests.cast import build_cast
from medmassage.visits.services import add_addendum
from tests.builders import actor
cast = build_cast()
ready = make_ready(cast)
approve(ready)
visit = signed_visit(ready)
add_addendum(visit=visit, by=actor(ready.therapist), reason="Late entry", text="Called back.")
"""
COUNTS = """
import django, json; django.setup()
from medmassage.audit.models import AuditEvent, Seal
from medmassage.clients.models import Client
from medmassage.visits.models import Visit
print(json.dumps({
    "clients": Client.unscoped_objects.count(),
    "visits": Visit.unscoped_objects.count(),
    "events": AuditEvent.objects.count(),
    "seals": Seal.objects.count(),
}))
"""


class Place:
    """A database of its own, with the server's key files shared by every place."""

    def __init__(self, url: str, var_dir: Path, name: str) -> None:
        self.env = {k: v for k, v in os.environ.items() if k not in {"DEBUG"}}
        self.env.update(
            DATABASE_URL=url,
            MEDMASSAGE_VAR_DIR=str(var_dir),
            MEDMASSAGE_CHECKPOINT_DIR=str(var_dir / f"checkpoints-{name}"),
            DJANGO_SETTINGS_MODULE="medmassage.config.settings",
        )

    def run(self, *args: str, **env: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(  # noqa: S603 - the project's own commands
            list(args),
            env={**self.env, **env},
            cwd=ROOT,
            capture_output=True,
            text=True,
            check=False,
            timeout=300,
        )

    def medmassage(self, *args: str, **env: str) -> subprocess.CompletedProcess[str]:
        return self.run(str(BIN / "medmassage"), *args, **env)

    def python(self, script: str) -> str:
        result = self.run(str(BIN / "python"), "-c", script)
        assert result.returncode == 0, result.stderr[-3000:]
        return result.stdout

    def counts(self) -> dict[str, int]:
        return dict(json.loads(self.python(COUNTS).strip().splitlines()[-1]))


@pytest.fixture(scope="module")
def places(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Place]]:
    root = tmp_path_factory.mktemp("backups")
    var_dir = root / "var"
    with ExitStack() as stack:
        found = {}
        for name in ("original", "restored", "damaged", "foreign"):
            (root / name).mkdir(exist_ok=True)
            # The original migrated (a copy of the template); the others empty, to restore into.
            url = stack.enter_context(fresh_database(root / name, migrated=name == "original"))
            found[name] = Place(url, var_dir, name)
        original = found["original"]
        original.python(SEED)
        yield found


@pytest.fixture(scope="module")
def backup(places: dict[str, Place], tmp_path_factory: pytest.TempPathFactory) -> Path:
    target = tmp_path_factory.mktemp("made") / "clinic.mmbackup"
    result = places["original"].medmassage("backup", str(target))
    assert result.returncode == 0, result.stderr
    assert "Backup of the" in result.stdout
    return target


def test_the_backup_is_encrypted_and_readable_by_its_owner_only(backup: Path) -> None:
    content = backup.read_bytes()

    assert stat.S_IMODE(backup.stat().st_mode) == 0o600
    assert content.startswith(b"MEDMASSAGE-BACKUP")
    for plain in (b"Lovelace", b"SQLite format", b"PGDMP", b"Less guarded", b"Called back"):
        assert plain not in content


def test_a_restore_into_an_empty_database_is_checked_and_complete(
    places: dict[str, Place], backup: Path
) -> None:
    restored = places["restored"]

    result = restored.medmassage("restore", str(backup))

    assert result.returncode == 0, result.stderr
    assert "All intact" in result.stdout
    assert "sealed records" in result.stdout
    assert restored.counts() == places["original"].counts()
    assert restored.counts()["seals"] >= 3  # plan, note, addendum
    verified = restored.medmassage("audit", "verify")
    assert verified.returncode == 0, verified.stderr
    assert "checkpoints match" in verified.stdout


def test_a_restore_refuses_a_database_that_is_not_empty(
    places: dict[str, Place], backup: Path
) -> None:
    before = places["original"].counts()

    result = places["original"].medmassage("restore", str(backup))

    assert result.returncode == 2
    assert "not empty" in result.stderr
    assert places["original"].counts() == before


@pytest.mark.parametrize("damage", ["flipped byte", "cut short"])
def test_a_damaged_backup_is_refused_and_nothing_is_loaded(
    places: dict[str, Place], backup: Path, tmp_path: Path, damage: str
) -> None:
    content = bytearray(backup.read_bytes())
    if damage == "flipped byte":
        content[len(content) // 2] ^= 0x01
    else:
        content = content[: len(content) - 100]
    damaged_file = tmp_path / "damaged.mmbackup"
    damaged_file.write_bytes(bytes(content))
    damaged = places["damaged"]

    result = damaged.medmassage("restore", str(damaged_file))

    assert result.returncode == 1
    assert "Restore failed" in result.stderr
    tables = damaged.python(
        "import django; django.setup(); from django.db import connection; "
        "print(len(connection.introspection.table_names()))"
    )
    assert tables.strip().splitlines()[-1] == "0"


def test_a_backup_does_not_open_with_another_key(places: dict[str, Place], backup: Path) -> None:
    other = "A" * 43

    result = places["foreign"].medmassage("restore", str(backup), MEDMASSAGE_BACKUP_KEY=other)

    assert result.returncode == 1
    assert "made with backup key" in result.stderr
