"""Normal active range of motion per joint and movement, and measured values compared with it.

The normals are kept with their sources (sources.toml ids) in knowledge/range_of_motion.toml
and checked once at import: a broken entry fails loudly, naming the joint, movement and key.
Comparisons are unrounded; round only for display (`describe_*` does).
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from types import MappingProxyType
from typing import Any, Literal, get_args

from medmassage.clinical import vocabulary
from medmassage.clinical.knowledge_entry import Entry, KnowledgeError, read_toml
from medmassage.clinical.knowledge_sources import Source, packaged_sources

FILE = "range_of_motion.toml"
MAX_DEGREES = 360
RomSide = Literal["left", "right", "none"]
ROM_SIDES: tuple[RomSide, ...] = get_args(RomSide)
NO_SIDE: RomSide = "none"
_SIDE_INITIALS = {"left": "L", "right": "R"}


class RangeOfMotionDataError(KnowledgeError):
    """range_of_motion.toml has a broken entry; the message names the entry and the key."""


class InvalidMeasurement(ValueError):
    """A measurement that cannot be read against the table; `field` names the culprit."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field


@dataclass(frozen=True, kw_only=True)
class Movement:
    """One movement of a joint with its normal end of range and where that normal comes from."""

    joint: str
    joint_label: str
    id: str
    label: str
    degrees: int
    sided: bool  # measured on the left and on the right
    shortfall: bool  # the value recorded is how far short of the normal end the movement stops
    note: str | None
    policy: bool
    rationale: str | None
    sources: tuple[str, ...]

    @property
    def name(self) -> str:
        """E.g. "Cervical rotation" (the joint's label without "spine")."""
        return f"{self.joint_label.removesuffix(' spine')} {self.label.lower()}"


@dataclass(frozen=True, kw_only=True)
class Joint:
    id: str
    label: str
    regions: tuple[str, ...]
    bilateral: bool  # a limb joint: left and right are separate joints
    movements: Mapping[str, Movement]
    sources: tuple[str, ...]


@dataclass(frozen=True, kw_only=True)
class NormalComparison:
    """A measured value against the normal: how far short of it, and what percentage of it."""

    movement: Movement
    measured: float
    normal: int
    shortfall: float  # degrees below the normal end of range; 0 when at or beyond it
    percent_of_normal: float | None  # None where the normal is 0

    @property
    def within_normal(self) -> bool:
        return self.shortfall <= 0


@dataclass(frozen=True, kw_only=True)
class SideComparison:
    """Left against right: the difference in degrees, and how much less the lesser side moves."""

    movement: Movement
    left: NormalComparison
    right: NormalComparison
    difference: float  # absolute, in degrees
    less_side: Literal["left", "right"] | None  # None when both sides move alike
    percent_less: float | None  # the difference as a percentage of the better side's value


# --- Reading the file -------------------------------------------------------------------------


def _degrees(entry: Entry, key: str) -> int:
    value = entry.data.get(key)
    entry.read.add(key)
    if isinstance(value, bool) or not isinstance(value, int):
        raise entry.fail(key, f"expected whole degrees, got {value!r}")
    if not 0 <= value <= MAX_DEGREES:
        raise entry.fail(key, f"{value} is outside 0 to {MAX_DEGREES}")
    return value


def _citations(
    entry: Entry, known: Mapping[str, Source], default: tuple[str, ...] | None
) -> tuple[str, ...]:
    """The citations of the entry's source ids (the joint's when a movement names none)."""
    if "sources" not in entry.data and default is not None:
        return default
    ids = entry.texts("sources")
    unknown = [source for source in ids if source not in known]
    if unknown:
        raise entry.fail("sources", f"unknown source {unknown[0]!r}")
    return tuple(known[source].citation for source in ids)


def _read_movement(
    movement_id: str, entry: Entry, joint: Entry, *, joint_id: str, known: Mapping[str, Source]
) -> Movement:
    bilateral, sided = joint.flag("bilateral"), entry.flag("sided")
    if bilateral and sided:
        raise entry.fail("sided", "every movement of a bilateral joint is sided already")
    movement = Movement(
        joint=joint_id,
        joint_label=joint.text("label"),
        id=movement_id,
        label=entry.text("label"),
        degrees=_degrees(entry, "degrees"),
        sided=bilateral or sided,
        shortfall=entry.flag("shortfall"),
        note=entry.optional_text("note"),
        policy=entry.flag("policy"),
        rationale=entry.optional_text("rationale"),
        sources=_citations(entry, known, _citations(joint, known, None)),
    )
    entry.done()
    if movement.policy and movement.rationale is None:
        raise entry.fail("rationale", "a policy needs a rationale")
    if movement.shortfall and movement.degrees != 0:
        raise entry.fail(
            "shortfall", "only a movement whose normal is 0 is recorded as a shortfall"
        )
    return movement


def _read_joint(joint_id: str, entry: Entry, known: Mapping[str, Source]) -> Joint:
    regions = entry.texts("regions")
    unknown = [region for region in regions if region not in vocabulary.REGIONS]
    if unknown:
        raise entry.fail("regions", f"unknown body region {unknown[0]!r}")
    tables = entry.child("movements", entry.get("movements", dict))
    if not tables.data:
        raise entry.fail("movements", "expected at least one movement")
    movements = {
        key: _read_movement(key, tables.child(key, value), entry, joint_id=joint_id, known=known)
        for key, value in tables.data.items()
    }
    joint = Joint(
        id=joint_id,
        label=entry.text("label"),
        regions=regions,
        bilateral=entry.flag("bilateral"),
        movements=MappingProxyType(movements),
        sources=_citations(entry, known, None),
    )
    entry.done()
    return joint


def parse_range_of_motion(
    data: Mapping[str, Any], sources: Mapping[str, Source] | None = None
) -> Mapping[str, Joint]:
    """Check parsed range_of_motion.toml and build the joints, or raise RangeOfMotionDataError."""
    if not data:
        raise RangeOfMotionDataError(f"{FILE}: no joints")
    known = packaged_sources() if sources is None else sources
    return MappingProxyType(
        {
            key: _read_joint(
                key, Entry(f"{FILE}: {key}", data[key], error=RangeOfMotionDataError), known
            )
            for key in data
        }
    )


def _load() -> Mapping[str, Joint]:
    return parse_range_of_motion(
        read_toml(Path(__file__).parent / "knowledge" / FILE, RangeOfMotionDataError)
    )


JOINTS: Mapping[str, Joint] = _load()


# --- Looking up and comparing -----------------------------------------------------------------


def get_movement(joint_id: str, movement_id: str) -> Movement:
    """The movement of this joint, or InvalidMeasurement naming the known ones."""
    joint = JOINTS.get(joint_id) if isinstance(joint_id, str) else None
    if joint is None:
        raise InvalidMeasurement("joint", f"unknown joint {joint_id!r}; known: {', '.join(JOINTS)}")
    movement = joint.movements.get(movement_id) if isinstance(movement_id, str) else None
    if movement is None:
        known = ", ".join(joint.movements)
        raise InvalidMeasurement(
            "movement", f"{joint.label} has no movement {movement_id!r}; known: {known}"
        )
    return movement


def check_measurement(joint_id: str, movement_id: str, *, side: str, degrees: object) -> Movement:
    """The movement, once side and degrees fit it; else InvalidMeasurement naming the field."""
    movement = get_movement(joint_id, movement_id)
    if side not in ROM_SIDES:
        raise InvalidMeasurement("side", f"side must be one of {', '.join(ROM_SIDES)}")
    if movement.sided and side == NO_SIDE:
        raise InvalidMeasurement("side", f"{movement.name} is measured on each side: left or right")
    if not movement.sided and side != NO_SIDE:
        raise InvalidMeasurement("side", f"{movement.name} has no side: choose {NO_SIDE}")
    _check_degrees(degrees)
    return movement


def _check_degrees(degrees: object) -> float:
    if isinstance(degrees, bool) or not isinstance(degrees, int | float):
        raise InvalidMeasurement("degrees", f"degrees must be a number, got {degrees!r}")
    if not math.isfinite(degrees) or not 0 <= degrees <= MAX_DEGREES:
        raise InvalidMeasurement("degrees", f"degrees must be 0 to {MAX_DEGREES}, got {degrees}")
    return float(degrees)


def compare_to_normal(joint_id: str, movement_id: str, degrees: float) -> NormalComparison:
    """A measured value against the movement's normal (percent of normal, degrees short)."""
    movement = get_movement(joint_id, movement_id)
    measured = _check_degrees(degrees)
    # Knee extension (normal 0) is recorded as the degrees short of full extension.
    shortfall = measured if movement.shortfall else max(0.0, movement.degrees - measured)
    percent = None
    if not movement.shortfall and movement.degrees > 0:
        percent = measured / movement.degrees * 100
    return NormalComparison(
        movement=movement,
        measured=measured,
        normal=movement.degrees,
        shortfall=shortfall,
        percent_of_normal=percent,
    )


def compare_sides(joint_id: str, movement_id: str, *, left: float, right: float) -> SideComparison:
    """Left against right for a sided movement: difference in degrees and percent less."""
    movement = get_movement(joint_id, movement_id)
    if not movement.sided:
        raise InvalidMeasurement("side", f"{movement.name} has no left and right to compare")
    left_vs, right_vs = (compare_to_normal(joint_id, movement_id, value) for value in (left, right))
    difference = abs(left_vs.measured - right_vs.measured)
    less_side: Literal["left", "right"] | None = None
    percent = None
    if difference > 0:
        # Less movement is the smaller range, or the larger shortfall (knee extension).
        smaller_is_less = not movement.shortfall
        left_less = (left_vs.measured < right_vs.measured) == smaller_is_less
        less_side = "left" if left_less else "right"
        better = max(left_vs.measured, right_vs.measured)
        if not movement.shortfall and better > 0:
            percent = difference / better * 100
    return SideComparison(
        movement=movement,
        left=left_vs,
        right=right_vs,
        difference=difference,
        less_side=less_side,
        percent_less=percent,
    )


# --- Describing for people (rounded) ----------------------------------------------------------


def _deg(value: float) -> str:
    return f"{round(value):d}°" if float(value).is_integer() else f"{value:.1f}°"


def describe_normal(comparison: NormalComparison, side: str = NO_SIDE) -> str:
    """E.g. "Hip flexion R: 100° (normal 125°), 80% of normal"."""
    movement = comparison.movement
    where = f" {_SIDE_INITIALS[side]}" if side in _SIDE_INITIALS else ""
    text = f"{movement.name}{where}: {_deg(comparison.measured)} (normal {_deg(movement.degrees)})"
    if comparison.percent_of_normal is not None:
        return f"{text}, {comparison.percent_of_normal:.0f}% of normal"
    if movement.shortfall and comparison.shortfall > 0:
        return f"{text}, {_deg(comparison.shortfall)} short of normal"
    return text


def describe_sides(comparison: SideComparison) -> str:
    """E.g. "Cervical rotation: L 60° / R 80° (normal 80°), 25% less on the left"."""
    movement = comparison.movement
    text = (
        f"{movement.name}: L {_deg(comparison.left.measured)} / "
        f"R {_deg(comparison.right.measured)} (normal {_deg(movement.degrees)})"
    )
    if comparison.less_side is None:
        return f"{text}, equal on both sides"
    if comparison.percent_less is not None:
        return f"{text}, {comparison.percent_less:.0f}% less on the {comparison.less_side}"
    return f"{text}, {_deg(comparison.difference)} less on the {comparison.less_side}"
