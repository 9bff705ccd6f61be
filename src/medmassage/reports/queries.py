"""The outcomes report: the course summaries of a period added up per condition, technique and
therapist, with one GROUP BY per dimension (never a pass over visits or measurements).

Drop-out (project policy): a course not closed with a discharge summary and with no signed visit
(nor a start) in the last DROPOUT_WEEKS weeks before the report's day.

The share that reached the clinically important change counts *clients*, as the issue asks and
as the Wilson interval needs (its trials must be independent: two courses of one client are
not): a client is judged in a group when one of their courses in it was judged, and counts as
reached when one of those courses reached it (project policy). Courses are still counted
beside it, and the drill-down lists the courses.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from django.db.models import Count, Q, QuerySet, Sum

from medmassage.accounts.models import Clinic, Membership
from medmassage.clinical.knowledge import knowledge
from medmassage.reports.conditions import condition_codes, condition_label
from medmassage.reports.figures import (
    MIN_CLIENTS,
    Interval,
    median_of_counts,
    per_hundred,
    percent,
    wilson_interval,
)
from medmassage.reports.models import CourseFacet, CourseSummary, Dimension
from medmassage.words.vocabulary import label

DROPOUT_WEEKS = 6
DROPOUT_POLICY = (
    f"A course counts as dropped out when it was not closed with a discharge summary and has "
    f"had no signed visit for {DROPOUT_WEEKS} weeks (project policy)."
)
TOTAL = "all"


@dataclass(frozen=True)
class Period:
    start: date
    end: date


@dataclass(frozen=True)
class Scope:
    """Whose courses: the whole clinic's, or one therapist's own."""

    clinic: Clinic
    therapist: Membership | None = None

    def summaries(self) -> QuerySet[CourseSummary]:
        found = CourseSummary.objects.for_clinic(self.clinic)
        return found if self.therapist is None else found.filter(therapist=self.therapist)

    def facets(self, dimension: str) -> QuerySet[CourseFacet]:
        found = CourseFacet.objects.for_clinic(self.clinic).filter(dimension=dimension)
        return found if self.therapist is None else found.filter(therapist=self.therapist)


@dataclass(frozen=True)
class Evidence:
    technique: str
    finding: str
    certainty: str
    citations: tuple[str, ...]


@dataclass(frozen=True)
class Figures:
    """A group's numbers (only ever made for a group of MIN_CLIENTS clients or more)."""

    clients: int
    started: int
    completed: int
    dropped_out: int
    judged: int  # courses
    reached: int  # courses
    judged_clients: int
    reached_clients: int
    reached_interval: Interval | None  # of reached_clients in judged_clients
    median_change: Decimal | None
    changes: int
    median_sessions: Decimal | None
    visits: int
    adverse_events: int
    adherence_asked: int
    adherence_most: int
    home_logged: int
    home_done: int
    home_partly: int

    @property
    def reached_share(self) -> Decimal | None:
        """% of the judged clients who reached the clinically important change."""
        return percent(self.reached_clients, self.judged_clients)

    @property
    def reached_low(self) -> Decimal | None:
        """The 95 % Wilson interval's lower end, in %."""
        interval = self.reached_interval
        return None if interval is None else Decimal(str(interval.low)) * 100

    @property
    def reached_high(self) -> Decimal | None:
        interval = self.reached_interval
        return None if interval is None else Decimal(str(interval.high)) * 100

    @property
    def adverse_per_100(self) -> Decimal | None:
        return per_hundred(self.adverse_events, self.visits)

    @property
    def adherence_visits(self) -> Decimal | None:
        """% of visits that asked where the client did most or all of the home program."""
        return percent(self.adherence_most, self.adherence_asked)

    @property
    def adherence_portal(self) -> Decimal | None:
        """Portal home sessions: done counts whole, partly half (homecare.adherence's policy)."""
        return percent(self.home_done + self.home_partly / 2, self.home_logged)


@dataclass(frozen=True)
class Group:
    dimension: str
    key: str
    label: str
    figures: Figures | None  # None: suppressed
    codes: tuple[str, ...] = ()
    evidence: tuple[Evidence, ...] = ()
    complement: bool = False  # suppressed though large enough: it would reveal a small group

    @property
    def suppressed(self) -> bool:
        return self.figures is None


@dataclass(frozen=True)
class OutcomesReport:
    period: Period
    as_of: date
    scope: Scope
    total: Group
    sections: dict[str, list[Group]] = field(default_factory=dict)


def get_outcomes_report(scope: Scope, period: Period, *, as_of: date) -> OutcomesReport:
    """The report of the courses started in the period, as things stand on `as_of`."""
    totals = get_group_figures(scope, period, TOTAL, as_of=as_of)
    total = _group(TOTAL, TOTAL, "All courses", totals.get(TOTAL))
    sections = {}
    for dimension in Dimension.values:
        found = get_group_figures(scope, period, dimension, as_of=as_of)
        labels = _labels(dimension, list(found))
        hidden = suppressed_keys(
            {key: f.clients for key, f in found.items()}, labels, total_shown=not total.suppressed
        )
        groups = [
            _group(dimension, key, labels[key], f, hidden=key in hidden) for key, f in found.items()
        ]
        groups.sort(key=lambda g: (g.suppressed, -(g.figures.started if g.figures else 0), g.label))
        sections[dimension] = groups
    return OutcomesReport(period, as_of, scope, total, sections)


def get_group_figures(
    scope: Scope, period: Period, dimension: str, *, as_of: date
) -> dict[str, Figures]:
    """Each group's figures of one dimension (TOTAL: the one group of every course) *before*
    suppression: what the report is made of, never shown as it is."""
    cutoff = as_of - timedelta(weeks=DROPOUT_WEEKS)
    in_period = {"started_on__gte": period.start, "started_on__lte": period.end}
    if dimension == TOTAL:
        found = _figures(scope.summaries().filter(**in_period), "clinic_id", cutoff)
        every = found.get(scope.clinic.pk)
        return {} if every is None else {TOTAL: every}
    return _figures(scope.facets(dimension).filter(**in_period), "value", cutoff)


def suppressed_keys(
    clients: dict[str, int], labels: dict[str, str], *, total_shown: bool
) -> set[str]:
    """The groups a dimension hides: each of fewer than MIN_CLIENTS clients, and, while the
    total is shown, the smallest shown groups with them until the hidden ones hold MIN_CLIENTS
    clients between them. Otherwise the hidden figures could be worked out as the total minus
    the shown groups (exactly so when each course falls in one group, as with one therapist or
    one condition per course): complementary suppression (project policy)."""
    hidden = {key for key, n in clients.items() if n < MIN_CLIENTS}
    if not hidden or not total_shown:
        return hidden
    shown = sorted(set(clients) - hidden, key=lambda key: (clients[key], labels[key], key))
    while shown and sum(clients[key] for key in hidden) < MIN_CLIENTS:
        hidden.add(shown.pop(0))
    return hidden


def _group(
    dimension: str, key: str, text: str, figures: Figures | None, *, hidden: bool = False
) -> Group:
    complement = hidden and figures is not None and figures.clients >= MIN_CLIENTS
    if hidden or (figures is not None and figures.clients < MIN_CLIENTS):
        figures = None
    if dimension != Dimension.CONDITION:
        return Group(dimension, key, text, figures, complement=complement)
    codes, evidence = condition_codes(key), evidence_for(key)
    return Group(dimension, key, text, figures, codes, evidence, complement=complement)


def evidence_for(condition: str) -> tuple[Evidence, ...]:
    """What the reviews in the knowledge base found for the condition, with their sources."""
    kb = knowledge()
    return tuple(
        Evidence(
            technique=row.technique,
            finding=row.finding,
            certainty=row.certainty,
            citations=kb.citations(row.sources),
        )
        for row in kb.evidence
        if row.condition == condition
    )


def _labels(dimension: str, keys: list[str]) -> dict[str, str]:
    if dimension == Dimension.CONDITION:
        return {key: condition_label(key) for key in keys}
    if dimension == Dimension.TECHNIQUE:
        return {key: label("technique", key) for key in keys}
    names = dict(
        Membership.objects.filter(pk__in=[int(key) for key in keys]).values_list(
            "pk", "user__full_name"
        )
    )
    return {key: names.get(int(key), "Former member") for key in keys}


def _figures(rows: QuerySet[Any], key: str, cutoff: date) -> dict[Any, Figures]:
    sums = {
        name: Sum(name)
        for name in (
            "visits",
            "adverse_events",
            "adherence_asked",
            "adherence_most",
            "home_logged",
            "home_done",
            "home_partly",
        )
    }
    grouped = (
        rows.values(key)
        .annotate(
            n_clients=Count("client_id", distinct=True),
            n_started=Count("id"),
            n_completed=Count("id", filter=Q(completed=True)),
            n_dropped=Count("id", filter=Q(completed=False, last_activity_on__lt=cutoff)),
            n_judged=Count("id", filter=Q(judged=True)),
            n_reached=Count("id", filter=Q(reached=True)),
            n_judged_clients=Count("client_id", distinct=True, filter=Q(judged=True)),
            n_reached_clients=Count("client_id", distinct=True, filter=Q(reached=True)),
            **{f"sum_{name}": total for name, total in sums.items()},
        )
        .order_by()
    )
    changes = _counted(rows.filter(change_pct__isnull=False), key, "change_pct")
    sessions = _counted(rows.filter(sessions_to_reach__isnull=False), key, "sessions_to_reach")
    found = {}
    for row in grouped:
        group = row[key]
        found[group] = Figures(
            clients=row["n_clients"],
            started=row["n_started"],
            completed=row["n_completed"],
            dropped_out=row["n_dropped"],
            judged=row["n_judged"],
            reached=row["n_reached"],
            judged_clients=row["n_judged_clients"],
            reached_clients=row["n_reached_clients"],
            reached_interval=wilson_interval(row["n_reached_clients"], row["n_judged_clients"]),
            median_change=median_of_counts(changes.get(group, {})),
            changes=sum(changes.get(group, {}).values()),
            median_sessions=median_of_counts(sessions.get(group, {})),
            **{name: row[f"sum_{name}"] or 0 for name in sums},
        )
    return found


def _counted(rows: QuerySet[Any], key: str, column: str) -> dict[Any, dict[Decimal, int]]:
    """{group: {value: count}}: what a median needs, from one GROUP BY."""
    counted: dict[Any, dict[Decimal, int]] = {}
    for row in rows.values(key, column).annotate(n=Count("id")).order_by():
        counted.setdefault(row[key], {})[Decimal(row[column])] = row["n"]
    return counted


def courses_behind(
    scope: Scope, period: Period, *, dimension: str, key: str, figure: str, as_of: date
) -> QuerySet[CourseSummary]:
    """The courses a figure counts (their clients, therapists and plans for the list)."""
    found = scope.summaries().filter(started_on__gte=period.start, started_on__lte=period.end)
    if dimension != TOTAL:
        matching = scope.facets(dimension).filter(value=key).values("course_id")
        found = found.filter(pk__in=matching)
    cutoff = as_of - timedelta(weeks=DROPOUT_WEEKS)
    found = found.filter(FIGURE_FILTERS[figure](cutoff))
    return found.select_related("client", "therapist__user").order_by("-started_on", "-id")


FIGURE_FILTERS = {
    "started": lambda cutoff: Q(),
    "completed": lambda cutoff: Q(completed=True),
    "dropped_out": lambda cutoff: Q(completed=False, last_activity_on__lt=cutoff),
    "judged": lambda cutoff: Q(judged=True),
    "reached": lambda cutoff: Q(reached=True),
    "changed": lambda cutoff: Q(change_pct__isnull=False),
    "adverse_events": lambda cutoff: Q(adverse_events__gt=0),
    "home_logged": lambda cutoff: Q(home_logged__gt=0),
}
FIGURE_LABELS = {
    "started": "Courses started",
    "completed": "Courses completed",
    "dropped_out": "Courses dropped out",
    "judged": "Courses judged on their primary measure",
    "reached": "Courses that reached the clinically important change",
    "changed": "Courses with a change on their primary measure",
    "adverse_events": "Courses with an adverse event",
    "home_logged": "Courses with home sessions logged in the portal",
}


def group_keys(report: OutcomesReport) -> Iterable[tuple[str, str]]:
    """Every (dimension, key) the report shows."""
    yield TOTAL, TOTAL
    for dimension, groups in report.sections.items():
        for group in groups:
            yield dimension, group.key
