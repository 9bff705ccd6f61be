"""Scoring of each instrument: FACTS.md §1 worked examples, bands, missing items, bad input."""

from __future__ import annotations

import dataclasses
import itertools
from functools import cache

import pytest
from hypothesis import given
from hypothesis import strategies as st

from medmassage.clinical import vocabulary
from medmassage.clinical.instruments import InvalidInput, UnknownInstrument, get_instrument
from medmassage.clinical.scoring import (
    Answer,
    InvalidAnswers,
    TooManyMissing,
    parse_answers,
    score,
)


def with_sum(total: int, count: int, top: int = 5) -> list[Answer]:
    """Answers 0..top over `count` items adding up to `total` (filled from the first item)."""
    answers: list[Answer] = []
    for _ in range(count):
        answers.append(min(top, total))
        total -= min(top, total)
    assert total == 0
    return answers


@cache
def hit6_with_sum(total: int) -> list[Answer]:
    for answers in itertools.product((6, 8, 10, 11, 13), repeat=6):
        if sum(answers) == total:
            return list(answers)
    raise AssertionError(f"no HIT-6 answers add up to {total}")


@pytest.mark.parametrize(
    ("instrument_id", "answers", "expected"),
    [
        ("ndi", [3, 2, 3, 0, 0, 2, 5, 2, 2, 2], 42),
        ("odi", [2, 2, 2, 2, 2, 3, 3, 3, 3, 3], 50),
        ("quickdash", [3] * 11, 50),
        ("hit6", [6] * 6, 36),
        ("pss10", [0] * 10, 16),  # the reversed items 4, 5, 7, 8 count 4 each
    ],
)
def test_facts_worked_examples(instrument_id: str, answers: list[Answer], expected: float) -> None:
    assert score(instrument_id, answers).score == expected


def test_score_carries_the_contract_fields() -> None:
    result = score("ndi", [3, 2, 3, 0, 0, 2, 5, 2, 2, 2])
    assert (result.instrument, result.min, result.max) == ("ndi", 0, 100)
    assert (result.higher_is_better, result.band, result.answered, result.items) == (
        False,
        "moderate",  # raw sum 21
        10,
        10,
    )
    assert not result.prorated
    with pytest.raises(dataclasses.FrozenInstanceError):
        result.score = 0  # type: ignore[misc]


@pytest.mark.parametrize(
    ("raw_sum", "band"),
    [
        (0, "none"),
        (4, "none"),
        (5, "mild"),
        (14, "mild"),
        (15, "moderate"),
        (24, "moderate"),
        (25, "severe"),
        (34, "severe"),
        (35, "complete"),
        (50, "complete"),
    ],
)
def test_ndi_bands_by_raw_sum(raw_sum: int, band: str) -> None:
    result = score("ndi", with_sum(raw_sum, 10))
    assert result.score == raw_sum * 2
    assert result.band == band


def test_ndi_one_missing_is_scored_on_answered_items_and_banded_on_prorated_raw_sum() -> None:
    result = score("ndi", [*with_sum(4, 9), None])
    assert result.score == pytest.approx(400 / 45)  # 4 / (5 x 9) x 100
    assert result.answered == 9
    assert result.prorated
    assert result.band == "mild"  # prorated raw sum 4.44 is above "0-4"
    assert score("ndi", [None, *with_sum(36, 9)]).band == "complete"  # raw 40


@pytest.mark.parametrize(
    ("answers", "expected", "band"),
    [
        (with_sum(10, 10), 20, "minimal"),
        (with_sum(11, 10), 22, "moderate"),
        (with_sum(20, 10), 40, "moderate"),
        (with_sum(21, 10), 42, "severe"),
        (with_sum(30, 10), 60, "severe"),
        (with_sum(31, 10), 62, "crippled"),
        (with_sum(40, 10), 80, "crippled"),
        (with_sum(41, 10), 82, "bed-bound"),
        (with_sum(50, 10), 100, "bed-bound"),
        ([*with_sum(9, 9), None], 20, "minimal"),  # 9 / 45: exactly 20 %, however prorated
        ([*with_sum(10, 9), None], 1000 / 45, "moderate"),  # 22.2 %: above "0-20"
        ([None, *with_sum(18, 9)], 40, "moderate"),
    ],
)
def test_odi_bands_by_percent(answers: list[Answer], expected: float, band: str) -> None:
    result = score("odi", answers)
    assert result.score == pytest.approx(expected)
    assert result.band == band


@pytest.mark.parametrize(
    ("rating", "band"),
    [(0, "none"), (1, "mild"), (3, "mild"), (4, "moderate"), (6, "moderate"), (7, "severe")],
)
def test_nprs_is_the_rating_with_its_band(rating: int, band: str) -> None:
    result = score("nprs", [rating])
    assert (result.score, result.band) == (rating, band)


@pytest.mark.parametrize(
    ("total", "band"),
    [
        (36, "little or no impact"),
        (49, "little or no impact"),
        (50, "some impact"),
        (55, "some impact"),
        (56, "substantial impact"),
        (59, "substantial impact"),
        (60, "severe impact"),
        (78, "severe impact"),
    ],
)
def test_hit6_bands(total: int, band: str) -> None:
    result = score("hit6", hit6_with_sum(total))
    assert (result.score, result.band) == (total, band)


@pytest.mark.parametrize("instrument_id", ["quickdash", "lefs", "psfs", "pss10", "fiqr"])
def test_instruments_without_official_bands_have_no_band(instrument_id: str) -> None:
    instrument = get_instrument(instrument_id)
    answers = [instrument.items.responses[-1]] * instrument.items.max_count
    assert score(instrument_id, answers).band is None


def test_quickdash_allows_one_missing_of_eleven() -> None:
    result = score("quickdash", [5, *([1] * 9), None])  # mean 1.4: (1.4 - 1) x 25
    assert result.score == pytest.approx(10)
    assert result.answered == 10
    with pytest.raises(TooManyMissing, match="at most 1"):
        score("quickdash", [None, None, *([3] * 9)])


def test_lefs_is_a_sum_where_higher_is_better_and_one_missing_is_prorated() -> None:
    assert score("lefs", [4] * 20).score == 80
    assert score("lefs", [4] * 20).higher_is_better
    assert score("lefs", [*([2] * 19), None]).score == 40  # 38 x 20 / 19
    assert score("lefs", [*([3] * 10), *([0] * 9), None]).score == pytest.approx(600 / 19)
    with pytest.raises(TooManyMissing):
        score("lefs", [*([4] * 18), None, None])


def test_psfs_is_the_mean_of_answered_activities() -> None:
    assert score("psfs", [2, 4, 9]).score == 5
    result = score("psfs", [2, None, 4, None, 9])
    assert (result.score, result.answered, result.items) == (5, 3, 5)
    assert score("psfs", [10, 10, 10, 10, 10]).higher_is_better


@pytest.mark.parametrize("answers", [[2, 4, None], [None, 5, 5, None], [1, None, None, None, 9]])
def test_psfs_needs_three_answered(answers: list[Answer]) -> None:
    with pytest.raises(TooManyMissing, match="at least 3"):
        score("psfs", answers)


@pytest.mark.parametrize("answers", [[5, 5], [5, 5, 5, 5, 5, 5]])
def test_psfs_takes_three_to_five_activities(answers: list[Answer]) -> None:
    with pytest.raises(InvalidAnswers, match="3 to 5"):
        score("psfs", answers)


def test_hit6_allows_no_missing_item() -> None:
    with pytest.raises(TooManyMissing, match="every item"):
        score("hit6", [6, 6, 6, 6, 6, None])


@pytest.mark.parametrize("value", [7, 9, 12, 5, 14])
def test_hit6_takes_only_its_response_values(value: int) -> None:
    with pytest.raises(InvalidAnswers, match=r"item 2: .*6, 8, 10, 11, 13"):
        score("hit6", [6, value, 6, 6, 6, 6])


def test_pss10_reverses_items_4_5_7_8() -> None:
    assert score("pss10", [4] * 10).score == 24
    assert score("pss10", [0, 0, 0, 4, 4, 0, 4, 4, 0, 0]).score == 0
    assert score("pss10", [4, 4, 4, 0, 0, 4, 0, 0, 4, 4]).score == 40


def test_pss10_allows_no_missing_item() -> None:
    with pytest.raises(TooManyMissing):
        score("pss10", [None, *([2] * 9)])


def test_fiqr_weights_function_overall_and_symptoms() -> None:
    assert score("fiqr", [10] * 21).score == 100
    assert score("fiqr", [0] * 21).score == 0
    result = score("fiqr", [*([3] * 9), 4, 6, *([2] * 10)])  # 27/3 + 10 + 20/2
    assert result.score == 29
    assert [(s.id, s.score) for s in result.subscales] == [
        ("function", 9),
        ("overall", 10),
        ("symptoms", 10),
    ]


def test_fiqr_prorates_one_missing_function_item() -> None:
    result = score("fiqr", [None, *([6] * 8), 0, 0, *([0] * 10)])
    assert result.score == 18  # 48 x 9 / 8 = 54, / 3
    assert result.subscales[0].answered == 8
    assert result.prorated


@pytest.mark.parametrize(
    ("missing", "message"),
    [
        ((1, 2), "at most 1"),
        ((10,), "Overall impact"),
        ((21,), "Symptoms"),
        ((1, 12), "at most 1"),
    ],
)
def test_fiqr_missing_items(missing: tuple[int, ...], message: str) -> None:
    answers: list[Answer] = [5] * 21
    for number in missing:
        answers[number - 1] = None
    with pytest.raises(TooManyMissing, match=message):
        score("fiqr", answers)


def test_nprs_cannot_be_missing() -> None:
    with pytest.raises(TooManyMissing):
        score("nprs", [None])


@pytest.mark.parametrize(
    ("instrument_id", "answers", "message"),
    [
        ("ndi", [1] * 9, "takes 10 answer"),
        ("ndi", [1] * 11, "got 11"),
        ("nprs", [], "got 0"),
        ("nprs", [-1], "item 1: -1 is out of range; allowed: whole numbers 0 to 10"),
        ("nprs", [11], "out of range"),
        ("nprs", [2.5], "item 1: 2.5 is not a response"),
        ("nprs", [float("nan")], "not a number"),
        ("nprs", [True], "not a number"),
        ("nprs", ["3"], "not a number"),
        (
            "quickdash",
            [*([3] * 10), 0],
            "item 11: 0 is out of range; allowed: whole numbers 1 to 5",
        ),
        ("odi", [0, 1, 2, 3, 4, 6, 0, 0, 0, 0], "item 6: 6 is out of range"),
    ],
)
def test_invalid_answers_name_the_item_and_what_is_allowed(
    instrument_id: str, answers: list[Answer], message: str
) -> None:
    with pytest.raises(InvalidAnswers, match=message.replace("(", r"\(")):
        score(instrument_id, answers)


def test_whole_floats_are_accepted() -> None:
    assert score("nprs", [3.0]).score == 3


def test_unknown_instrument() -> None:
    with pytest.raises(UnknownInstrument):
        score("sf36", [1])
    assert issubclass(InvalidAnswers, InvalidInput)
    assert not issubclass(TooManyMissing, InvalidInput)


def test_parse_answers_reads_text() -> None:
    assert parse_answers("ndi", ["3", "-", " 2 ", "4.0"]) == (3, None, 2, 4.0)
    with pytest.raises(InvalidAnswers, match="ndi item 2: 'x' is not a number"):
        parse_answers("ndi", ["1", "x"])
    with pytest.raises(InvalidAnswers, match="not a number"):
        parse_answers("nprs", ["inf"])


def test_scoring_reads_no_file(monkeypatch: pytest.MonkeyPatch) -> None:
    def no_file(*args: object, **kwargs: object) -> None:
        raise AssertionError("scoring must not read files")

    monkeypatch.setattr("builtins.open", no_file)
    monkeypatch.setattr("tomllib.loads", no_file)
    assert score("odi", [2, 2, 2, 2, 2, 3, 3, 3, 3, 3]).score == 50


@st.composite
def valid_answers(draw: st.DrawFn, instrument_id: str) -> list[Answer]:
    """Any answer set the instrument scores: allowed values, allowed unanswered items."""
    instrument = get_instrument(instrument_id)
    items, rule = instrument.items, instrument.missing
    count = draw(st.integers(items.min_count, items.max_count))
    answers: list[Answer] = draw(
        st.lists(st.sampled_from(items.responses), min_size=count, max_size=count)
    )
    may_miss = list(range(count))
    most = min(rule.max_missing, count - rule.min_answered)
    for subscale in instrument.scoring.subscales:
        if subscale.max_missing == 0:
            may_miss = [i for i in may_miss if not subscale.first <= i + 1 <= subscale.last]
        else:
            most = min(most, subscale.max_missing)
    for index in draw(st.lists(st.sampled_from(may_miss), max_size=most, unique=True)):
        answers[index] = None
    return answers


def _banded(instrument_id: str) -> bool:
    return bool(get_instrument(instrument_id).bands.levels)


@pytest.mark.parametrize("instrument_id", vocabulary.INSTRUMENTS)
@given(data=st.data())
def test_every_valid_answer_set_scores_inside_the_range(
    instrument_id: str, data: st.DataObject
) -> None:
    answers = data.draw(valid_answers(instrument_id))
    result = score(instrument_id, answers)
    assert result.min <= result.score <= result.max
    assert result.answered == sum(answer is not None for answer in answers)
    assert (result.band is not None) == _banded(instrument_id)


@pytest.mark.parametrize("instrument_id", vocabulary.INSTRUMENTS)
@given(data=st.data())
def test_more_missing_than_allowed_is_never_scored(instrument_id: str, data: st.DataObject) -> None:
    instrument = get_instrument(instrument_id)
    answers = data.draw(valid_answers(instrument_id))
    extra = instrument.missing.max_missing + 1 - answers.count(None)
    answered = [i for i, answer in enumerate(answers) if answer is not None]
    for index in data.draw(st.permutations(answered))[: max(extra, 0)]:
        answers[index] = None
    with pytest.raises(TooManyMissing):
        score(instrument_id, answers)
