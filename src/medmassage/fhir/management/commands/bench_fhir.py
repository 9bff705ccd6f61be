"""`manage.py bench_fhir`: bulk export speed against plain json.dumps of the same rows."""

from __future__ import annotations

import json
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from medmassage.fhir.bench import run_benchmark


class Command(BaseCommand):
    help = (
        "Seed synthetic clients and questionnaire results into a throwaway clinic (rolled back "
        "afterwards) and print export speed per resource type beside plain json.dumps."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--clients", type=int, default=2_000, help="clients to seed")
        parser.add_argument("--per-client", type=int, default=10, help="results per client")
        parser.add_argument("--seed", type=int, default=13, help="random seed")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["clients"] < 1 or options["per_client"] < 1:
            self.stderr.write("--clients and --per-client must be at least 1")
            raise SystemExit(2)
        figures = run_benchmark(
            clients=options["clients"], per_client=options["per_client"], seed=options["seed"]
        )
        for figure in figures:
            self.stdout.write(json.dumps(figure))
