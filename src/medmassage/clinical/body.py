"""Body regions with sides, and areas as sets of region halves for exact region arithmetic."""

from __future__ import annotations

import functools
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from medmassage.clinical.vocabulary import REGIONS, Side

# An area is a set of (region, half) pairs, half being "left" or "right": "both" is both
# halves, so excluding {hip, right} from {hip, both} leaves exactly {hip, left}.
Half = tuple[str, str]
Area = frozenset[Half]

_HALVES = (Side.LEFT.value, Side.RIGHT.value)
WHOLE_BODY: Area = frozenset((region, half) for region in REGIONS for half in _HALVES)
EMPTY: Area = frozenset()


@dataclass(frozen=True)
class RegionRef:
    """A body region on one side or both."""

    region: str
    side: Side = Side.BOTH

    def area(self) -> Area:
        """The halves this reference covers."""
        if self.side is Side.BOTH:
            return frozenset((self.region, half) for half in _HALVES)
        return frozenset({(self.region, self.side.value)})

    def to_json(self) -> dict[str, str]:
        """The contract shape `{region, side}`."""
        return {"region": self.region, "side": self.side.value}

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> RegionRef:
        """Read `{region, side}` back (no side means both)."""
        return cls(str(data["region"]), Side(data.get("side") or Side.BOTH.value))


def area_of(refs: Iterable[RegionRef]) -> Area:
    """The union of the halves covered by `refs`."""
    halves: set[Half] = set()
    for ref in refs:
        halves |= ref.area()
    return frozenset(halves)


def both_sides(regions: Iterable[str]) -> Area:
    """Both halves of every region named."""
    return frozenset((region, half) for region in regions for half in _HALVES)


@functools.lru_cache(maxsize=8192)
def refs_of(area: Area) -> tuple[RegionRef, ...]:
    """Region references covering `area`, both halves merged into `both`, in body order."""
    refs = []
    for region in REGIONS:
        left, right = (region, "left") in area, (region, "right") in area
        if left and right:
            refs.append(RegionRef(region, Side.BOTH))
        elif left or right:
            refs.append(RegionRef(region, Side.LEFT if left else Side.RIGHT))
    return tuple(refs)


def regions_of(area: Area) -> frozenset[str]:
    """The region names an area touches."""
    return frozenset(region for region, _ in area)


def restrict_sides(area: Area, side: Side) -> Area:
    """Keep only the halves on `side` (all of them for `both`)."""
    if side is Side.BOTH:
        return area
    return frozenset(half for half in area if half[1] == side.value)
