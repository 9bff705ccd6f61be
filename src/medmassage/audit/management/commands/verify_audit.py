"""`medmassage audit verify`: recompute every audit chain and name the first broken event."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError

from medmassage.audit.verification import verify_chains
from medmassage.tenancy import unscoped


class Command(BaseCommand):
    help = "Recompute the audit hash chains; exit 1 naming the first event that does not match."

    def handle(self, *args: Any, **options: Any) -> None:
        with unscoped():
            report = verify_chains()
        if not report.ok:
            raise CommandError(f"Audit trail broken at {report.first_break}", returncode=1)
        self.stdout.write(
            f"Audit trail intact: {report.events_checked} events in {report.chains_checked} chains."
        )
