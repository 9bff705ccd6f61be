"""Checking an assessment before anything is saved: every error keyed by its field.

Keys name the entry and field the way the API body does (`rom[1].degrees`,
`questionnaires[0].answers`), so a 422 and a page can point at exactly what is wrong. Range of
motion is read against the clinical core's table and questionnaires are scored by the core.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import cast

from django.core.exceptions import ValidationError
from django.utils import timezone

from medmassage.assessments.choices import (
    SPECIAL_TESTS_BY_ID,
    TENDERNESS_CHOICES,
    PostureObservation,
    TestResult,
    Tone,
)
from medmassage.assessments.entries import (
    AssessmentEntry,
    PalpationEntry,
    PostureEntry,
    QuestionnaireEntry,
    RomEntry,
    SpecialTestEntry,
)
from medmassage.assessments.models import NOTES_CHARS
from medmassage.clinical.range_of_motion import InvalidMeasurement, check_measurement
from medmassage.clinical.vocabulary import REGIONS, Side
from medmassage.outcomes.validation import ScoredAnswers, score_questionnaire
from medmassage.problems import FieldErrors

FINDING_NOTES_CHARS = 500
SIDES = tuple(side.value for side in Side)
TENDERNESS = tuple(value for value, _ in TENDERNESS_CHOICES)


@dataclass(frozen=True, kw_only=True)
class CheckedRom:
    entry: RomEntry
    degrees: int
    normal_degrees: int


@dataclass(frozen=True, kw_only=True)
class CheckedAssessment:
    """An assessment every part of which is valid, ready to save."""

    entry: AssessmentEntry
    assessed_on: date
    rom: tuple[CheckedRom, ...]
    special_test_regions: tuple[str, ...]
    questionnaires: tuple[tuple[QuestionnaireEntry, ScoredAnswers], ...]


def validate_assessment(entry: AssessmentEntry) -> CheckedAssessment:
    """Check every part; raise one ValidationError naming every bad field, else the checked."""
    errors = FieldErrors()
    assessed_on = entry.assessed_on or timezone.localdate()
    if assessed_on > timezone.localdate():
        errors.add("assessed_on", "an assessment cannot be dated in the future")
    errors.check_text("notes", entry.notes, NOTES_CHARS)
    if entry.is_empty:
        errors.add("__all__", "record at least one finding, questionnaire or note")
    rom = _check_rom(errors, entry.rom)
    for index, posture in enumerate(entry.posture):
        _check_posture(errors, f"posture[{index}]", posture)
    for index, palpation in enumerate(entry.palpation):
        _check_palpation(errors, f"palpation[{index}]", palpation)
    regions = tuple(
        _check_special_test(errors, f"special_tests[{index}]", test)
        for index, test in enumerate(entry.special_tests)
    )
    questionnaires = _check_questionnaires(errors, entry.questionnaires)
    errors.raise_any()
    return CheckedAssessment(
        entry=entry,
        assessed_on=assessed_on,
        rom=rom,
        special_test_regions=regions,
        questionnaires=questionnaires,
    )


def _check_rom(errors: FieldErrors, entries: Sequence[RomEntry]) -> tuple[CheckedRom, ...]:
    checked: list[CheckedRom] = []
    seen: dict[tuple[str, str, str], str] = {}
    for index, entry in enumerate(entries):
        key = f"rom[{index}]"
        errors.check_text(f"{key}.notes", entry.notes, FINDING_NOTES_CHARS)
        try:
            movement = check_measurement(
                entry.joint, entry.movement, side=entry.side, degrees=entry.degrees
            )
        except InvalidMeasurement as error:
            errors.add(f"{key}.{error.field}", str(error))
            continue
        # check_measurement has read the degrees as a number in range.
        value = float(cast(float, entry.degrees))
        if not value.is_integer():
            errors.add(f"{key}.degrees", "record whole degrees")
            continue
        where = (entry.joint, entry.movement, entry.side)
        if where in seen:
            errors.add(key, f"{movement.name} ({entry.side}) is entered twice: see {seen[where]}")
            continue
        seen[where] = key
        degrees = int(value)
        checked.append(CheckedRom(entry=entry, degrees=degrees, normal_degrees=movement.degrees))
    return tuple(checked)


def _check_posture(errors: FieldErrors, key: str, entry: PostureEntry) -> None:
    errors.check_choice(f"{key}.region", entry.region, REGIONS)
    errors.check_choice(f"{key}.side", entry.side, ("", *SIDES))
    errors.check_choice(f"{key}.observation", entry.observation, PostureObservation.values)
    if entry.observation == PostureObservation.OTHER and not entry.notes.strip():
        errors.add(f"{key}.notes", "describe the observation")
    errors.check_text(f"{key}.notes", entry.notes, FINDING_NOTES_CHARS)


def _check_palpation(errors: FieldErrors, key: str, entry: PalpationEntry) -> None:
    errors.check_choice(f"{key}.region", entry.region, REGIONS)
    errors.check_choice(f"{key}.side", entry.side, SIDES)
    tenderness = entry.tenderness
    if isinstance(tenderness, bool) or tenderness not in TENDERNESS:
        errors.add(f"{key}.tenderness", f"tenderness is graded 0 to 3, got {tenderness!r}")
    errors.check_choice(f"{key}.tone", entry.tone, Tone.values)
    errors.check_text(f"{key}.notes", entry.notes, FINDING_NOTES_CHARS)


def _check_special_test(errors: FieldErrors, key: str, entry: SpecialTestEntry) -> str:
    """Check one test; return the region it is recorded in (the test's own by default)."""
    errors.check_choice(f"{key}.result", entry.result, TestResult.values)
    errors.check_choice(f"{key}.side", entry.side, ("", *SIDES))
    errors.check_text(f"{key}.notes", entry.notes, FINDING_NOTES_CHARS)
    test = SPECIAL_TESTS_BY_ID.get(entry.test)
    if test is None:
        errors.check_choice(f"{key}.test", entry.test, tuple(SPECIAL_TESTS_BY_ID))
        return entry.region
    if test.id == "other" and not entry.notes.strip():
        errors.add(f"{key}.notes", "name the test")
    region = entry.region or test.region
    if not region:
        errors.add(f"{key}.region", "choose the region tested")
    else:
        errors.check_choice(f"{key}.region", region, REGIONS)
    return region


def _check_questionnaires(
    errors: FieldErrors, entries: Sequence[QuestionnaireEntry]
) -> tuple[tuple[QuestionnaireEntry, ScoredAnswers], ...]:
    scored, seen = [], set()
    for index, entry in enumerate(entries):
        prefix = f"questionnaires[{index}]."
        if entry.instrument in seen:
            errors.add(f"{prefix}instrument", f"{entry.instrument} is given twice")
            continue
        seen.add(entry.instrument)
        try:
            result = score_questionnaire(
                entry.instrument, entry.answers, activities=entry.activities, prefix=prefix
            )
        except ValidationError as error:
            errors.extend(error.message_dict)
            continue
        scored.append((entry, result))
    return tuple(scored)
