"""The report on practices nobody wrote down: generated from a seed, made through the services,
and checked against figures worked out here from what each course was told to do, with
arithmetic of its own (statistics.median, the Wilson interval in its closed form, the normal
quantile from statistics.NormalDist), not the report's.

Every client has a neck complaint coded M54.2 (the NDI is the plan's primary measure) or
M62.830 (grouped by its category, icd:M62), and some come back for a second course after the
first is closed. Each NDI item is the same answer a, so the score is 20·a % and the NDI's
clinically important change (10 points, Vernon 2008) is reached whenever the answer drops.
"""

from __future__ import annotations

import math
import random
import statistics
from dataclasses import dataclass, field
from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from medmassage.clients.models import Client
from medmassage.reports.queries import Figures, Period, Scope, get_outcomes_report
from tests.cast import Cast
from tests.reports.practice import Course, Practice, practice

Z = statistics.NormalDist().inv_cdf(0.975)
CODES = {"M54.2": "neck_pain", "M62.830": "icd:M62"}


@dataclass
class Planned:
    client: int
    course: Course

    @property
    def judged(self) -> bool:
        c = self.course
        return c.ndi_after is not None and c.follow_up_after <= c.visits

    @property
    def reached(self) -> bool:
        return self.judged and (self.course.ndi_after or 0) < self.course.ndi_before

    @property
    def change(self) -> int | None:  # in % of NDI's 0-100, positive = better
        return (self.course.ndi_before - (self.course.ndi_after or 0)) * 20 if self.judged else None


@dataclass
class Expected:
    clients: set[int] = field(default_factory=set)
    courses: list[Planned] = field(default_factory=list)

    def add(self, planned: Planned) -> None:
        self.clients.add(planned.client)
        self.courses.append(planned)


def generate(seed: int) -> list[Planned]:
    rng = random.Random(seed)
    planned: list[Planned] = []
    for client in range(rng.randint(9, 13)):
        for again in range(1 + (rng.random() < 0.25)):
            visits = rng.randint(1, 4)
            follow_up = rng.randint(1, visits + 1)  # visits + 1: never taken
            course = Course(
                code=rng.choice(list(CODES)),
                therapist=rng.randint(0, 2),
                ndi_before=rng.randint(1, 4),
                ndi_after=rng.choice([None, 0, 1, 1, 2, 2, 3, 4, 5]),
                visits=visits,
                follow_up_after=follow_up,
                adverse_events=rng.choice([0, 0, 0, 1, 2]),
                adherence=tuple(rng.choice(["", "none", "some", "most", "all"]) for _ in "1234"),
                closed=again == 0 and rng.random() < 0.5,
            )
            planned.append(Planned(client, course))
            if not course.closed:
                break  # a second course only after the first is closed
    return planned


def make(cast: Cast, planned: list[Planned]) -> Practice:
    p = practice(cast, therapists=3)
    clients: dict[int, Client] = {}
    for item in planned:
        clients[item.client] = p.treat(item.course, clients.get(item.client))
    return p


def wilson(k: int, n: int) -> tuple[float, float]:
    """Wilson's interval in its closed form: (2k + z² ± z·sqrt(z² + 4k(n-k)/n)) / 2(n + z²)."""
    root = Z * math.sqrt(Z * Z + 4 * k * (n - k) / n)
    return (2 * k + Z * Z - root) / (2 * (n + Z * Z)), (2 * k + Z * Z + root) / (2 * (n + Z * Z))


def check(found: Figures | None, expected: Expected, *, as_of_later: bool) -> None:
    courses = expected.courses
    if len(expected.clients) < 5:
        assert found is None, "a group of fewer than 5 clients is suppressed"
        return
    assert found is not None
    c = [p.course for p in courses]
    visits = sum(x.visits for x in c)
    adverse = sum(min(x.adverse_events, x.visits) for x in c)
    asked = [a for x in c for a in x.adherence[: x.visits] if a]
    judged = {p.client for p in courses if p.judged}
    reached = {p.client for p in courses if p.reached}
    changes = [p.change for p in courses if p.change is not None]
    sessions = [p.course.follow_up_after for p in courses if p.reached]
    assert found.clients == len(expected.clients)
    assert (found.started, found.completed) == (len(c), sum(x.closed for x in c))
    assert found.dropped_out == (sum(not x.closed for x in c) if as_of_later else 0)
    assert (found.judged, found.reached) == (
        sum(p.judged for p in courses),
        sum(p.reached for p in courses),
    )
    assert (found.judged_clients, found.reached_clients) == (len(judged), len(reached))
    if judged:
        low, high = wilson(len(reached), len(judged))
        assert found.reached_interval is not None
        assert found.reached_interval.low == pytest.approx(low, abs=1e-9)
        assert found.reached_interval.high == pytest.approx(high, abs=1e-9)
    else:
        assert found.reached_interval is None
    assert found.changes == len(changes)
    assert found.median_change == (statistics.median(changes) if changes else None)
    assert found.median_sessions == (statistics.median(sessions) if sessions else None)
    assert (found.visits, found.adverse_events) == (visits, adverse)
    assert found.adverse_per_100 == (Decimal(adverse * 100) / visits if visits else None)
    assert (found.adherence_asked, found.adherence_most) == (
        len(asked),
        sum(a in {"most", "all"} for a in asked),
    )


# Seed 11: 12 clients, 2 back for a second course, both conditions shown, 6 courses reached.
# Seed 33: 13 clients, 4 second courses, one therapist under 5 clients (the complementary cell).
@pytest.mark.parametrize("seed", [11, 33])
def test_a_generated_practice_matches_figures_worked_out_from_its_courses(
    cast: Cast, seed: int
) -> None:
    planned = generate(seed)
    p = make(cast, planned)
    today = timezone.localdate()
    year = Period(today - timedelta(days=364), today)

    for as_of, later in ((today, False), (today + timedelta(weeks=6, days=1), True)):
        report = get_outcomes_report(Scope(cast.clinic), year, as_of=as_of)
        total = Expected()
        by_condition: dict[str, Expected] = {}
        by_therapist: dict[str, Expected] = {}
        for item in planned:
            total.add(item)
            by_condition.setdefault(CODES[item.course.code], Expected()).add(item)
            key = str(p.therapists[item.course.therapist].pk)
            by_therapist.setdefault(key, Expected()).add(item)

        check(report.total.figures, total, as_of_later=later)
        for dimension, expected_groups in (
            ("condition", by_condition),
            ("therapist", by_therapist),
        ):
            groups = {g.key: g for g in report.sections[dimension]}
            assert set(groups) == set(expected_groups)
            hidden = hidden_by_hand(expected_groups, {k: g.label for k, g in groups.items()})
            for key, expected in expected_groups.items():
                if key in hidden:
                    assert groups[key].suppressed, (dimension, key)
                else:
                    check(groups[key].figures, expected, as_of_later=later)


def hidden_by_hand(groups: dict[str, Expected], labels: dict[str, str]) -> set[str]:
    """Groups under 5 clients; then, the total being shown, the smallest others (by clients,
    then label) until the hidden hold 5 clients between them."""
    small = {k for k, e in groups.items() if len(e.clients) < 5}
    if not small:
        return small
    others = sorted(set(groups) - small, key=lambda k: (len(groups[k].clients), labels[k]))
    while others and sum(len(groups[k].clients) for k in small) < 5:
        small.add(others.pop(0))
    return small


def test_a_client_with_two_courses_counts_once_in_the_share(cast: Cast) -> None:
    # Five clients; the first reached the MCID in their first course, not in their second.
    planned = [
        Planned(0, Course(ndi_before=3, ndi_after=1, visits=2, follow_up_after=1, closed=True)),
        Planned(0, Course(ndi_before=2, ndi_after=2, visits=2)),
        *(Planned(n, Course(ndi_before=2, ndi_after=n % 2 * 3, visits=2)) for n in range(1, 5)),
    ]
    make(cast, planned)
    today = timezone.localdate()
    report = get_outcomes_report(
        Scope(cast.clinic), Period(today - timedelta(days=364), today), as_of=today
    )

    f = report.total.figures
    assert f is not None
    # Courses: 6 judged, 3 reached (client 0's first, clients 2 and 4); clients: 5 and 3.
    assert (f.judged, f.reached, f.judged_clients, f.reached_clients) == (6, 3, 5, 3)
    assert f.reached_share == Decimal(60)
    assert f.reached_interval is not None
    # Wilson 95 % for 3/5 (not 3/6): 0.2307-0.8824.
    assert (round(f.reached_interval.low, 4), round(f.reached_interval.high, 4)) == (
        0.2307,
        0.8824,
    )
