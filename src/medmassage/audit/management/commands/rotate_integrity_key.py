"""`medmassage integrity rotate-key`: a new current integrity key; older keys still verify."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from medmassage.integrity.keys import new_key_line, rotate_key_file


class Command(BaseCommand):
    help = "Put a new integrity key first in the key file (or print one for the environment)."

    def handle(self, *args: Any, **options: Any) -> None:
        if settings.INTEGRITY_KEYS:
            key_id, secret = new_key_line().split()
            raise CommandError(
                "The keys come from MEDMASSAGE_INTEGRITY_KEYS: put the new key first there, "
                f"keeping the others, e.g. {key_id}:{secret},<the keys you have>",
                returncode=2,
            )
        key_id = rotate_key_file(Path(settings.INTEGRITY_KEY_FILE))
        self.stdout.write(f"New integrity key {key_id} is current; older keys still verify.")
