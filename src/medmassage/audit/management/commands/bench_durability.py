"""`medmassage manage bench_durability`: what synchronous=FULL costs a commit, against NORMAL.

Each commit has the shape of an audited write (a record, its audit event, the chain head), on
SQLite in WAL mode as MedMassage runs it, in a file beside the real database (same disk).
Prints one JSON object per line with the figure and its baseline; no threshold is asserted.
"""

from __future__ import annotations

import json
import sqlite3
import statistics
import tempfile
import time
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand

SCHEMA = """
CREATE TABLE record (id INTEGER PRIMARY KEY, body TEXT NOT NULL);
CREATE TABLE event (id INTEGER PRIMARY KEY, record INTEGER, hash TEXT NOT NULL);
CREATE TABLE head (chain INTEGER PRIMARY KEY, sequence INTEGER, hash TEXT);
INSERT INTO head VALUES (1, 0, '');
"""


def commits_per_second(folder: Path, synchronous: str, count: int) -> dict[str, float]:
    path = folder / f"bench-{synchronous.lower()}.sqlite3"
    connection = sqlite3.connect(path, isolation_level=None)
    connection.executescript(f"PRAGMA journal_mode=WAL; PRAGMA synchronous={synchronous};")
    connection.executescript(SCHEMA)
    timings = []
    for number in range(count):
        started = time.perf_counter()
        connection.execute("BEGIN IMMEDIATE")
        cursor = connection.execute("INSERT INTO record (body) VALUES (?)", ("x" * 600,))
        connection.execute(
            "INSERT INTO event (record, hash) VALUES (?, ?)", (cursor.lastrowid, f"{number:064d}")
        )
        connection.execute(
            "UPDATE head SET sequence = sequence + 1, hash = ? WHERE chain = 1", (f"{number:064d}",)
        )
        connection.execute("COMMIT")
        timings.append(time.perf_counter() - started)
    connection.close()
    total = sum(timings)
    return {
        "commits_per_second": round(count / total, 1),
        "median_ms": round(statistics.median(timings) * 1000, 3),
        "p95_ms": round(sorted(timings)[int(count * 0.95) - 1] * 1000, 3),
    }


class Command(BaseCommand):
    help = "Print the cost of SQLite synchronous=FULL (what MedMassage runs) against NORMAL."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--commits", type=int, default=2000)

    def handle(self, *args: Any, **options: Any) -> None:
        count = options["commits"]
        Path(settings.VAR_DIR).mkdir(parents=True, exist_ok=True)
        with tempfile.TemporaryDirectory(dir=settings.VAR_DIR) as folder:
            normal = commits_per_second(Path(folder), "NORMAL", count)
            full = commits_per_second(Path(folder), "FULL", count)
        for name in ("commits_per_second", "median_ms", "p95_ms"):
            line = {
                "benchmark": f"sqlite_audited_commit_{name}",
                "synchronous": "FULL",
                "figure": full[name],
                "baseline": normal[name],
                "baseline_is": "synchronous=NORMAL",
                "commits": count,
            }
            self.stdout.write(json.dumps(line))
        slower = normal["commits_per_second"] / max(full["commits_per_second"], 0.001)
        self.stdout.write(
            json.dumps(
                {
                    "benchmark": "full_vs_normal_slowdown",
                    "figure": round(slower, 2),
                    "baseline": 1.0,
                }
            )
        )
