"""Progress: improved or worse only when the change reaches the MCID (FACTS.md §1)."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from medmassage.clinical import vocabulary
from medmassage.clinical.instruments import UnknownInstrument, get_instrument
from medmassage.clinical.progress import InvalidScore, progress


@pytest.mark.parametrize(
    ("baseline", "followup", "direction"),
    [
        (5, 3, "improved"),  # 2 points, 40 %
        (8, 6, "unchanged"),  # 2 points but 25 %: both are needed (project policy)
        (7, 5, "unchanged"),  # 2 points, 28.6 %
        (10, 7, "improved"),  # 3 points, exactly 30 %
        (10, 8, "unchanged"),  # 2 points, 20 %
        (4, 3, "unchanged"),  # 25 % but 1 point
        (3, 5, "worse"),
        (8, 10, "unchanged"),  # 2 points but 25 % of the baseline
        (0, 2, "worse"),  # baseline 0: the 2-point condition decides
        (0, 1, "unchanged"),
        (0, 0, "unchanged"),
    ],
)
def test_nprs_needs_two_points_and_thirty_percent(
    baseline: float, followup: float, direction: str
) -> None:
    result = progress("nprs", baseline, followup)
    assert result.direction == direction
    assert result.mcid_met is (direction != "unchanged")
    assert (result.mcid, result.mcid_percent_of_baseline) == (2, 30)
    assert result.mcid_policy


@pytest.mark.parametrize(
    ("instrument_id", "baseline", "followup", "direction"),
    [
        ("lefs", 40, 49, "improved"),  # higher is better
        ("lefs", 40, 48, "unchanged"),
        ("lefs", 49, 40, "worse"),
        ("psfs", 4, 6, "improved"),
        ("psfs", 4, 5.5, "unchanged"),
        ("psfs", 6, 4, "worse"),
        ("ndi", 40, 30, "improved"),  # lower is better
        ("ndi", 40, 31, "unchanged"),
        ("ndi", 30, 40, "worse"),
        ("odi", 50, 40, "improved"),
        ("odi", 40, 50, "worse"),
        ("odi", 44, 36, "unchanged"),
        ("quickdash", 50, 36, "improved"),
        ("quickdash", 50, 37, "unchanged"),
        ("hit6", 60, 54, "improved"),
        ("hit6", 60, 55, "unchanged"),
        ("hit6", 55, 61, "worse"),
    ],
)
def test_direction_follows_the_instrument(
    instrument_id: str, baseline: float, followup: float, direction: str
) -> None:
    result = progress(instrument_id, baseline, followup)
    assert result.direction == direction
    assert result.change == followup - baseline
    assert (result.baseline, result.followup) == (baseline, followup)


def test_a_change_of_exactly_the_mcid_counts_despite_float_error() -> None:
    # PSFS means 4/5 and 14/5 differ by 2, but as floats 2.8 - 0.8 = 1.9999999999999998.
    assert 2.8 - 0.8 < 2
    assert progress("psfs", 0.8, 2.8).direction == "improved"
    assert progress("psfs", 2.8, 0.8).direction == "worse"


@pytest.mark.parametrize("instrument_id", ["pss10", "fiqr"])
@pytest.mark.parametrize(("baseline", "followup"), [(30, 5), (5, 30), (20, 20)])
def test_without_established_mcid_nothing_is_called_improved_or_worse(
    instrument_id: str, baseline: float, followup: float
) -> None:
    result = progress(instrument_id, baseline, followup)
    assert result.mcid is None
    assert result.mcid_met is False
    assert result.direction == "unchanged"
    assert result.change == followup - baseline  # still reported
    assert result.mcid_policy
    assert result.note


@pytest.mark.parametrize(
    ("instrument_id", "baseline", "followup", "message"),
    [
        ("nprs", -1, 3, "baseline: -1 is out of range"),
        ("nprs", 3, 11, "followup: 11 is out of range"),
        ("hit6", 30, 50, "baseline: 30 is out of range .36 to 78."),
        ("lefs", 40, 81, "followup"),
        ("odi", float("nan"), 40, "baseline: nan is not a number"),
        ("odi", 40, float("inf"), "followup: inf is not a number"),
        ("odi", True, 40, "baseline"),
    ],
)
def test_scores_outside_the_range_are_refused(
    instrument_id: str, baseline: float, followup: float, message: str
) -> None:
    with pytest.raises(InvalidScore, match=message):
        progress(instrument_id, baseline, followup)


def test_unknown_instrument() -> None:
    with pytest.raises(UnknownInstrument):
        progress("sf36", 1, 2)


@st.composite
def two_scores(draw: st.DrawFn) -> tuple[str, float, float]:
    instrument_id = draw(st.sampled_from(vocabulary.INSTRUMENTS))
    instrument = get_instrument(instrument_id)
    scores = st.floats(instrument.min, instrument.max, allow_nan=False)
    return instrument_id, draw(scores), draw(scores)


@given(two_scores())
def test_direction_agrees_with_the_sign_and_flips_when_reversed(
    case: tuple[str, float, float],
) -> None:
    instrument_id, baseline, followup = case
    result = progress(instrument_id, baseline, followup)
    better = get_instrument(instrument_id).higher_is_better
    if not result.mcid_met:
        assert result.direction == "unchanged"
    elif (result.change > 0) == better:
        assert result.direction == "improved"
    else:
        assert result.direction == "worse"
    if instrument_id != "nprs":  # NPRS's 30 % rule depends on which score is the baseline
        back = progress(instrument_id, followup, baseline)
        flipped = {"improved": "worse", "worse": "improved", "unchanged": "unchanged"}
        assert back.direction == flipped[result.direction]
