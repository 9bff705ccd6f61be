"""How fast the outcomes report answers on a large practice: the report against a plain count.

Seeds a throwaway clinic of `visits` signed visits (about 8 per course, a course per client,
spread over five years, 20 therapists) with its clients, intakes and plans, and one summary row
per course with its facets, by bulk inserts (COPY on PostgreSQL). The summaries are written
in bulk with the generated figures rather than one refresh per client (which is what signing a
visit runs); the refresh's own cost is timed on a sample of clients. Everything is rolled back.
"""

from __future__ import annotations

import json
import random
import statistics
import time
import uuid
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Any

from django.db import connection, models, transaction
from django.utils import timezone
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

from medmassage.accounts.models import Clinic, Membership, Practitioner, Role, User
from medmassage.clients.models import Client
from medmassage.clinical.intake import parse_intake
from medmassage.clinical.planning import plan as draft_plan
from medmassage.intake.models import Intake
from medmassage.plans.models import TreatmentPlan
from medmassage.reports.models import CourseFacet, CourseSummary
from medmassage.reports.queries import Period, Scope, get_outcomes_report
from medmassage.reports.summaries import refresh_client_courses
from medmassage.visits.models import Visit

BATCH = 20_000
THERAPISTS = 20
YEARS = 5
CONDITIONS = (
    "neck_pain",
    "low_back_pain",
    "shoulder_pain",
    "sciatica",
    "fibromyalgia",
    "tension_type_headache",
    "tmj_disorder",
    "icd:M62",
    "icd:M79",
    "uncoded",
)
TECHNIQUES = (
    "swedish",
    "deep_tissue",
    "trigger_point",
    "myofascial_release",
    "neuromuscular",
    "stretching",
    "joint_mobilization",
    "sports",
)


@dataclass(frozen=True)
class Timing:
    what: str
    median_ms: float
    rows: int


def run_benchmark(*, visits: int, runs: int, console: Console, seed: int = 14) -> list[Timing]:
    """Seed, time the report and the plain counts, roll everything back."""
    rng = random.Random(seed)  # noqa: S311 - synthetic data, not security
    with transaction.atomic():
        clinic = Clinic.objects.create(name="Outcomes benchmark", slug=f"bench-{uuid.uuid4().hex}")
        seeded = _seed(clinic, visits, rng=rng, console=console)
        _analyze()
        timings = _measure(clinic, seeded, runs=runs)
        transaction.set_rollback(True)
    return timings


@dataclass(frozen=True)
class _Seeded:
    visits: int
    courses: int
    facets: int
    clients: list[int]


def _plan_content(today: date) -> dict[str, Any]:
    """A real plan of the core (neck pain) for every generated course."""
    intake = {
        "format": "medmassage.intake",
        "version": 1,
        "visit_date": today.isoformat(),
        "age": 50,
        "complaints": [{"region": "neck", "icd10": "M54.2"}],
        "consents": {"informed": True},
    }
    return draft_plan(parse_intake(intake)).to_json()


def _seed(clinic: Clinic, target: int, *, rng: random.Random, console: Console) -> _Seeded:
    members = _therapists(clinic)
    content = _plan_content(timezone.localdate())
    today = timezone.localdate()
    ids = _Ids()
    counts = {"visits": 0, "courses": 0, "facets": 0}
    columns = (
        TextColumn("Seeding visits"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeRemainingColumn(),
    )
    clients: list[int] = []
    with Progress(*columns, console=console) as progress:
        task = progress.add_task("seed", total=target)
        while counts["visits"] < target:
            batch = _Batch()
            while counts["visits"] < target and batch.visits_count < BATCH:
                n = min(rng.randint(1, 15), target - counts["visits"])
                clients.append(_course(batch, clinic, members, ids, rng, today, n, content))
                counts["visits"] += n
                counts["courses"] += 1
            counts["facets"] += len(batch.rows[CourseFacet])
            batch.write()
            progress.update(task, completed=counts["visits"])
    return _Seeded(counts["visits"], counts["courses"], counts["facets"], clients)


def _therapists(clinic: Clinic) -> list[tuple[Membership, Practitioner]]:
    found = []
    for n in range(THERAPISTS):
        user = User.objects.create_user(
            f"bench{n}-{clinic.slug}@example.org", None, full_name=f"Therapist {n}"
        )
        member = Membership.objects.create(user=user, clinic=clinic, role=Role.THERAPIST)
        found.append(
            (member, Practitioner.unscoped_objects.create(clinic=clinic, membership=member))
        )
    return found


class _Ids:
    """Explicit ids for the bulk rows, above any the database holds."""

    def __init__(self) -> None:
        self._next = {
            model: (model.unscoped_objects.aggregate(m=models.Max("id"))["m"] or 0) + 1
            for model in (Client, Intake, TreatmentPlan, Visit, CourseSummary)
        }

    def take(self, model: Any) -> int:
        value = self._next[model]
        self._next[model] += 1
        return value


class _Batch:
    def __init__(self) -> None:
        self.rows: dict[Any, list[dict[str, Any]]] = {
            m: [] for m in (Client, Intake, TreatmentPlan, Visit, CourseSummary, CourseFacet)
        }

    @property
    def visits_count(self) -> int:
        return len(self.rows[Visit])

    def write(self) -> None:
        for model, rows in self.rows.items():
            insert(model, rows)


def _course(
    batch: _Batch,
    clinic: Clinic,
    members: Sequence[tuple[Membership, Practitioner]],
    ids: _Ids,
    rng: random.Random,
    today: date,
    visits: int,
    content: dict[str, Any],
) -> int:
    member, practitioner = rng.choice(members)
    start = today - timedelta(days=rng.randrange(YEARS * 365))
    started_at = timezone.make_aware(
        datetime.combine(start, datetime.min.time()) + timedelta(hours=10)
    )
    client, intake, plan = ids.take(Client), ids.take(Intake), ids.take(TreatmentPlan)
    common = {"clinic_id": clinic.pk}
    batch.rows[Client].append(
        {
            **common,
            "id": client,
            "given_name": "Bench",
            "family_name": f"Client {client}",
            "date_of_birth": date(1940, 1, 1) + timedelta(days=rng.randrange(25_000)),
        }
    )
    batch.rows[Intake].append(
        {
            **common,
            "id": intake,
            "client_id": client,
            "version": 1,
            "document": {"complaints": []},
            "screening": {},
            "decision": "proceed",
            "recorded_by_id": member.pk,
            "visit_date": start,
        }
    )
    closed = rng.random() < 0.6
    batch.rows[TreatmentPlan].append(
        {
            **common,
            "id": plan,
            "client_id": client,
            "version": 1,
            "status": "closed" if closed else "approved",
            "intake_id": intake,
            "practitioner_id": practitioner.pk,
            "practitioner_document": {},
            "draft": content,
            "content": content,
            "decision": "proceed",
            "created_by_id": member.pk,
            "approved_by_id": member.pk,
            "approved_at": started_at,
        }
    )
    last = started_at
    for k in range(visits):
        last = started_at + timedelta(days=7 * k + 1)
        batch.rows[Visit].append(
            {
                **common,
                "id": ids.take(Visit),
                "client_id": client,
                "plan_id": plan,
                "therapist_id": member.pk,
                "status": "signed",
                "started_at": last,
                "signed_at": last,
                "signed_by_id": member.pk,
                "decision": "proceed",
                "pressure_cap": "firm",
            }
        )
    _summary(
        batch,
        common,
        rng,
        ids,
        client=client,
        plan=plan,
        member=member,
        start=start,
        last=last,
        visits=visits,
        closed=closed,
    )
    return client


def _summary(
    batch: _Batch, common: dict[str, Any], rng: random.Random, ids: _Ids, **c: Any
) -> None:
    judged = c["visits"] > 1 and rng.random() < 0.8
    reached = judged and rng.random() < 0.6
    figures = {
        **common,
        "client_id": c["client"],
        "therapist_id": c["member"].pk,
        "started_on": c["start"],
        "last_activity_on": timezone.localdate(c["last"]),
        "completed": c["closed"],
        "visits": c["visits"],
        "adverse_events": int(rng.random() < 0.1),
        "judged": judged,
        "reached": reached,
        "change_pct": Decimal(rng.randint(-200, 600)) / 10 if judged else None,
        "sessions_to_reach": rng.randint(1, c["visits"]) if reached else None,
        "adherence_asked": c["visits"],
        "adherence_most": rng.randint(0, c["visits"]),
        "home_logged": rng.randint(0, 20),
        "home_done": 0,
        "home_partly": 0,
    }
    summary = ids.take(CourseSummary)
    conditions = rng.sample(CONDITIONS, rng.choice((1, 1, 1, 2)))
    techniques = rng.sample(TECHNIQUES, rng.randint(1, 4))
    batch.rows[CourseSummary].append(
        {
            **figures,
            "id": summary,
            "root_plan_id": c["plan"],
            "current_plan_id": c["plan"],
            "primary_instrument": "ndi",
            "conditions": conditions,
            "codes": [],
            "techniques": techniques,
            "closed_on": timezone.localdate(c["last"]) if c["closed"] else None,
        }
    )
    groups = [("condition", v) for v in conditions] + [("technique", v) for v in techniques]
    groups.append(("therapist", str(c["member"].pk)))
    for dimension, value in groups:
        batch.rows[CourseFacet].append(
            {**figures, "course_id": summary, "dimension": dimension, "value": value}
        )


def insert(model: Any, rows: list[dict[str, Any]]) -> None:
    """Insert rows (field attnames to values; the rest take their defaults): COPY on
    PostgreSQL, one multi-row executemany elsewhere."""
    if not rows:
        return
    fields = [f for f in model._meta.concrete_fields if not (f.primary_key and "id" not in rows[0])]
    table, names = model._meta.db_table, [f.column for f in fields]
    values = (tuple(_db_value(f, row) for f in fields) for row in rows)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            with cursor.cursor.copy(f"COPY {table} ({', '.join(names)}) FROM STDIN") as copy:
                for value in values:
                    copy.write_row(value)
            return
        placeholders = ", ".join(["%s"] * len(names))
        # Table and column names come from the models' metadata, never from input.
        sql = f"INSERT INTO {table} ({', '.join(names)}) VALUES ({placeholders})"  # noqa: S608
        cursor.executemany(sql, list(values))


def _db_value(field: Any, row: dict[str, Any]) -> Any:
    value = row[field.attname] if field.attname in row else field.get_default()
    if isinstance(field, models.JSONField):
        return None if value is None else json.dumps(value)
    return field.get_db_prep_save(value, connection)


def _analyze() -> None:
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")


def _measure(clinic: Clinic, seeded: _Seeded, *, runs: int) -> list[Timing]:
    today = timezone.localdate()
    scope = Scope(clinic)
    year = Period(today - timedelta(days=364), today)
    everything = Period(today - timedelta(days=YEARS * 365 + 1), today)
    facets = CourseFacet.objects.for_clinic(clinic)
    timings = [
        _time(
            "report, last 12 months",
            runs,
            lambda: _report_rows(get_outcomes_report(scope, year, as_of=today)),
        ),
        _time(
            "report, all 5 years",
            runs,
            lambda: _report_rows(get_outcomes_report(scope, everything, as_of=today)),
        ),
        _time(
            "baseline: count(*) of the facets, all 5 years",
            runs,
            lambda: facets.filter(started_on__gte=everything.start).count(),
        ),
        _time(
            "baseline: count(*) of the summaries, all 5 years",
            runs,
            lambda: CourseSummary.objects.for_clinic(clinic).count(),
        ),
        _time(
            "baseline: count(*) of the visits",
            runs,
            lambda: Visit.objects.for_clinic(clinic).count(),
        ),
    ]
    sample = seeded.clients[:: max(1, len(seeded.clients) // 50)][:50]
    timings.append(
        _time(
            "refresh of one client's courses (per signing)",
            1,
            _refreshes(clinic, sample),
            per=len(sample),
        )
    )
    return timings


def _report_rows(report: Any) -> int:
    return sum(len(groups) for groups in report.sections.values())


def _refreshes(clinic: Clinic, clients: Iterable[int]) -> Callable[[], int]:
    def run() -> int:
        for client in clients:
            refresh_client_courses(clinic.pk, client)
        return 1

    return run


def _time(what: str, runs: int, work: Callable[[], int], *, per: int = 1) -> Timing:
    durations, rows = [], 0
    if per == 1:
        work()  # warm: the knowledge base and the database pages, as a running server has them
    for _ in range(runs):
        started = time.perf_counter()
        rows = work()
        durations.append((time.perf_counter() - started) / per)
    return Timing(what, statistics.median(durations) * 1000, rows)


def report(timings: list[Timing], seeded_visits: int, console: Console) -> Iterator[str]:
    """One JSON object per line: each figure with its baseline (the plain count over all visits)."""
    baseline = next(t for t in timings if "count(*) of the visits" in t.what)
    for timing in timings:
        yield json.dumps(
            {
                "benchmark": "outcomes_report",
                "database": connection.vendor,
                "visits": seeded_visits,
                "what": timing.what,
                "median_ms": round(timing.median_ms, 2),
                "baseline": baseline.what,
                "baseline_ms": round(baseline.median_ms, 2),
            }
        )
