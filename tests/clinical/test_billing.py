"""The 8-minute rule (CMS 100-04 ch. 5 §20.2): pooled units and their allocation to codes."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from medmassage.clinical.billing import (
    TIMED_CPT_CODES,
    InvalidMinutes,
    billing_units,
    units_for_minutes,
)


def _expected_units(minutes: int) -> int:
    """The CMS table: 8-22 min = 1 unit, 23-37 = 2, 38-52 = 3, and so on every 15 minutes."""
    return 0 if minutes < 8 else (minutes - 8) // 15 + 1


@pytest.mark.parametrize(
    ("minutes", "units"),
    [
        (0, 0),
        (7, 0),
        (8, 1),
        (15, 1),
        (22, 1),
        (23, 2),
        (37, 2),
        (38, 3),
        (52, 3),
        (53, 4),
        (67, 4),
        (68, 5),
        (127, 8),
        (128, 9),
    ],
)
def test_units_by_total_minutes(minutes: int, units: int) -> None:
    assert units_for_minutes(minutes) == units
    assert billing_units({"97124": minutes}).total_units == units


@pytest.mark.parametrize("minutes", range(0, 200))
def test_units_match_the_cms_table(minutes: int) -> None:
    assert units_for_minutes(minutes) == _expected_units(minutes)


def test_seven_minutes_of_one_code_alone_bills_nothing() -> None:
    result = billing_units({"97140": 7})
    assert (result.total_minutes, result.total_units, result.units_for("97140")) == (7, 0, 0)


@pytest.mark.parametrize(
    ("minutes_by_code", "units"),
    [
        # CMS example: 24 min 97112 + 23 min 97110 = 47 min, 3 units; more to the longer one.
        ({"97112": 24, "97110": 23}, {"97112": 2, "97110": 1}),
        # CMS example: 33 min 97110 + 7 min 97140 = 40 min, 3 units.
        ({"97110": 33, "97140": 7}, {"97110": 2, "97140": 1}),
        # CMS example: 18 + 13 + 10 + 8 = 49 min, 3 units; the 8-minute code gets none.
        (
            {"97110": 18, "97140": 13, "97116": 10, "97035": 8},
            {"97110": 1, "97140": 1, "97116": 1, "97035": 0},
        ),
        # Two services of 7 minutes or less, 8 or more together: one unit, to the longer one.
        ({"97124": 5, "97140": 7}, {"97124": 0, "97140": 1}),
        # CMS "either": equal leftovers go to the code listed first.
        ({"97112": 20, "97110": 20}, {"97112": 2, "97110": 1}),
        ({"97110": 33, "97140": 7, "97530": 7}, {"97110": 2, "97140": 1, "97530": 0}),
        ({"97124": 30, "97140": 0}, {"97124": 2, "97140": 0}),
    ],
)
def test_units_are_allocated_as_cms_examples(
    minutes_by_code: dict[str, int], units: dict[str, int]
) -> None:
    result = billing_units(minutes_by_code)
    assert {line.code: line.units for line in result.codes} == units
    assert [line.code for line in result.codes] == list(minutes_by_code)
    assert result.total_units == sum(units.values())


def test_no_codes_no_units() -> None:
    result = billing_units({})
    assert (result.total_minutes, result.total_units, result.codes) == (0, 0, ())


@pytest.mark.parametrize(
    "minutes_by_code",
    [{"97124": -1}, {"97124": 7.5}, {"97124": True}, {"": 10}, {"97124": "10"}],
)
def test_invalid_minutes_are_refused(minutes_by_code: dict[str, int]) -> None:
    with pytest.raises(InvalidMinutes):
        billing_units(minutes_by_code)


def test_massage_codes_of_facts_are_listed() -> None:
    assert set(TIMED_CPT_CODES) == {"97124", "97140", "97112"}


@given(
    st.dictionaries(
        st.sampled_from(["97124", "97140", "97112", "97110", "97530"]),
        st.integers(0, 90),
        max_size=5,
    )
)
def test_allocation_adds_up_and_respects_each_codes_time(minutes_by_code: dict[str, int]) -> None:
    result = billing_units(minutes_by_code)
    assert result.total_units == units_for_minutes(sum(minutes_by_code.values()))
    assert sum(line.units for line in result.codes) == result.total_units
    for line in result.codes:
        # Every full 15 minutes is a unit of its own code; at most one more from leftovers.
        assert line.minutes // 15 <= line.units <= line.minutes // 15 + 1
        assert line.units * 15 - line.minutes < 15
