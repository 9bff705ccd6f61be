"""`medmassage backup FILE` and `medmassage restore FILE`, end to end on the database the suite
runs on (SQLite, or PostgreSQL when DATABASE_URL names a server): an encrypted file readable by
its owner only, holding the database and the stored documents; a restore only into an empty
database and an empty documents folder, checked through (documents against the SHA-256 their
records keep) before it says so; a changed, cut-short or foreign file refused with the database
left empty."""

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
import io
from django.utils import timezone
from medmassage.careteam.services import record_clearance
from tests.careteam.documents import PDF
record_clearance(
    client=cast.client, by=actor(cast.therapist),
    fields={"issued_on": timezone.localdate(), "outcome": "cleared", "from_name": "Dr Ana Rivera"},
    document=io.BytesIO(PDF + b"% MedMassage backup test"), document_name="clearance.pdf",
)
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
        self.documents = var_dir / f"media-{name}" / "documents"
        self.env.update(
            DATABASE_URL=url,
            MEDMASSAGE_VAR_DIR=str(var_dir),
            MEDMASSAGE_CHECKPOINT_DIR=str(var_dir / f"checkpoints-{name}"),
            MEDMASSAGE_MEDIA_DIR=str(self.documents.parent),
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

    def stored(self) -> dict[str, bytes]:
        """The documents folder's files, by their path in it."""
        files = sorted(p for p in self.documents.rglob("*") if p.is_file())
        return {p.relative_to(self.documents).as_posix(): p.read_bytes() for p in files}


@pytest.fixture(scope="module")
def places(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Place]]:
    root = tmp_path_factory.mktemp("backups")
    var_dir = root / "var"
    with ExitStack() as stack:
        found = {}
        for name in ("original", "restored", "damaged", "foreign", "cluttered", "tampered"):
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
    assert b"MedMassage backup test" not in content  # the clearance's document


def test_a_restore_into_an_empty_database_is_checked_and_complete(
    places: dict[str, Place], backup: Path
) -> None:
    restored = places["restored"]

    result = restored.medmassage("restore", str(backup))

    assert result.returncode == 0, result.stderr
    assert "All intact" in result.stdout
    assert "sealed records" in result.stdout
    assert "1 document in place, matching its SHA-256." in result.stdout
    assert restored.counts() == places["original"].counts()
    original_files = places["original"].stored()
    assert len(original_files) == 1
    assert restored.stored() == original_files
    for path in restored.documents.rglob("*"):
        assert stat.S_IMODE(path.stat().st_mode) == (0o700 if path.is_dir() else 0o600)
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


def test_a_restore_refuses_a_documents_folder_that_is_not_empty(
    places: dict[str, Place], backup: Path
) -> None:
    cluttered = places["cluttered"]
    cluttered.documents.mkdir(parents=True)
    (cluttered.documents / "left-over.pdf").write_bytes(b"%PDF-1.4 someone else's")

    result = cluttered.medmassage("restore", str(backup))

    assert result.returncode == 2
    assert "documents folder" in result.stderr
    assert "not empty" in result.stderr
    assert cluttered.stored() == {"left-over.pdf": b"%PDF-1.4 someone else's"}


def test_a_document_that_no_longer_matches_its_record_fails_the_restore(
    places: dict[str, Place], tmp_path: Path
) -> None:
    original = places["original"]
    (name, content), *_ = original.stored().items()
    document = original.documents / name
    try:
        document.write_bytes(content.replace(b"backup test", b"backup TEST"))
        changed = tmp_path / "changed.mmbackup"
        made = original.medmassage("backup", str(changed))
        assert made.returncode == 0, made.stderr
    finally:
        document.write_bytes(content)

    result = places["tampered"].medmassage("restore", str(changed))

    assert result.returncode == 1
    assert "Restore failed: 1 document is not intact" in result.stderr
    assert "fails its SHA-256" in result.stderr
