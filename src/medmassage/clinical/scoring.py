"""Score an outcome instrument from its item responses (rules: knowledge/instruments.toml).

Arithmetic is exact (Fractions) until the final float, so a band boundary such as ODI 20 % or a
prorated NDI raw sum is never missed by a rounding error. Bands are half-open intervals
(previous upper, upper]: FACTS.md's integer bands "0-20, 21-40" read as "<= 20, <= 40", so an
unrounded 20.5 is above the first band.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from fractions import Fraction

from medmassage.clinical.instruments import (
    Instrument,
    InvalidInput,
    Items,
    MeasureError,
    Subscale,
    get_instrument,
)

Answer = int | float | None
UNANSWERED = "-"  # how an unanswered item is written in text (the command line, forms)


class InvalidAnswers(InvalidInput):
    """The answers cannot belong to this instrument: wrong count, or a value it does not allow."""


class TooManyMissing(MeasureError):
    """The answers are valid, but too many are unanswered to score."""


@dataclass(frozen=True, kw_only=True)
class SubscaleScore:
    id: str
    label: str
    score: float
    answered: int
    items: int


@dataclass(frozen=True, kw_only=True)
class Score:
    """A scored instrument; `score` is unrounded (round only for display)."""

    instrument: str
    score: float
    min: float
    max: float
    higher_is_better: bool
    band: str | None
    answered: int
    items: int
    prorated: bool
    unit: str
    subscales: tuple[SubscaleScore, ...] = ()


def score(instrument_id: str, answers: Sequence[Answer]) -> Score:
    """Score one instrument; raises UnknownInstrument, InvalidAnswers or TooManyMissing."""
    instrument = get_instrument(instrument_id)
    values = _reversed(instrument.items, _checked(instrument, answers))
    _check_missing(instrument, values)
    subscales = tuple(_subscale(values, subscale) for subscale in instrument.scoring.subscales)
    total = _total(instrument, values, subscales)
    answered = sum(value is not None for value in values)
    return Score(
        instrument=instrument.id,
        score=float(total),
        min=instrument.min,
        max=instrument.max,
        higher_is_better=instrument.higher_is_better,
        band=_band(instrument, values, total),
        answered=answered,
        items=len(values),
        prorated=answered < len(values),
        unit=instrument.unit,
        subscales=tuple(
            SubscaleScore(
                id=subscale.id,
                label=subscale.label,
                score=float(value),
                answered=sum(v is not None for v in _slice(values, subscale)),
                items=subscale.item_count,
            )
            for subscale, value in zip(instrument.scoring.subscales, subscales, strict=True)
        ),
    )


def parse_answers(instrument_id: str, texts: Sequence[str]) -> tuple[Answer, ...]:
    """Read answers written as text ("-" unanswered); raise InvalidAnswers naming the item."""
    instrument = get_instrument(instrument_id)
    return tuple(_parsed(instrument, number, text) for number, text in enumerate(texts, 1))


def _parsed(instrument: Instrument, number: int, text: str) -> Answer:
    text = text.strip()
    if text == UNANSWERED:
        return None
    try:
        return int(text)
    except ValueError:
        pass
    try:
        value = float(text)
    except ValueError:
        value = math.nan
    if not math.isfinite(value):
        raise InvalidAnswers(
            f"{instrument.id} item {number}: {text!r} is not a number; "
            f"allowed: {_allowed(instrument.items)}, or {UNANSWERED!r} for unanswered"
        )
    return value


def _allowed(items: Items) -> str:
    low, high = items.responses[0], items.responses[-1]
    if items.responses == tuple(range(low, high + 1)):
        return f"whole numbers {low} to {high}"
    return "one of " + ", ".join(str(value) for value in items.responses)


def _checked(instrument: Instrument, answers: Sequence[Answer]) -> tuple[int | None, ...]:
    items = instrument.items
    if isinstance(answers, str | bytes) or not isinstance(answers, Sequence):
        raise InvalidAnswers(f"{instrument.id}: answers must be a sequence of numbers")
    if not items.min_count <= len(answers) <= items.max_count:
        expected = f"{items.min_count} to {items.max_count}"
        if items.min_count == items.max_count:
            expected = str(items.max_count)
        raise InvalidAnswers(
            f"{instrument.id} takes {expected} answer(s), one per item; got {len(answers)}"
        )
    return tuple(_value(instrument, number, answer) for number, answer in enumerate(answers, 1))


def _value(instrument: Instrument, number: int, answer: object) -> int | None:
    if answer is None:
        return None
    where, allowed = f"{instrument.id} item {number}", _allowed(instrument.items)
    # bool is an int to Python, but True is not a response anyone gave.
    if not isinstance(answer, int | float) or isinstance(answer, bool) or not math.isfinite(answer):
        raise InvalidAnswers(f"{where}: {answer!r} is not a number; allowed: {allowed}")
    responses = instrument.items.responses
    if not responses[0] <= answer <= responses[-1]:
        raise InvalidAnswers(f"{where}: {answer:g} is out of range; allowed: {allowed}")
    if answer not in responses:
        raise InvalidAnswers(f"{where}: {answer:g} is not a response; allowed: {allowed}")
    return int(answer)


def _reversed(items: Items, values: tuple[int | None, ...]) -> tuple[Fraction | None, ...]:
    # Reverse-scored items (PSS-10 4, 5, 7, 8: 4 - x; Cohen 1983) count min + max - x.
    top = items.responses[0] + items.responses[-1]
    return tuple(
        None if value is None else Fraction(top - value if number in items.reverse else value)
        for number, value in enumerate(values, 1)
    )


def _check_missing(instrument: Instrument, values: Sequence[Fraction | None]) -> None:
    rule = instrument.missing
    unanswered = [number for number, value in enumerate(values, 1) if value is None]
    answered = len(values) - len(unanswered)
    if unanswered and rule.max_missing == 0:
        allowed = "every item must be answered"
    elif answered < rule.min_answered:
        allowed = f"at least {rule.min_answered} must be answered"
    elif len(unanswered) > rule.max_missing:
        allowed = f"at most {rule.max_missing} may be unanswered"
    else:
        _check_subscales_missing(instrument, unanswered)
        return
    raise TooManyMissing(
        f"{instrument.id}: {len(unanswered)} of {len(values)} items unanswered "
        f"(item {', '.join(map(str, unanswered))}); {allowed}"
    )


def _check_subscales_missing(instrument: Instrument, unanswered: Sequence[int]) -> None:
    for subscale in instrument.scoring.subscales:
        missing = [number for number in unanswered if subscale.first <= number <= subscale.last]
        if len(missing) > subscale.max_missing:
            allowed = f"at most {subscale.max_missing} may be unanswered"
            if subscale.max_missing == 0:
                allowed = "every one must be answered"
            raise TooManyMissing(
                f"{instrument.id}: {subscale.label} items {subscale.first}-{subscale.last}: "
                f"item {', '.join(map(str, missing))} unanswered; {allowed}"
            )


def _slice(values: Sequence[Fraction | None], subscale: Subscale) -> Sequence[Fraction | None]:
    return values[subscale.first - 1 : subscale.last]


def _prorated_sum(values: Sequence[Fraction | None]) -> Fraction:
    """The sum scaled up to every item, so a missing item counts as the mean of the others."""
    answered = [value for value in values if value is not None]
    return sum(answered, Fraction(0)) * len(values) / len(answered)


def _subscale(values: Sequence[Fraction | None], subscale: Subscale) -> Fraction:
    # FIQR: function sum / 3 (prorated x 9 / answered), overall sum, symptoms sum / 2 (fiqr.info).
    return _prorated_sum(_slice(values, subscale)) / subscale.divisor


def _total(
    instrument: Instrument, values: Sequence[Fraction | None], subscales: Sequence[Fraction]
) -> Fraction:
    method = instrument.scoring.method
    answered = [value for value in values if value is not None]
    mean = sum(answered, Fraction(0)) / len(answered)
    if method == "sum":
        return _prorated_sum(values)
    if method == "mean":
        return mean
    if method == "percent_of_range":
        # NDI/ODI sum / (5 x answered) x 100; QuickDASH ((sum / n) - 1) x 25: the same formula.
        low, high = instrument.items.responses[0], instrument.items.responses[-1]
        return (mean - low) / (high - low) * 100
    return sum(subscales, Fraction(0))


def _band(instrument: Instrument, values: Sequence[Fraction | None], total: Fraction) -> str | None:
    """The band holding the score, or (NDI) the raw sum prorated to every item."""
    rule = instrument.bands
    value = _prorated_sum(values) if rule.basis == "prorated_raw_sum" else total
    for band in rule.levels:
        if value <= band.upper:
            return band.label
    return None
