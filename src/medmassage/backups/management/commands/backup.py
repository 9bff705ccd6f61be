"""`medmassage backup FILE`: the whole database, encrypted and authenticated, in one file."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from medmassage.backups.archive import BackupError
from medmassage.backups.operations import make_backup


class Command(BaseCommand):
    help = (
        "Write an encrypted backup of the database (SQLite online backup, or pg_dump) and the "
        "stored documents to FILE."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("file", type=Path)

    def handle(self, *args: Any, **options: Any) -> None:
        target: Path = options["file"]
        if target.exists():
            raise CommandError(f"{target} exists already: choose a new file name.", returncode=2)
        try:
            manifest = make_backup(target)
        except BackupError as error:
            raise CommandError(str(error), returncode=1) from None
        self.stdout.write(
            f"Backup of the {manifest['database']} database written to {target} "
            f"(encrypted, readable by you only; {len(manifest['migrations'])} migrations, "
            f"{len(manifest['chain_heads'])} audit chains, {manifest['documents']} documents)."
        )
