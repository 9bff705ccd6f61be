"""`manage.py refresh_course_summaries`: recompute every course's summary from the record."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from medmassage.accounts.models import Clinic
from medmassage.reports.summaries import refresh_every_course


class Command(BaseCommand):
    help = (
        "Recompute the course summaries behind the outcomes report and the dashboard's "
        "re-assessments due (after an upgrade, or a change to a measure's MCID in the "
        "knowledge base). One client per transaction; safe while the clinic works."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--clinic", type=int, help="only this clinic (its id)")

    def handle(self, *args: Any, **options: Any) -> None:
        clinic = options["clinic"]
        if clinic is not None and not Clinic.objects.filter(pk=clinic).exists():
            raise CommandError(f"--clinic: no clinic has the id {clinic}")
        refreshed = refresh_every_course(clinic)
        self.stdout.write(f"Course summaries recomputed for {refreshed:,} clients.")
