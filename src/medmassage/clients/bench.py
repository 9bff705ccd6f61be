"""How fast client search is on a large clinic: index lookups against a scan, in one run.

Seeds synthetic clients into a throwaway clinic inside a transaction that is rolled back, so
nothing is kept; run it on a development database (the seeding holds write locks until done).
"""

from __future__ import annotations

import random
import statistics
import time
import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from django.db import connection, transaction
from django.db.models import CharField, Q, QuerySet
from django.db.models.functions import Cast
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn
from rich.table import Table

from medmassage.accounts.models import Clinic
from medmassage.clients import queries
from medmassage.clients.models import Client, index_names
from medmassage.clients.search import build_terms, phone_digits

BATCH = 5000


def _words(text: str) -> tuple[str, ...]:
    return tuple(text.split())


_GIVEN = _words(
    "Ada Amira Ángel Ben Chloé Daniel Elif Émile Fatima Grace Hana Helen Ingrid Jonas "
    "Kwame Lea Liam Maja Margaret Mateo Noah Nora Olivia Oscar Priya Ravi Renée Sam "
    "Siobhán Sofia Tomás Una Victor Wei Yara Zoë"
)
_FAMILY = _words(
    "Brooks Chen Dubois Eriksen Fernández García Haddad Ivanova Jensen Kapoor Kowalski "
    "Lovelace Mensah Müller Nakamura Novak O'Neill Okafor Petrov Quinn Rivera Rossi "
    "Schmidt Solberg Tanaka Umarov Varga Wójcik Xu Yilmaz Zhang"
)
_SUFFIXES = ("", "", "", "son", "sen", "ez", "ova", "ski", "berg", "ford", "ley", "man", "ini")


@dataclass(frozen=True)
class Sample:
    prefix: str
    born: date
    phone_end: str


@dataclass(frozen=True)
class Timing:
    search: str
    method: str
    median_ms: float
    per_second: float
    matches: float


def run_benchmark(*, clients: int, samples: int, console: Console, seed: int = 4) -> list[Timing]:
    """Seed, time each search indexed and scanned, roll everything back; return the timings."""
    rng = random.Random(seed)  # noqa: S311 - synthetic data, not security
    with transaction.atomic():
        clinic = Clinic.objects.create(name="Search benchmark", slug=f"bench-{uuid.uuid4().hex}")
        picked = _seed(clinic, clients, samples=samples, rng=rng, console=console)
        _analyze()
        timings = _measure(clinic, picked)
        transaction.set_rollback(True)
    return timings


def _seed(
    clinic: Clinic, count: int, *, samples: int, rng: random.Random, console: Console
) -> list[Sample]:
    picked: list[Sample] = []
    columns = (
        TextColumn("Seeding clients"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeRemainingColumn(),
    )
    with Progress(*columns, console=console, transient=False) as progress:
        task = progress.add_task("seed", total=count)
        for start in range(0, count, BATCH):
            batch = [synthetic_client(clinic, rng) for _ in range(min(BATCH, count - start))]
            for client in batch:
                client.fill_search_keys()
            Client.objects.for_clinic(clinic).bulk_create(batch)
            index_names(batch)
            picked += [_sample_of(c) for c in rng.sample(batch, min(len(batch), samples))]
            progress.advance(task, len(batch))
    return rng.sample(picked, min(samples, len(picked)))


def synthetic_client(clinic: Clinic, rng: random.Random) -> Client:
    """A made-up client (unsaved, search keys not filled)."""
    born = date(1930, 1, 1) + timedelta(days=rng.randrange(90 * 365))
    return Client(
        clinic=clinic,
        given_name=rng.choice(_GIVEN),
        family_name=rng.choice(_FAMILY) + rng.choice(_SUFFIXES),
        date_of_birth=born,
        phone=f"+1 {rng.randrange(200, 999)} {rng.randrange(200, 999)}-{rng.randrange(10_000):04d}",
    )


def _sample_of(client: Client) -> Sample:
    return Sample(
        prefix=client.family_key[:3],
        born=client.date_of_birth,
        phone_end=phone_digits(client.phone)[-7:],
    )


def _analyze() -> None:
    # PostgreSQL's autovacuum analyses a table that grew this much; SQLite never analyses by
    # itself, so it keeps the planner figures its migration wrote, as a deployment would.
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(f"ANALYZE {Client._meta.db_table}")


# A search of one sample, made ready to run (and time) later.
_Search = Callable[[Sample], Callable[[], QuerySet[Client]]]


def _measure(clinic: Clinic, picked: Sequence[Sample]) -> list[Timing]:
    everyone = Client.objects.for_clinic(clinic)

    def indexed(**terms: Any) -> Callable[[], QuerySet[Client]]:
        return lambda: queries.search_clients(clinic, build_terms(**terms))

    searches: dict[str, tuple[_Search, _Search]] = {
        "name prefix": (
            lambda s: indexed(q=s.prefix),
            lambda s: (
                lambda: everyone.filter(
                    Q(family_name__icontains=s.prefix)
                    | Q(given_name__icontains=s.prefix)
                    | Q(preferred_name__icontains=s.prefix)
                )
            ),
        ),
        "date of birth": (
            lambda s: indexed(dob=s.born),
            lambda s: (
                lambda: everyone.annotate(born=Cast("date_of_birth", CharField())).filter(
                    born=s.born.isoformat()
                )
            ),
        ),
        "phone (last 7 digits)": (
            lambda s: indexed(phone=s.phone_end),
            lambda s: lambda: everyone.filter(phone_key__contains=s.phone_end[::-1]),
        ),
    }
    timings = []
    for name, (fast, slow) in searches.items():
        timings.append(_time(name, "index", [fast(s) for s in picked]))
        timings.append(_time(name, "scan (baseline)", [slow(s) for s in picked]))
    return timings


def _time(search: str, method: str, runs: list[Callable[[], QuerySet[Client]]]) -> Timing:
    durations, matches = [], []
    for make in runs:
        started = time.perf_counter()
        page = queries.get_client_page(
            make().order_by("family_name", "given_name", "id"), 1, size=25
        )
        list(page.object_list)
        durations.append(time.perf_counter() - started)
        matches.append(page.paginator.count)
    return Timing(
        search=search,
        method=method,
        median_ms=statistics.median(durations) * 1000,
        per_second=len(durations) / sum(durations),
        matches=statistics.mean(matches),
    )


def report(timings: list[Timing], *, clients: int, console: Console) -> None:
    """Print the timings, each search's index lookup beside its scan."""
    table = Table(title=f"Client search, {clients:,} clients, {connection.vendor}")
    for column in ("search", "method", "median ms", "queries/s", "matches (mean)", "speed-up"):
        table.add_column(column, justify="left" if column in {"search", "method"} else "right")
    by_search: dict[str, float] = {}
    for timing in timings:
        if timing.method == "index":
            by_search[timing.search] = timing.median_ms
    for timing in timings:
        speed_up = (
            f"{timing.median_ms / by_search[timing.search]:.0f}x"
            if timing.method != "index" and by_search[timing.search] > 0
            else ""
        )
        table.add_row(
            timing.search,
            timing.method,
            f"{timing.median_ms:.2f}",
            f"{timing.per_second:,.0f}",
            f"{timing.matches:,.1f}",
            speed_up,
        )
    console.print(table)
    console.print(
        "Each search counts its matches and reads the first page of 25, as the page does."
    )
