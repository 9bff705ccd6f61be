"""The report's figures against figures worked out by hand on a small generated practice.

Eight clients, two therapists (Theo: five clients, T1: three), all with neck complaints:

| client | code    | therapist | NDI before → after  | visits (follow-up after) | adverse | closed |
|--------|---------|-----------|---------------------|--------------------------|---------|--------|
| 1      | M54.2   | Theo      | 40 → 20 (improved)  | 3 (2)                    | 1       | yes    |
| 2      | M54.2   | Theo      | 40 → 20 (improved)  | 2 (1)                    | 0       | no     |
| 3      | M54.2   | Theo      | 40 → 40 (unchanged) | 2 (2)                    | 0       | no     |
| 4      | M54.2   | T1        | 60 → 20 (improved)  | 2 (2)                    | 2       | no     |
| 5      | M54.2   | T1        | 40 → none           | 1                        | 0       | no     |
| 6      | M54.2   | T1        | 20 → 60 (worse)     | 2 (2)                    | 0       | no     |
| 7      | M62.830 | Theo      | 40 → 20 (improved)  | 2 (2)                    | 0       | no     |
| 8      | M62.830 | Theo      | 40 → none           | 1                        | 0       | no     |

NDI's clinically important change is 10 points; its range is 0-100, so change in % of the
scale equals the change in points, positive when better.
"""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from medmassage.reports.queries import (
    Period,
    Scope,
    get_group_figures,
    get_outcomes_report,
    suppressed_keys,
)
from tests.reports.practice import THEO, Practice


def this_year() -> Period:
    today = timezone.localdate()
    return Period(today - timedelta(days=364), today)


def test_the_whole_report_matches_the_figures_worked_out_by_hand(made: Practice) -> None:
    today = timezone.localdate()
    report = get_outcomes_report(Scope(made.cast.clinic), this_year(), as_of=today)

    total = report.total.figures
    assert total is not None
    assert (total.clients, total.started, total.completed, total.dropped_out) == (8, 8, 1, 0)
    # Judged: clients 1, 2, 3, 4, 6, 7 (a follow-up); reached: 1, 2, 4, 7.
    assert (total.judged, total.reached) == (6, 4)
    # Wilson 95 % for 4/6: (p + z²/2n ± z·sqrt(p(1-p)/n + z²/4n²)) / (1 + z²/n) = 0.3000-0.9032
    assert total.reached_interval is not None
    assert total.reached_interval.low == pytest.approx(0.3000, abs=5e-5)
    assert total.reached_interval.high == pytest.approx(0.9032, abs=5e-5)
    # Changes -40, 0, 20, 20, 20, 40: median (20 + 20) / 2.
    assert (total.median_change, total.changes) == (Decimal(20), 6)
    # Sessions to reach: client 1: 2, client 2: 1, client 4: 2, client 7: 2 -> median 2.
    assert total.median_sessions == Decimal(2)
    # 15 visits, 3 adverse events: 20 per 100 visits.
    assert (total.visits, total.adverse_events, total.adverse_per_100) == (15, 3, Decimal(20))
    # Adherence asked at client 1's three visits, most or all at two: 66.7 %.
    assert (total.adherence_asked, total.adherence_most) == (3, 2)
    assert round(total.adherence_visits or 0, 1) == Decimal("66.7")


def test_a_condition_group_and_the_suppressed_one(made: Practice) -> None:
    today = timezone.localdate()
    report = get_outcomes_report(Scope(made.cast.clinic), this_year(), as_of=today)
    groups = {group.key: group for group in report.sections["condition"]}
    # The neck-pain group's own figures, before suppression (see below why it is hidden).
    neck = get_group_figures(Scope(made.cast.clinic), this_year(), "condition", as_of=today)[
        "neck_pain"
    ]
    assert (neck.clients, neck.started, neck.judged, neck.reached) == (6, 6, 5, 3)
    # Wilson 95 % for 3/5: 0.2307-0.8824.
    assert neck.reached_interval is not None
    assert neck.reached_interval.low == pytest.approx(0.2307, abs=5e-5)
    assert neck.reached_interval.high == pytest.approx(0.8824, abs=5e-5)
    # Changes -40, 0, 20, 20, 40: median 20; sessions 2, 1, 2: median 2.
    assert (neck.median_change, neck.median_sessions) == (Decimal(20), Decimal(2))
    # 12 visits, 3 adverse events: 25 per 100.
    assert neck.adverse_per_100 == Decimal(25)
    assert groups["neck_pain"].evidence, "the published evidence stands beside the condition"
    assert groups["neck_pain"].label == "Neck pain (cervicalgia)"

    # Two clients with M62.830: fewer than 5, shown as suppressed without a number.
    assert groups["icd:M62"].suppressed
    assert groups["icd:M62"].figures is None
    # Neck pain's 6 would give them away as the total minus neck pain (8 - 6 courses, 4 - 3
    # reached...): it is suppressed with them, as their complement.
    assert groups["neck_pain"].suppressed
    assert groups["neck_pain"].complement
    assert not groups["icd:M62"].complement


def test_a_suppressed_therapist_takes_the_next_smallest_with_them(made: Practice) -> None:
    report = get_outcomes_report(Scope(made.cast.clinic), this_year(), as_of=timezone.localdate())
    therapists = report.sections["therapist"]

    # T1 has 3 clients (suppressed); Theo's 5 would give T1's away as total minus Theo.
    assert [g.suppressed for g in therapists] == [True, True]
    assert [g.complement for g in therapists] == [True, False]  # Theo's, then T1's


def test_complementary_suppression_hides_until_the_hidden_hold_five_clients() -> None:
    labels = {key: key for key in "abcdef"}

    def hidden(clients: dict[str, int], total_shown: bool = True) -> set[str]:
        return suppressed_keys(clients, {k: labels[k] for k in clients}, total_shown=total_shown)

    assert hidden({"a": 9, "b": 7}) == set()
    assert hidden({"a": 9, "b": 7, "c": 4}) == {"c", "b"}  # the smallest shown goes with c
    assert hidden({"a": 9, "b": 7, "c": 2, "d": 2}) == {"c", "d", "b"}  # 2 + 2 < 5
    assert hidden({"a": 9, "b": 7, "c": 3, "d": 2}) == {"c", "d"}  # 3 + 2: enough
    assert hidden({"a": 6, "b": 6, "c": 1}) == {"a", "c"}  # a tie: by label
    assert hidden({"a": 1}) == {"a"}
    assert hidden({"a": 9, "c": 4}, total_shown=False) == {"c"}


def test_a_therapist_sees_their_own_courses_only(made: Practice) -> None:
    theo = made.therapists[THEO]
    report = get_outcomes_report(
        Scope(made.cast.clinic, therapist=theo), this_year(), as_of=timezone.localdate()
    )

    total = report.total.figures
    assert total is not None
    # Clients 1, 2, 3, 7, 8: judged 1, 2, 3, 7; reached 1, 2, 7.
    assert (total.clients, total.judged, total.reached) == (5, 4, 3)
    (own,) = report.sections["therapist"]
    assert own.key == str(theo.pk)
    assert not own.suppressed


def test_drop_out_counts_open_courses_quiet_for_six_weeks(made: Practice) -> None:
    later = timezone.localdate() + timedelta(weeks=6, days=1)
    report = get_outcomes_report(Scope(made.cast.clinic), this_year(), as_of=later)

    assert report.total.figures is not None
    assert report.total.figures.dropped_out == 7  # all but the closed course


def test_courses_outside_the_period_are_not_counted(made: Practice) -> None:
    today = timezone.localdate()
    report = get_outcomes_report(
        Scope(made.cast.clinic),
        Period(today - timedelta(days=30), today - timedelta(days=1)),
        as_of=today,
    )

    assert report.total.figures is None  # no client at all: nothing to show
    assert report.sections == {"condition": [], "technique": [], "therapist": []}
