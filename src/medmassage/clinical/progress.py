"""Compare a follow-up score with the baseline of the same instrument (FACTS.md §1, Progress).

"Improved" or "worse" only when the change reaches the clinically important change (MCID) in
the instrument's direction; below it, "unchanged". NPRS needs both 2 points and 30 % of the
baseline (project policy). Instruments with no established MCID (PSS-10, FIQR) are never called
improved or worse (project policy, rationale in instruments.toml): the change is still reported.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Literal

from medmassage.clinical.instruments import Instrument, InvalidInput, get_instrument

Direction = Literal["improved", "unchanged", "worse"]

# Scores are unrounded floats (a prorated NDI is 200/9 %), so a change meant to be exactly the
# MCID can come out a hair short; this absorbs float representation error, not clinical doubt.
_FLOAT_TOLERANCE = 1e-9


class InvalidScore(InvalidInput):
    """A baseline or follow-up score is not a number inside the instrument's range."""


@dataclass(frozen=True, kw_only=True)
class Progress:
    """The change between two scores and whether it is clinically important."""

    instrument: str
    baseline: float
    followup: float
    change: float
    mcid: float | None
    mcid_percent_of_baseline: float | None
    mcid_met: bool
    direction: Direction
    higher_is_better: bool
    mcid_policy: bool
    note: str | None


def progress(instrument_id: str, baseline: float, followup: float) -> Progress:
    """Compare follow-up with baseline; raises UnknownInstrument or InvalidScore."""
    instrument = get_instrument(instrument_id)
    _check(instrument, "baseline", baseline)
    _check(instrument, "followup", followup)
    change = float(followup) - float(baseline)
    met = mcid_met(instrument, baseline=float(baseline), change=change)
    direction: Direction = "unchanged"
    if met:
        better = change > 0 if instrument.higher_is_better else change < 0
        direction = "improved" if better else "worse"
    rule = instrument.mcid
    return Progress(
        instrument=instrument.id,
        baseline=float(baseline),
        followup=float(followup),
        change=change,
        mcid=rule.points,
        mcid_percent_of_baseline=rule.percent_of_baseline,
        mcid_met=met,
        direction=direction,
        higher_is_better=instrument.higher_is_better,
        mcid_policy=rule.policy,
        note=rule.rationale,
    )


def mcid_met(instrument: Instrument, *, baseline: float, change: float) -> bool:
    """Whether a change from this baseline, either way, reaches the instrument's MCID."""
    rule = instrument.mcid
    if rule.points is None:
        return False  # none established: policy, see instruments.toml
    size = abs(change)
    if size < rule.points - _FLOAT_TOLERANCE:
        return False
    if rule.percent_of_baseline is None:
        return True
    # NPRS (Farrar 2001, Ostelo 2008; both conditions: project policy). At baseline 0 this
    # condition is 0 points, so the 2-point condition decides.
    return size >= baseline * rule.percent_of_baseline / 100 - _FLOAT_TOLERANCE


def _check(instrument: Instrument, name: str, value: object) -> None:
    if not isinstance(value, int | float) or isinstance(value, bool) or not math.isfinite(value):
        raise InvalidScore(f"{instrument.id} {name}: {value!r} is not a number")
    if not instrument.contains(value):
        raise InvalidScore(
            f"{instrument.id} {name}: {value:g} is out of range "
            f"({instrument.min:g} to {instrument.max:g})"
        )
