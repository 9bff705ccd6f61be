"""The contract vocabularies (ids other programs rely on), ordered where order matters."""

from __future__ import annotations

from enum import StrEnum


class Decision(StrEnum):
    """Screening decision, least to most severe (declaration order is severity order)."""

    PROCEED = "proceed"
    MODIFY = "modify"
    POSTPONE = "postpone"
    CLEARANCE = "clearance"
    REFER_URGENT = "refer_urgent"
    REFER_EMERGENCY = "refer_emergency"

    @property
    def severity(self) -> int:
        return _DECISION_SEVERITY[self]

    @property
    def stops_treatment(self) -> bool:
        """Whether no hands-on work may happen today under this decision."""
        return self.severity >= Decision.POSTPONE.severity


class Pressure(StrEnum):
    """Pressure, lightest first (declaration order is intensity order)."""

    LIGHT = "light"
    MEDIUM = "medium"
    FIRM = "firm"
    DEEP = "deep"

    @property
    def level(self) -> int:
        return _PRESSURE_LEVEL[self]


# Looked up on every comparison in screening and planning, so computed once.
_DECISION_SEVERITY = {decision: rank for rank, decision in enumerate(Decision)}
_PRESSURE_LEVEL = {pressure: rank for rank, pressure in enumerate(Pressure)}


class Side(StrEnum):
    LEFT = "left"
    RIGHT = "right"
    BOTH = "both"


TECHNIQUES: tuple[str, ...] = (
    "swedish",
    "deep_tissue",
    "trigger_point",
    "myofascial_release",
    "neuromuscular",
    "lymphatic_drainage",
    "joint_mobilization",
    "stretching",
    "orthopedic",
    "craniosacral",
    "sports",
    "reflexology",
    "acupressure",
    "intraoral_jaw",
)

REGIONS: tuple[str, ...] = (
    "head",
    "jaw",
    "neck",
    "shoulder",
    "upper_arm",
    "forearm",
    "hand",
    "chest",
    "abdomen",
    "upper_back",
    "lower_back",
    "pelvis",
    "hip",
    "thigh",
    "knee",
    "lower_leg",
    "foot",
)

INSTRUMENTS: tuple[str, ...] = (
    "nprs",
    "ndi",
    "odi",
    "quickdash",
    "lefs",
    "psfs",
    "hit6",
    "pss10",
    "fiqr",
)

FINDING_KINDS: tuple[str, ...] = ("red_flag", "contraindication", "precaution", "scope", "consent")
EXCLUSION_REASONS: tuple[str, ...] = ("contraindication", "precaution", "credential", "scope")
