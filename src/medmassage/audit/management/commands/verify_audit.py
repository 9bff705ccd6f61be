"""`medmassage audit verify`: the keyed chains, their checkpoints and every sealed record."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError

from medmassage.audit.seals import verify_all_seals
from medmassage.audit.verification import verify_chains
from medmassage.tenancy import unscoped


class Command(BaseCommand):
    help = (
        "Recompute the audit chains with the integrity keys, compare them with the checkpoints "
        "kept outside the database and check every sealed record; exit 1 naming the first "
        "problem."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        with unscoped():
            report = verify_chains()
            if not report.ok:
                raise CommandError(f"Audit trail broken at {report.first_break}", returncode=1)
            sealed, broken = verify_all_seals()
        if broken:
            listed = "; ".join(f"{b.subject}: {b.problem}" for b in broken[:10])
            raise CommandError(f"{len(broken)} sealed records fail: {listed}", returncode=1)
        legacy = (
            f" ({report.legacy_events} written before keyed hashing, anchored by keyed events)"
            if report.legacy_events
            else ""
        )
        self.stdout.write(
            f"Audit trail intact: {report.events_checked} events in {report.chains_checked} "
            f"chains{legacy}; {report.checkpoints_checked} checkpoints match; "
            f"{sealed} sealed records match their seals."
        )
