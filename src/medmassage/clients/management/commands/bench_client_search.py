"""`manage.py bench_client_search`: time client search on a clinic of 100,000 clients."""

from __future__ import annotations

from typing import Any, TextIO, cast

from django.core.management.base import BaseCommand, CommandParser
from rich.console import Console

from medmassage.clients.bench import report, run_benchmark


class Command(BaseCommand):
    help = (
        "Seed synthetic clients into a throwaway clinic (rolled back afterwards) and time search "
        "by name prefix, date of birth and phone, each against an unindexed scan."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--clients", type=int, default=100_000, help="clients to seed")
        parser.add_argument("--samples", type=int, default=40, help="searches of each kind")
        parser.add_argument("--seed", type=int, default=4, help="random seed")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["clients"] < 1 or options["samples"] < 1:
            self.stderr.write("--clients and --samples must be at least 1")
            raise SystemExit(2)
        console = Console(file=cast(TextIO, self.stdout), width=110)
        timings = run_benchmark(
            clients=options["clients"],
            samples=options["samples"],
            seed=options["seed"],
            console=console,
        )
        report(timings, clients=options["clients"], console=console)
