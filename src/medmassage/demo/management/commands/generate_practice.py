"""`manage.py generate_practice`: a realistic practice of a given size, for scale benchmarks."""

from __future__ import annotations

import json
import time
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from medmassage.demo.practice import PracticeSize, generate_practice


class Command(BaseCommand):
    help = (
        "Generate clinics with clients, consents, intakes, approved plans, visits with their "
        "treatment rows, measurements and a valid audit chain, straight into the database "
        "(COPY on PostgreSQL, batched inserts on SQLite). Prints one JSON line of counts."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--clinics", type=int, default=2)
        parser.add_argument("--clients", type=int, default=1000, help="over all clinics")
        parser.add_argument("--visits", type=int, default=10_000, help="over all clinics")
        parser.add_argument("--therapists", type=int, default=4, help="per clinic")
        parser.add_argument("--treatments-per-visit", type=int, default=3)
        parser.add_argument("--draft-share", type=float, default=0.03)
        parser.add_argument("--seed", type=int, default=15)
        parser.add_argument("--quiet", action="store_true", help="no progress lines")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["clinics"] < 1 or options["clients"] < options["clinics"]:
            raise CommandError("--clinics must be at least 1 and --clients at least --clinics")
        if options["visits"] < 0 or options["treatments_per_visit"] < 1:
            raise CommandError("--visits must be >= 0 and --treatments-per-visit >= 1")
        size = PracticeSize(
            clinics=options["clinics"],
            clients=options["clients"],
            visits=options["visits"],
            therapists=options["therapists"],
            treatments_per_visit=options["treatments_per_visit"],
            draft_share=options["draft_share"],
            seed=options["seed"],
        )
        started = time.perf_counter()
        quiet = options["quiet"]
        result = generate_practice(
            size, progress=lambda line: None if quiet else self.stderr.write(line)
        )
        self.stdout.write(
            json.dumps(
                {
                    "generated": result.counts,
                    "clinics": result.clinics,
                    "seconds": round(time.perf_counter() - started, 1),
                }
            )
        )
