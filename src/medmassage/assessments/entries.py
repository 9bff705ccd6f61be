"""An assessment as entered (by the form or the API), before it is checked and saved.

Values are taken as given (`object` where input may be of the wrong type) so that checking, in
validation.py, can name the field of every bad value instead of failing on the first.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date


@dataclass(frozen=True, kw_only=True)
class RomEntry:
    joint: str
    movement: str
    side: str = "none"
    degrees: object = None
    pain: bool = False
    notes: str = ""


@dataclass(frozen=True, kw_only=True)
class PostureEntry:
    region: str
    observation: str
    side: str = ""
    notes: str = ""


@dataclass(frozen=True, kw_only=True)
class PalpationEntry:
    region: str
    side: str
    tenderness: object = 0
    trigger_points: bool = False
    tone: str = "normal"
    notes: str = ""


@dataclass(frozen=True, kw_only=True)
class SpecialTestEntry:
    test: str
    result: str
    side: str = ""
    region: str = ""  # default: the region the test belongs to
    notes: str = ""


@dataclass(frozen=True, kw_only=True)
class QuestionnaireEntry:
    instrument: str
    answers: object
    activities: Sequence[str] = ()


@dataclass(frozen=True, kw_only=True)
class AssessmentEntry:
    assessed_on: date | None = None  # default: today
    notes: str = ""
    rom: Sequence[RomEntry] = field(default_factory=tuple)
    posture: Sequence[PostureEntry] = field(default_factory=tuple)
    palpation: Sequence[PalpationEntry] = field(default_factory=tuple)
    special_tests: Sequence[SpecialTestEntry] = field(default_factory=tuple)
    questionnaires: Sequence[QuestionnaireEntry] = field(default_factory=tuple)

    @property
    def is_empty(self) -> bool:
        parts = (self.rom, self.posture, self.palpation, self.special_tests, self.questionnaires)
        return not self.notes.strip() and not any(parts)
