"""`medmassage restore FILE`: into an empty database only, then checked before success."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from medmassage.backups.archive import BackupError
from medmassage.backups.operations import RestoreRefused, restore_backup


class Command(BaseCommand):
    help = (
        "Restore an encrypted backup into the empty database and documents folder in use, then "
        "check the database's integrity, its migrations, the audit chains, every sealed record "
        "and every document."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("file", type=Path)

    def handle(self, *args: Any, **options: Any) -> None:
        source: Path = options["file"]
        if not source.is_file():
            raise CommandError(f"No backup file at {source}.", returncode=2)
        try:
            report = restore_backup(source)
        except RestoreRefused as error:
            raise CommandError(str(error), returncode=2) from None
        except BackupError as error:
            raise CommandError(
                f"Restore failed: {error} Do not serve from this database.", returncode=1
            ) from None
        migrated = (
            f", then applied {len(report.migrated)} newer migrations" if report.migrated else ""
        )
        self.stdout.write(
            f"Restored from {source}{migrated}. Checked: database integrity, migrations, "
            f"{report.events} audit events in {report.chains} chains, {report.sealed} sealed "
            "records. All intact."
        )
        if report.documents is None:
            self.stdout.write(
                "This backup was made before backups held the documents: restore the documents "
                "folder from its own copy."
            )
        else:
            count = report.documents
            each = "each matching its" if count != 1 else "matching its"
            self.stdout.write(
                f"{count} document{'s' if count != 1 else ''} in place, {each} SHA-256."
            )
        if report.set_aside:
            self.stdout.write(f"The previous checkpoints were moved to {report.set_aside}.")
