"""The report's arithmetic, pure: Wilson intervals, medians of counted values, suppression.

No Django here, so tests can compute every figure by hand against these same definitions.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal

# Groups of fewer clients than this are shown as suppressed, never with their numbers (project
# policy for a clinic's internal report; public releases suppress more, e.g. CMS's cell size
# suppression policy hides counts of 1 to 10).
MIN_CLIENTS = 5
Z_95 = 1.959963984540054  # the standard normal quantile for a two-sided 95 % interval


@dataclass(frozen=True)
class Interval:
    low: float
    high: float


def wilson_interval(successes: int, trials: int, z: float = Z_95) -> Interval | None:
    """Wilson score interval of a proportion (Wilson 1927, JASA 22:209-212); None if no trials."""
    if trials <= 0:
        return None
    if not 0 <= successes <= trials:
        raise ValueError("successes must lie between 0 and trials")
    p = successes / trials
    z2 = z * z
    denominator = 1 + z2 / trials
    centre = (p + z2 / (2 * trials)) / denominator
    half = z * math.sqrt(p * (1 - p) / trials + z2 / (4 * trials * trials)) / denominator
    return Interval(max(0.0, centre - half), min(1.0, centre + half))


def median_of_counts(counts: Mapping[Decimal, int]) -> Decimal | None:
    """The median of values given as {value: how many times}: the middle one, or the mean of
    the two middle ones."""
    total = sum(counts.values())
    if total == 0:
        return None
    ordered = sorted((value, n) for value, n in counts.items() if n > 0)
    lower_rank, upper_rank = (total - 1) // 2, total // 2
    lower = upper = None
    seen = 0
    for value, n in ordered:
        if lower is None and lower_rank < seen + n:
            lower = value
        if upper_rank < seen + n:
            upper = value
            break
        seen += n
    return (Decimal(lower or 0) + Decimal(upper or 0)) / 2


def per_hundred(events: int, visits: int) -> Decimal | None:
    """Events per 100 visits, None without visits."""
    return None if visits == 0 else Decimal(events * 100) / Decimal(visits)


def percent(part: float, whole: float) -> Decimal | None:
    """part of whole in %, None when whole is 0."""
    return None if not whole else Decimal(str(part)) * 100 / Decimal(str(whole))
