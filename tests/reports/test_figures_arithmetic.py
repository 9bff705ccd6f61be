"""The report's arithmetic against published and hand-worked values (no database)."""

from __future__ import annotations

import statistics
from datetime import date
from decimal import Decimal

import pytest

from medmassage.clinical.instruments import get_instrument
from medmassage.outcomes.progress import MeasureProgress
from medmassage.reports.figures import median_of_counts, per_hundred, percent, wilson_interval
from medmassage.reports.summaries import change_in_percent


@pytest.mark.parametrize(
    ("k", "n", "low", "high"),
    [
        # Newcombe 1998, Stat Med 17:857-872, Table I, method 3 (Wilson score, no correction).
        (81, 263, 0.2553, 0.3662),
        (15, 148, 0.0624, 0.1605),
        (0, 20, 0.0, 0.1611),
        (1, 29, 0.0061, 0.1718),
    ],
)
def test_wilson_intervals_match_newcombes_table(k: int, n: int, low: float, high: float) -> None:
    interval = wilson_interval(k, n)

    assert interval is not None
    assert (round(interval.low, 4), round(interval.high, 4)) == (low, high)


def test_wilson_at_the_edges() -> None:
    assert wilson_interval(0, 0) is None
    every = wilson_interval(5, 5)
    assert every is not None
    assert every.high == 1.0
    assert every.low == pytest.approx(0.5655, abs=5e-5)  # 5/(5 + z²)
    with pytest.raises(ValueError, match="between 0 and trials"):
        wilson_interval(6, 5)


@pytest.mark.parametrize(
    "values",
    [[7], [1, 2], [3, 1, 2], [-40, 0, 20, 20, 20, 40], [5, 5, 5, 9], [-3, -1, -2, -8], [0, 0]],
)
def test_the_median_of_counted_values_is_the_plain_median(values: list[int]) -> None:
    counts: dict[Decimal, int] = {}
    for value in values:
        counts[Decimal(value)] = counts.get(Decimal(value), 0) + 1

    assert median_of_counts(counts) == Decimal(str(statistics.median(values)))


def test_no_values_no_median_no_rate() -> None:
    assert median_of_counts({}) is None
    assert median_of_counts({Decimal(3): 0}) is None
    assert per_hundred(3, 0) is None
    assert percent(1, 0) is None
    assert per_hundred(3, 12) == Decimal(25)


def progress_of(instrument: str, baseline: str, latest: str) -> MeasureProgress:
    spec = get_instrument(instrument)
    return MeasureProgress(
        instrument=instrument,
        name=spec.name,
        unit="",
        higher_is_better=spec.higher_is_better,
        baseline=Decimal(baseline),
        baseline_on=date(2026, 1, 5),
        latest=Decimal(latest),
        latest_on=date(2026, 2, 5),
        latest_band="",
        change=Decimal(latest) - Decimal(baseline),
        mcid=None,
        mcid_target=None,
        direction=None,
        series=(),
    )


@pytest.mark.parametrize(
    ("instrument", "baseline", "latest", "percent_of_scale"),
    [
        ("nprs", "7", "4", "30.0"),  # 0-10, lower is better: 3 of 10 points better
        ("ndi", "42", "30", "12.0"),  # 0-100 %
        ("lefs", "40", "49", "11.3"),  # 0-80, higher is better: 9/80 = 11.25, rounded half up
        ("hit6", "64", "58", "14.3"),  # 36-78: 6/42 = 14.29
        ("psfs", "6", "4", "-20.0"),  # 0-10, higher is better: worse
    ],
)
def test_change_in_percent_of_the_scale_is_positive_when_better(
    instrument: str, baseline: str, latest: str, percent_of_scale: str
) -> None:
    found = change_in_percent(progress_of(instrument, baseline, latest))

    assert found == Decimal(percent_of_scale)
