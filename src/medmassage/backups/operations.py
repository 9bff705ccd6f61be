"""Making a backup of the database in use and the documents the clinic stored, and restoring
one into an empty database and an empty documents folder, checked.

SQLite: the online backup API (a consistent copy while the server runs). PostgreSQL: pg_dump in
its custom format, restored with pg_restore in one transaction. The documents (clearances,
letters, reports) are copied after the database: a document is written before the record
naming it commits, so every record in the copy finds its file. A restore refuses a database
that has any table, or a documents folder with any file, then checks, before it says it
succeeded: the database's own integrity, the migrations (applying those newer than the backup),
the audit chains under the integrity keys, every sealed record, and every document a record
names against the SHA-256 the record keeps. The old checkpoints describe another past: they are
set aside and new ones written.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management import call_command
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.db.migrations.recorder import MigrationRecorder
from django.utils import timezone

from medmassage.audit import checkpoints
from medmassage.audit.models import AuditChainHead
from medmassage.audit.seals import verify_all_seals
from medmassage.audit.verification import verify_chains
from medmassage.backups.archive import BackupError, read_archive, sha256_of, write_archive
from medmassage.careteam.documents import documents_dir, named_documents, path_of, stored_files
from medmassage.tenancy import unscoped

DUMP_NAMES = {"sqlite": "database.sqlite3", "postgresql": "database.pgdump"}
DOCUMENTS = "documents"  # the folder of the archive holding the documents
# 2: the documents are in the backup (a version 1 backup holds the database only).
VERSION = 2


class RestoreRefused(Exception):
    """The target database is not empty: a restore never overwrites data."""


@dataclass
class RestoreReport:
    events: int = 0
    chains: int = 0
    sealed: int = 0
    documents: int | None = None  # None: the backup holds no documents (made before version 2)
    migrated: list[str] = field(default_factory=list)
    set_aside: str | None = None


def _private_folder() -> tempfile.TemporaryDirectory[str]:
    Path(settings.VAR_DIR).mkdir(mode=0o700, parents=True, exist_ok=True)
    return tempfile.TemporaryDirectory(prefix="backup-", dir=settings.VAR_DIR)


def make_backup(target: Path) -> dict[str, Any]:
    """Write the encrypted backup of the database in use to `target`; returns the manifest."""
    vendor = connection.vendor
    with _private_folder() as folder:
        dump = Path(folder) / DUMP_NAMES[vendor]
        _DUMPERS[vendor](dump)
        root = documents_dir()
        files = {f"{DOCUMENTS}/{p.relative_to(root).as_posix()}": p for p in stored_files()}
        manifest = {
            "format": "medmassage-backup",
            "version": VERSION,
            "made_at": timezone.now().isoformat(timespec="seconds"),
            "database": vendor,
            "migrations": _applied_migrations(),
            "chain_heads": {
                str(h.chain): [h.sequence, h.hash] for h in AuditChainHead.objects.all()
            },
            "documents": len(files),
        }
        write_archive(target, {dump.name: dump, **files}, manifest)
    return manifest


def _applied_migrations() -> list[str]:
    recorder = MigrationRecorder(connection)
    return sorted(f"{app}.{name}" for app, name in recorder.applied_migrations())


def _dump_sqlite(dump: Path) -> None:
    connection.ensure_connection()
    source = connection.connection
    copy = sqlite3.connect(dump)
    try:
        source.backup(copy)  # the online backup API: consistent while others write
    finally:
        copy.close()
    os.chmod(dump, 0o600)


def _pg_env() -> tuple[list[str], dict[str, str]]:
    db = settings.DATABASES["default"]
    env = {**os.environ}
    if db.get("PASSWORD"):
        env["PGPASSWORD"] = str(db["PASSWORD"])
    args = [f"--dbname={db['NAME']}"]
    if db.get("HOST"):
        args.append(f"--host={db['HOST']}")
    if db.get("PORT"):
        args.append(f"--port={db['PORT']}")
    if db.get("USER"):
        args.append(f"--username={db['USER']}")
    return args, env


def _pg_tool(name: str) -> str:
    found = shutil.which(name)
    if found is None:
        raise BackupError(f"{name} is not installed (Debian: postgresql-client).")
    return found


def _dump_postgresql(dump: Path) -> None:
    args, env = _pg_env()
    command = [_pg_tool("pg_dump"), "--format=custom", "--no-owner", "--no-privileges", *args]
    command.append(f"--file={dump}")
    result = subprocess.run(command, env=env, capture_output=True, text=True, check=False)  # noqa: S603
    if result.returncode != 0:
        raise BackupError(f"pg_dump failed: {result.stderr.strip()[-500:]}")
    os.chmod(dump, 0o600)


_DUMPERS: dict[str, Callable[[Path], None]] = {
    "sqlite": _dump_sqlite,
    "postgresql": _dump_postgresql,
}


def database_is_empty() -> bool:
    """No table at all (a fresh database, not even migrated)."""
    return not connection.introspection.table_names()


def restore_backup(source: Path) -> RestoreReport:
    """Load a backup into the empty database in use, then check it through and through."""
    if not database_is_empty():
        raise RestoreRefused(
            "The database is not empty: a restore goes into a new, empty database only "
            "(create one and point DATABASE_URL at it)."
        )
    if stored_files():
        raise RestoreRefused(
            f"The documents folder {documents_dir()} is not empty: a restore never overwrites "
            "documents (point MEDMASSAGE_MEDIA_DIR at a new folder)."
        )
    vendor = connection.vendor
    with _private_folder() as folder:
        manifest = read_archive(source, Path(folder))
        if manifest.get("database") != vendor:
            raise BackupError(
                f"This is a {manifest.get('database')} backup; the database in use is {vendor}."
            )
        _LOADERS[vendor](Path(folder) / DUMP_NAMES[vendor])
        _place_documents(Path(folder) / DOCUMENTS)
    report = _check_restored()
    if manifest.get("version", 1) >= VERSION:
        report.documents = _check_documents()
    return report


def _place_documents(extracted: Path) -> None:
    """The backup's documents into the (empty) documents folder, readable by this user only."""
    root = documents_dir()
    for source in sorted(extracted.rglob("*")) if extracted.exists() else ():
        target = root / source.relative_to(extracted)
        if source.is_dir():
            target.mkdir(mode=0o700, parents=True, exist_ok=True)
            continue
        target.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        shutil.copy2(source, target)  # its time too: a pending file's age is how it is swept
        os.chmod(target, 0o600)


def _check_documents() -> int:
    """Every document a record names is in place with the checksum the record keeps."""
    problems: list[str] = []
    checked = 0
    for named in named_documents():
        path = path_of(named.clinic_id, named.name)
        if not path.is_file():
            problems.append(f"{named.holder} {named.record_id}: its document is missing")
        elif sha256_of(path) != named.sha256:
            problems.append(f"{named.holder} {named.record_id}: its document fails its SHA-256")
        checked += 1
    if problems:
        count = f"{len(problems)} documents are" if len(problems) > 1 else "1 document is"
        raise BackupError(f"{count} not intact: {'; '.join(problems[:5])}")
    return checked


def _load_sqlite(dump: Path) -> None:
    connection.close()
    path = Path(str(settings.DATABASES["default"]["NAME"]))
    source = sqlite3.connect(dump)
    target = sqlite3.connect(path)
    try:
        source.backup(target)
        outcome = target.execute("PRAGMA integrity_check").fetchone()[0]
    finally:
        source.close()
        target.close()
    if outcome != "ok":
        raise BackupError(f"SQLite integrity check failed after loading: {outcome}")


def _load_postgresql(dump: Path) -> None:
    connection.close()
    args, env = _pg_env()
    command = [
        _pg_tool("pg_restore"),
        "--no-owner",
        "--no-privileges",
        "--single-transaction",
        "--exit-on-error",
        *args,
        str(dump),
    ]
    result = subprocess.run(command, env=env, capture_output=True, text=True, check=False)  # noqa: S603
    if result.returncode != 0:
        raise BackupError(f"pg_restore failed: {result.stderr.strip()[-500:]}")


_LOADERS: dict[str, Callable[[Path], None]] = {
    "sqlite": _load_sqlite,
    "postgresql": _load_postgresql,
}


def _check_restored() -> RestoreReport:
    report = RestoreReport()
    executor = MigrationExecutor(connection)
    known = set(executor.loader.disk_migrations)
    unknown = set(executor.loader.applied_migrations) - known
    if unknown:
        names = ", ".join(sorted(f"{a}.{n}" for a, n in unknown))
        raise BackupError(f"The backup has migrations this version does not know: {names}")
    plan = executor.migration_plan(executor.loader.graph.leaf_nodes())
    if plan:
        report.migrated = [f"{m.app_label}.{m.name}" for m, _backwards in plan]
        call_command("migrate", interactive=False, verbosity=0)
    aside = checkpoints.set_aside("before-restore")
    report.set_aside = str(aside) if aside else None
    with unscoped():
        chains = verify_chains()
        if not chains.ok:
            raise BackupError(f"The audit trail of the backup is broken at {chains.first_break}")
        sealed, broken = verify_all_seals()
        if broken:
            listed = "; ".join(f"{b.subject}: {b.problem}" for b in broken[:5])
            raise BackupError(f"{len(broken)} sealed records fail their seals: {listed}")
    for head in AuditChainHead.objects.all():
        checkpoints.write_checkpoint(head.chain, sequence=head.sequence, hash=head.hash)
    report.events, report.chains, report.sealed = (
        chains.events_checked,
        chains.chains_checked,
        sealed,
    )
    return report
