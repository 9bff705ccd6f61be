"""Timed CPT units by the 8-minute rule (CMS Claims Processing Manual 100-04, ch. 5, §20.2).

Total timed minutes of the visit are pooled: units = floor(minutes / 15), plus 1 if the
remainder is 8 or more (8-22 min = 1 unit, 23-37 = 2, 38-52 = 3); under 8 minutes bills nothing,
so 7 minutes of one code alone is 0 units. The units go to the codes as CMS's examples do: each
full 15 minutes of a code is a unit of that code, then any units left go one each to the codes
with the most minutes left over (24 min 97112 + 23 min 97110 = 2 units 97112 + 1 unit 97110;
33 min 97110 + 7 min 97140 = 2 units 97110 + 1 unit 97140). Where CMS says "either" (equal minutes
left over), the code listed first gets the unit, so the result is reproducible.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType

UNIT_MINUTES = 15
MIN_REMAINDER_MINUTES = 8

# The timed codes of massage practice, each 15 minutes (FACTS.md §6).
TIMED_CPT_CODES: Mapping[str, str] = MappingProxyType(
    {
        "97124": "massage (effleurage, petrissage, tapotement)",
        "97140": (
            "manual therapy (mobilization, manual lymphatic drainage, manual traction, "
            "myofascial release)"
        ),
        "97112": "neuromuscular re-education",
    }
)


class InvalidMinutes(ValueError):
    """Minutes must be whole, non-negative numbers under a non-empty code."""


@dataclass(frozen=True, kw_only=True)
class CodeUnits:
    code: str
    minutes: int
    units: int


@dataclass(frozen=True, kw_only=True)
class BillingUnits:
    """The units billable for one visit's timed codes, in the order the codes were given."""

    total_minutes: int
    total_units: int
    codes: tuple[CodeUnits, ...]

    def units_for(self, code: str) -> int:
        """Units billed for one code (0 if it was not performed or earned none)."""
        return sum(line.units for line in self.codes if line.code == code)


def units_for_minutes(minutes: int) -> int:
    """Units for a total of timed minutes under the 8-minute rule (CMS 100-04 ch. 5 §20.2)."""
    _check_minutes("total", minutes)
    full, remainder = divmod(minutes, UNIT_MINUTES)
    return full + (1 if remainder >= MIN_REMAINDER_MINUTES else 0)


def billing_units(minutes_by_code: Mapping[str, int]) -> BillingUnits:
    """Pool one visit's timed minutes and allocate the units to codes (CMS 100-04 ch. 5 §20.2)."""
    for code, minutes in minutes_by_code.items():
        if not isinstance(code, str) or not code.strip():
            raise InvalidMinutes(f"code {code!r}: expected a non-empty code")
        _check_minutes(code, minutes)
    codes = list(minutes_by_code)
    total_minutes = sum(minutes_by_code.values())
    total_units = units_for_minutes(total_minutes)
    units = {code: minutes_by_code[code] // UNIT_MINUTES for code in codes}
    # sorted() is stable, so equal leftovers keep the order the codes were given.
    by_leftover = sorted(codes, key=lambda code: -(minutes_by_code[code] % UNIT_MINUTES))
    # Never more units left than codes with leftover minutes: each leftover is at most 14.
    for code in by_leftover[: total_units - sum(units.values())]:
        units[code] += 1
    return BillingUnits(
        total_minutes=total_minutes,
        total_units=total_units,
        codes=tuple(
            CodeUnits(code=code, minutes=minutes_by_code[code], units=units[code]) for code in codes
        ),
    )


def _check_minutes(code: str, minutes: object) -> None:
    if not isinstance(minutes, int) or isinstance(minutes, bool) or minutes < 0:
        raise InvalidMinutes(f"{code}: minutes must be a whole number 0 or more, got {minutes!r}")
