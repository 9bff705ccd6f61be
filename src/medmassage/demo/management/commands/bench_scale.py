"""`manage.py bench_scale` (`make bench-scale`): page cost on a small and a large practice.

Builds two databases with `generate_practice` (SQLite files under var/bench by default; with
DATABASE_URL naming PostgreSQL, two databases beside it on the same server), measures every
main page and API endpoint on both in a fresh process, and loads the large one through
gunicorn with locust (headless): the chart against a bare view doing the same reads. Prints
one JSON object per line. Databases are kept and reused while their sizes match (--fresh
rebuilds them).
"""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import tempfile
import time
from argparse import SUPPRESS
from dataclasses import asdict
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

from django.conf import settings
from django.core.management.base import BaseCommand, CommandParser

from medmassage.demo.practice import analyze
from medmassage.demo.scale_bench import measure_pages, session_for_load

BENCH_SETTINGS = "medmassage.config.bench_settings"
# Raised when the generator writes different rows: a kept database of an older one is rebuilt
# (2: course summaries written for every course; every course ends before today; 3: the words
# of every client's names, and chart stamps drawn by the triggers as rows go in).
GENERATOR_VERSION = 3
RAMP_SECONDS = 10


class Command(BaseCommand):
    help = (
        "Generate a small and a large practice, time each page and API endpoint on both "
        "(median, p95, ratio, queries) and load the large one with locust; JSON lines."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--clinics", type=int, default=2)
        parser.add_argument("--small-clients", type=int, default=1_000)
        parser.add_argument("--small-visits", type=int, default=10_000)
        parser.add_argument("--large-clients", type=int, default=10_000)
        parser.add_argument("--large-visits", type=int, default=100_000)
        parser.add_argument("--samples", type=int, default=8, help="clients per page")
        parser.add_argument("--rounds", type=int, default=3, help="passes over the samples")
        parser.add_argument("--users", type=int, default=50, help="concurrent load users")
        parser.add_argument("--think", type=float, default=2.0, help="seconds between pages")
        parser.add_argument("--duration", type=int, default=30, help="seconds of load each")
        parser.add_argument("--workers", type=int, default=2, help="gunicorn workers")
        parser.add_argument("--no-load", action="store_true", help="skip the load test")
        parser.add_argument("--fresh", action="store_true", help="rebuild the databases")
        # Internal: run inside a process pointed at one database.
        parser.add_argument("--measure", action="store_true", help=SUPPRESS)
        parser.add_argument("--load-session", action="store_true", help=SUPPRESS)
        parser.add_argument("--analyze", action="store_true", help=SUPPRESS)

    def handle(self, *args: Any, **options: Any) -> None:
        if options["measure"]:
            for measured in measure_pages(
                rounds=options["rounds"], sample_count=options["samples"]
            ):
                self.stdout.write(json.dumps(asdict(measured)))
            return
        if options["analyze"]:
            analyze()
            return
        if options["load_session"]:
            self.stdout.write(json.dumps(session_for_load()))
            return
        self._run(options)

    def _run(self, options: dict[str, Any]) -> None:
        base = os.environ.get("DATABASE_URL", "")
        vendor = "postgresql" if base.startswith(("postgres://", "postgresql://")) else "sqlite"
        sizes = {
            "small": (options["small_clients"], options["small_visits"]),
            "large": (options["large_clients"], options["large_visits"]),
        }
        results: dict[str, dict[str, dict[str, Any]]] = {}
        urls = {}
        for label, (clients, visits) in sizes.items():
            url = _database_url(vendor, base, label)
            urls[label] = url
            built = _build(url, vendor, label, options["clinics"], clients, visits, options)
            self._line({"bench": "scale", "step": "database", "size": label, **built})
            measured = _manage(
                url,
                [
                    "bench_scale",
                    "--measure",
                    f"--rounds={options['rounds']}",
                    f"--samples={options['samples']}",
                ],
            )
            results[label] = {
                row["page"]: row for row in map(json.loads, measured.splitlines()) if row
            }
        for page, small in results["small"].items():
            large = results["large"][page]
            self._line(
                {
                    "bench": "scale",
                    "database": vendor,
                    "page": page,
                    "small_median_ms": round(small["median_ms"], 2),
                    "small_p95_ms": round(small["p95_ms"], 2),
                    "large_median_ms": round(large["median_ms"], 2),
                    "large_p95_ms": round(large["p95_ms"], 2),
                    "ratio_median": round(large["median_ms"] / small["median_ms"], 2),
                    "ratio_p95": round(large["p95_ms"] / small["p95_ms"], 2),
                    "large_cpu_ms": round(large["cpu_ms"], 2),
                    "queries_small": small["queries"],
                    "queries_large": large["queries"],
                    "target_ratio": 1.2,
                    "target_queries_chart": 12 if page == "chart" else None,
                    "target_cpu_ms_chart": 12 if page == "chart" else None,
                }
            )
        if not options["no_load"]:
            for line in _load(urls["large"], options):
                self._line({"bench": "scale-load", "database": vendor, **line})

    def _line(self, row: dict[str, Any]) -> None:
        self.stdout.write(json.dumps(row))
        self.stdout.flush()


def _database_url(vendor: str, base: str, label: str) -> str:
    if vendor == "sqlite":
        folder = Path(settings.VAR_DIR) / "bench"
        folder.mkdir(parents=True, exist_ok=True)
        return f"sqlite:///{folder / f'scale-{label}.sqlite3'}"
    parts = urlsplit(base)
    name = parts.path.lstrip("/") or "medmassage"
    return urlunsplit(parts._replace(path=f"/{name}_scale_{label}"))


def _build(
    url: str,
    vendor: str,
    label: str,
    clinics: int,
    clients: int,
    visits: int,
    options: dict[str, Any],
) -> dict[str, Any]:
    wanted = {
        "clinics": clinics,
        "clients": clients,
        "visits": visits,
        "url": url,
        "generator": GENERATOR_VERSION,
    }
    marker = Path(settings.VAR_DIR) / "bench" / f"scale-{vendor}-{label}.json"
    marker.parent.mkdir(parents=True, exist_ok=True)
    if not options["fresh"] and marker.exists() and json.loads(marker.read_text()) == wanted:
        # Kept from an earlier run: brought to the current schema (new indexes) and analysed.
        _manage(url, ["migrate", "--no-input", "-v0"])
        _manage(url, ["bench_scale", "--analyze"])
        return {**_public(wanted), "reused": True}
    marker.unlink(missing_ok=True)
    _recreate(url, vendor)
    started = time.perf_counter()
    _manage(url, ["migrate", "--no-input", "-v0"])
    generated = _manage(
        url,
        [
            "generate_practice",
            f"--clinics={clinics}",
            f"--clients={clients}",
            f"--visits={visits}",
            "--quiet",
        ],
    )
    marker.write_text(json.dumps(wanted))
    return {
        **_public(wanted),
        "reused": False,
        "build_seconds": round(time.perf_counter() - started, 1),
        **json.loads(generated.splitlines()[-1]),
    }


def _public(wanted: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in wanted.items() if k not in ("url", "generator")}


def _recreate(url: str, vendor: str) -> None:
    if vendor == "sqlite":
        path = Path(urlsplit(url).path)
        for suffix in ("", "-wal", "-shm"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)
        return
    import psycopg

    parts = urlsplit(url)
    name = parts.path.lstrip("/")
    admin = urlunsplit(parts._replace(path="/postgres"))
    with psycopg.connect(admin, autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}"')
        connection.execute(f'CREATE DATABASE "{name}"')


def _environment(url: str) -> dict[str, str]:
    return {**os.environ, "DATABASE_URL": url, "DJANGO_SETTINGS_MODULE": BENCH_SETTINGS}


def _manage(url: str, argv: list[str]) -> str:
    done = subprocess.run(  # noqa: S603 - our own interpreter and command
        [sys.executable, "-m", "django", *argv],
        env=_environment(url),
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode != 0:
        raise RuntimeError(f"{' '.join(argv)} failed:\n{done.stderr[-4000:]}")
    return done.stdout


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _load(url: str, options: dict[str, Any]) -> list[dict[str, Any]]:
    """The chart, the chart with no kept copies (every opening computed), and the bare view,
    each under `users` users, through gunicorn."""
    session = json.loads(_manage(url, ["bench_scale", "--load-session"]).splitlines()[-1])
    targets: tuple[tuple[str, list[str], dict[str, str]], ...] = (
        ("chart", session["chart"], {}),
        ("chart, computed", session["chart"], {"CHART_COPIES": "0"}),
        ("bare view", session["bare"], {}),
    )
    rows = []
    for name, paths, settings_env in targets:
        port = _free_port()
        server = subprocess.Popen(  # noqa: S603 - our own interpreter and gunicorn
            [
                sys.executable,
                "-m",
                "gunicorn",
                "medmassage.config.wsgi",
                "--bind",
                f"127.0.0.1:{port}",
                "--workers",
                str(options["workers"]),
                "--log-level",
                "warning",
            ],
            env={**_environment(url), **settings_env},
        )
        try:
            _wait_for(port)
            _warm(port, session["cookie"], paths)
            rows.append(_locust(port, name, session["cookie"], paths, options))
        finally:
            server.terminate()
            server.wait(timeout=30)
    return rows


def _wait_for(port: int) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError("gunicorn did not start")


def _warm(port: int, cookie: str, paths: list[str]) -> None:
    """One request per path first: both workers import and compile before the clock starts."""
    from urllib.request import Request, urlopen

    for _ in range(2):
        for path in paths:
            request = Request(
                f"http://127.0.0.1:{port}{path}", headers={"Cookie": f"sessionid={cookie}"}
            )
            with urlopen(request, timeout=60) as response:  # noqa: S310 - our loopback server
                response.read()


def _locust(
    port: int, name: str, cookie: str, paths: list[str], options: dict[str, Any]
) -> dict[str, Any]:
    with tempfile.TemporaryDirectory() as folder:
        load = Path(folder) / "load.json"
        load.write_text(json.dumps({"cookie": cookie, "paths": paths, "name": name}))
        locustfile = Path(__file__).resolve().parents[2] / "locustfile.py"
        env = {
            **os.environ,
            "MEDMASSAGE_LOAD": str(load),
            "MEDMASSAGE_THINK_SECONDS": str(options["think"]),
        }
        done = subprocess.run(  # noqa: S603 - locust from our own environment
            [
                sys.executable,
                "-m",
                "locust",
                "-f",
                str(locustfile),
                "--headless",
                "--users",
                str(options["users"]),
                # Users arrive over RAMP_SECONDS (not all in the same millisecond) and the
                # figures count from when all are in: the steady state of `users` users.
                "--spawn-rate",
                str(options["users"] / RAMP_SECONDS),
                "--reset-stats",
                "--run-time",
                f"{options['duration'] + RAMP_SECONDS}s",
                "--host",
                f"http://127.0.0.1:{port}",
                "--csv",
                str(Path(folder) / "stats"),
                "--only-summary",
                "--loglevel",
                "ERROR",
            ],
            env=env,
            capture_output=True,
            text=True,
            check=False,
        )
        stats = Path(folder) / "stats_stats.csv"
        if not stats.exists():
            raise RuntimeError(f"locust failed:\n{done.stderr[-4000:]}")
        import csv

        with stats.open() as handle:
            row = next(r for r in csv.DictReader(handle) if r["Name"] == name)
    return {
        "target": name,
        "users": options["users"],
        "think_seconds": options["think"],
        "seconds": options["duration"],
        "ramp_seconds": RAMP_SECONDS,
        "gunicorn_workers": options["workers"],
        "requests": int(row["Request Count"]),
        "failures": int(row["Failure Count"]),
        "median_ms": float(row["50%"]),
        "p95_ms": float(row["95%"]),
        "requests_per_s": round(float(row["Requests/s"]), 1),
        "target_p95_ms": 100,
    }
