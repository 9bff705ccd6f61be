"""Questionnaire answers checked and scored by the clinical core, errors named by field.

The core decides what is valid (item count, response values, how many may be missing); this
module only turns its errors into a ValidationError whose keys name the field, so that pages and
the API show "answers: ndi item 3: 7 is out of range ..." and nothing is saved.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import cast

from medmassage.clinical.instruments import UnknownInstrument
from medmassage.clinical.scoring import Answer, InvalidAnswers, Score, TooManyMissing, score
from medmassage.problems import FieldErrors, invalid

PSFS = "psfs"
MAX_ACTIVITY_CHARS = 100


@dataclass(frozen=True, kw_only=True)
class ScoredAnswers:
    """Answers as the core read them (ints, None unanswered), with their score."""

    answers: tuple[int | None, ...]
    activities: tuple[str, ...]
    score: Score


def score_questionnaire(
    instrument: str,
    answers: object,
    *,
    activities: Sequence[str] = (),
    prefix: str = "",
) -> ScoredAnswers:
    """Score the answers with the core, or raise InvalidInput keyed `{prefix}answers` etc."""
    try:
        # The core checks the answers themselves (count, type, range) and says what is wrong.
        result = score(instrument, cast(Sequence[Answer], answers))
    except UnknownInstrument as error:
        raise invalid(f"{prefix}instrument", str(error)) from None
    except (InvalidAnswers, TooManyMissing) as error:
        raise invalid(f"{prefix}answers", str(error)) from None
    # The core accepted them, so they are a sequence of response values or None.
    accepted = cast(Sequence[Answer], answers)
    values = tuple(None if answer is None else int(answer) for answer in accepted)
    named = _activities(instrument, values, activities, prefix=prefix)
    return ScoredAnswers(answers=values, activities=named, score=result)


def _activities(
    instrument: str, answers: Sequence[int | None], activities: Sequence[str], *, prefix: str
) -> tuple[str, ...]:
    key = f"{prefix}activities"
    if instrument != PSFS:
        if activities:
            raise invalid(key, f"only the PSFS names activities, not {instrument}")
        return ()
    if isinstance(activities, str) or len(activities) != len(answers):
        raise invalid(key, "name one activity for each answer, in the same order")
    names = tuple(str(name).strip() if name is not None else "" for name in activities)
    errors = FieldErrors()
    for number, (name, answer) in enumerate(zip(names, answers, strict=True), 1):
        if answer is not None and not name:
            errors.add(key, f"activity {number}: name the activity the client rated")
        if len(name) > MAX_ACTIVITY_CHARS:
            errors.add(key, f"activity {number}: at most {MAX_ACTIVITY_CHARS} characters")
    errors.raise_any()
    return names
