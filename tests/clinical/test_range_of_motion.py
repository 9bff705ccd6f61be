"""Normal range of motion: faithful to FACTS.md §2, sourced, checked at load, compared exactly."""

from __future__ import annotations

import copy
import tomllib
from pathlib import Path
from typing import Any

import pytest

from medmassage.clinical import range_of_motion
from medmassage.clinical.range_of_motion import (
    JOINTS,
    InvalidMeasurement,
    RangeOfMotionDataError,
    check_measurement,
    compare_sides,
    compare_to_normal,
    describe_normal,
    describe_sides,
    get_movement,
    parse_range_of_motion,
)

FILE = Path(range_of_motion.__file__).parent / "knowledge" / "range_of_motion.toml"

# FACTS.md §2, written out here rather than read from the file under test.
FACTS = {
    ("cervical", "flexion"): 45,
    ("cervical", "extension"): 45,
    ("cervical", "lateral_flexion"): 45,
    ("cervical", "rotation"): 80,
    ("thoracolumbar", "flexion"): 90,
    ("thoracolumbar", "extension"): 30,
    ("thoracolumbar", "lateral_flexion"): 30,
    ("thoracolumbar", "rotation"): 30,
    ("shoulder", "flexion"): 180,
    ("shoulder", "extension"): 60,
    ("shoulder", "abduction"): 180,
    ("shoulder", "internal_rotation"): 70,
    ("shoulder", "external_rotation"): 90,
    ("hip", "flexion"): 125,
    ("hip", "extension"): 30,
    ("hip", "abduction"): 45,
    ("hip", "adduction"): 25,
    ("hip", "external_rotation"): 60,
    ("hip", "internal_rotation"): 40,
    ("knee", "flexion"): 140,
    ("knee", "extension"): 0,
}
# Plate II shows hip flexion and abduction only; the other hip normals are AAOS values.
HIP_FROM_AAOS = {"extension", "adduction", "external_rotation", "internal_rotation"}
SOURCE_WORDS = {
    "cervical": "38 CFR 4.71a",
    "thoracolumbar": "38 CFR 4.71a",
    "shoulder": "Norkin",
    "hip": "Plate II",
    "knee": "Plate II",
}


def _raw() -> dict[str, Any]:
    return tomllib.loads(FILE.read_text("utf-8"))


# --- The table --------------------------------------------------------------------------------


def test_the_table_holds_exactly_the_normals_of_facts_md() -> None:
    table = {
        (joint.id, movement.id): movement.degrees
        for joint in JOINTS.values()
        for movement in joint.movements.values()
    }
    assert table == FACTS


@pytest.mark.parametrize(("joint_id", "word"), SOURCE_WORDS.items())
def test_every_normal_names_its_source(joint_id: str, word: str) -> None:
    for movement in JOINTS[joint_id].movements.values():
        wanted = "AAOS" if joint_id == "hip" and movement.id in HIP_FROM_AAOS else word
        assert any(wanted in source for source in movement.sources), movement.name
        if movement.policy:
            assert movement.rationale


def test_the_shoulder_cites_aaos_too() -> None:
    assert any("AAOS" in source for source in JOINTS["shoulder"].sources)


def test_knee_flexion_notes_the_tables_that_give_130() -> None:
    assert "130" in (get_movement("knee", "flexion").note or "")


def test_limb_joints_are_bilateral_and_the_spine_is_not() -> None:
    assert {joint.id for joint in JOINTS.values() if joint.bilateral} == {
        "shoulder",
        "hip",
        "knee",
    }


@pytest.mark.parametrize(
    ("joint_id", "movement_id", "sided"),
    [
        ("cervical", "flexion", False),
        ("cervical", "extension", False),
        ("cervical", "rotation", True),
        ("cervical", "lateral_flexion", True),
        ("thoracolumbar", "flexion", False),
        ("thoracolumbar", "rotation", True),
        ("shoulder", "flexion", True),
        ("hip", "extension", True),
        ("knee", "extension", True),
    ],
)
def test_which_movements_are_measured_on_each_side(
    joint_id: str, movement_id: str, sided: bool
) -> None:
    assert get_movement(joint_id, movement_id).sided is sided


def test_joints_lie_in_contract_body_regions() -> None:
    assert JOINTS["cervical"].regions == ("neck",)
    assert JOINTS["knee"].regions == ("knee",)


# --- Comparisons ------------------------------------------------------------------------------


def test_percent_of_normal_and_shortfall() -> None:
    result = compare_to_normal("hip", "flexion", 100)

    assert result.normal == 125
    assert result.percent_of_normal == pytest.approx(80)
    assert result.shortfall == 25
    assert not result.within_normal


def test_a_value_beyond_normal_is_within_normal_and_above_100_percent() -> None:
    result = compare_to_normal("cervical", "rotation", 90)

    assert result.shortfall == 0
    assert result.within_normal
    assert result.percent_of_normal == pytest.approx(112.5)


def test_comparisons_are_unrounded() -> None:
    assert compare_to_normal("hip", "flexion", 100.5).percent_of_normal == 100.5 / 125 * 100


def test_cervical_rotation_left_against_right() -> None:
    result = compare_sides("cervical", "rotation", left=60, right=80)

    assert result.difference == 20
    assert result.less_side == "left"
    assert result.percent_less == pytest.approx(25)
    assert result.left.percent_of_normal == pytest.approx(75)
    assert result.right.percent_of_normal == pytest.approx(100)
    assert describe_sides(result) == (
        "Cervical rotation: L 60° / R 80° (normal 80°), 25% less on the left"
    )


def test_the_lesser_side_may_be_the_right() -> None:
    result = compare_sides("shoulder", "abduction", left=160, right=120)

    assert (result.less_side, result.difference) == ("right", 40)
    assert result.percent_less == pytest.approx(25)


def test_equal_sides() -> None:
    result = compare_sides("hip", "internal_rotation", left=35, right=35)

    assert result.less_side is None
    assert result.difference == 0
    assert result.percent_less is None
    assert describe_sides(result).endswith("equal on both sides")


def test_knee_extension_is_a_shortfall_from_zero() -> None:
    one = compare_to_normal("knee", "extension", 10)
    sides = compare_sides("knee", "extension", left=10, right=0)

    assert (one.normal, one.shortfall, one.percent_of_normal) == (0, 10, None)
    assert not one.within_normal
    assert sides.less_side == "left"  # the left stops 10° short of full extension
    assert sides.percent_less is None
    assert describe_sides(sides) == "Knee extension: L 10° / R 0° (normal 0°), 10° less on the left"
    assert describe_normal(one, "left") == "Knee extension L: 10° (normal 0°), 10° short of normal"


def test_describe_one_side() -> None:
    result = compare_to_normal("hip", "flexion", 100)

    assert describe_normal(result, "right") == "Hip flexion R: 100° (normal 125°), 80% of normal"
    assert describe_normal(compare_to_normal("cervical", "flexion", 45)).startswith(
        "Cervical flexion: 45°"
    )


def test_a_zero_range_on_both_sides_has_no_percentage() -> None:
    result = compare_sides("shoulder", "flexion", left=0, right=0)

    assert result.percent_less is None
    assert result.left.percent_of_normal == 0


def test_unsided_movements_have_no_sides_to_compare() -> None:
    with pytest.raises(InvalidMeasurement, match="no left and right") as caught:
        compare_sides("cervical", "flexion", left=40, right=45)
    assert caught.value.field == "side"


# --- Checking a measurement -------------------------------------------------------------------


def test_a_good_measurement_passes() -> None:
    assert check_measurement("knee", "flexion", side="left", degrees=120).degrees == 140
    assert check_measurement("cervical", "flexion", side="none", degrees=40).label == "Flexion"


@pytest.mark.parametrize(
    ("arguments", "field", "words"),
    [
        (("elbow", "flexion", "left", 90), "joint", "unknown joint 'elbow'"),
        (("knee", "rotation", "left", 90), "movement", "Knee has no movement 'rotation'"),
        (("knee", "flexion", "none", 90), "side", "measured on each side"),
        (("cervical", "flexion", "left", 40), "side", "has no side"),
        (("cervical", "rotation", "both", 40), "side", "side must be one of"),
        (("knee", "flexion", "left", 361), "degrees", "0 to 360"),
        (("knee", "flexion", "left", -1), "degrees", "0 to 360"),
        (("knee", "flexion", "left", float("nan")), "degrees", "0 to 360"),
        (("knee", "flexion", "left", "90"), "degrees", "must be a number"),
        (("knee", "flexion", "left", True), "degrees", "must be a number"),
    ],
)
def test_a_bad_measurement_names_the_field(
    arguments: tuple[str, str, str, Any], field: str, words: str
) -> None:
    joint, movement, side, degrees = arguments

    with pytest.raises(InvalidMeasurement, match=words) as caught:
        check_measurement(joint, movement, side=side, degrees=degrees)

    assert caught.value.field == field


# --- A broken file fails loudly, naming the entry ---------------------------------------------


def _break(path: tuple[str, ...], value: Any) -> dict[str, Any]:
    data = copy.deepcopy(_raw())
    target = data
    for key in path[:-1]:
        target = target[key]
    if value is KeyError:
        del target[path[-1]]
    else:
        target[path[-1]] = value
    return data


@pytest.mark.parametrize(
    ("path", "value", "message"),
    [
        (("knee", "movements", "flexion", "degrees"), "140", "knee.movements.flexion.degrees"),
        (("knee", "movements", "flexion", "degrees"), 400, "400 is outside 0 to 360"),
        (("knee", "movements", "flexion", "degrees"), True, "expected whole degrees"),
        (("hip", "movements", "flexion", "label"), KeyError, "hip.movements.flexion.label: miss"),
        (("hip", "sources"), [], "hip.sources: expected a non-empty list"),
        (("hip", "regions"), ["elbow"], "unknown body region 'elbow'"),
        (("hip", "bilateral"), "yes", "hip.bilateral: expected true or false"),
        (("hip", "movements", "flexion", "sided"), True, "bilateral joint is sided already"),
        (("hip", "movements", "flexion", "colour"), "red", "flexion.colour: unknown key"),
        (("knee", "movements", "extension", "rationale"), KeyError, "policy needs a rationale"),
        (("hip", "movements", "flexion", "shortfall"), True, "only a movement whose normal is 0"),
        (("hip", "movements"), {}, "hip.movements: expected at least one movement"),
        (("hip",), "a table", "hip: expected a table"),
    ],
)
def test_a_broken_entry_is_named(path: tuple[str, ...], value: Any, message: str) -> None:
    with pytest.raises(RangeOfMotionDataError, match=r"range_of_motion\.toml") as caught:
        parse_range_of_motion(_break(path, value))

    assert message in str(caught.value)


def test_the_file_as_shipped_parses_to_the_loaded_table() -> None:
    assert parse_range_of_motion(_raw()) == JOINTS
