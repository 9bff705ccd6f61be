"""`manage.py bench_outcomes`: the outcomes report on a practice of 1,000,000 visits."""

from __future__ import annotations

from typing import Any, TextIO, cast

from django.core.management.base import BaseCommand, CommandParser
from rich.console import Console
from rich.table import Table

from medmassage.reports.bench import report, run_benchmark


class Command(BaseCommand):
    help = (
        "Seed a throwaway clinic with a million signed visits and their course summaries "
        "(rolled back afterwards), then time the outcomes report against plain counts."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--visits", type=int, default=1_000_000, help="visits to seed")
        parser.add_argument("--runs", type=int, default=5, help="timed runs of each query")
        parser.add_argument("--seed", type=int, default=14, help="random seed")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["visits"] < 1 or options["runs"] < 1:
            self.stderr.write("--visits and --runs must be at least 1")
            raise SystemExit(2)
        console = Console(file=cast(TextIO, self.stderr), width=110)
        timings = run_benchmark(
            visits=options["visits"], runs=options["runs"], seed=options["seed"], console=console
        )
        table = Table(title=f"Outcomes report, {options['visits']:,} visits")
        for column in ("what", "median ms"):
            table.add_column(column, justify="left" if column == "what" else "right")
        for timing in timings:
            table.add_row(timing.what, f"{timing.median_ms:,.2f}")
        console.print(table)
        for line in report(timings, options["visits"], console):
            self.stdout.write(line)
