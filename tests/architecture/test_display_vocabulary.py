"""The display vocabulary has words for every contract id people may see."""

from __future__ import annotations

import pytest

from medmassage.clinical.instruments import INSTRUMENTS
from medmassage.clinical.vocabulary import REGIONS, TECHNIQUES, Decision, Pressure, Side
from medmassage.words import vocabulary
from medmassage.words.vocabulary import label, number, place, score

CONTRACT = [
    *(("technique", t) for t in TECHNIQUES),
    *(("region", r) for r in REGIONS),
    *(("side", s.value) for s in Side),
    *(("pressure", p.value) for p in Pressure),
    *(("instrument", i) for i in INSTRUMENTS),
    *(("decision", d.value) for d in Decision),
    *(("finding_kind", k) for k in vocabulary.FINDING_KINDS),
]


@pytest.mark.parametrize(("kind", "value"), CONTRACT)
def test_every_contract_id_has_its_own_words(kind: str, value: str) -> None:
    assert vocabulary.is_known(kind, value)
    assert label(kind, value) != value


@pytest.mark.parametrize(
    ("kind", "value", "words"),
    [
        ("technique", "myofascial_release", "Myofascial release"),
        ("instrument", "ndi", "Neck Disability Index"),
        ("decision", "refer_emergency", "Stop: emergency referral"),
        ("feedback_kind", "discomfort", "Discomfort"),
        ("adverse_kind", "soreness_48h", None),
    ],
)
def test_labels_read_as_words(kind: str, value: str, words: str | None) -> None:
    found = label(kind, value)
    assert "_" not in found
    if words is not None:
        assert found == words


@pytest.mark.parametrize(
    ("ref", "words"),
    [
        ({"region": "lower_back", "side": "left"}, "Lower back, left"),
        ({"region": "shoulder", "side": "right"}, "Right shoulder"),
        ({"region": "knee", "side": "both"}, "Knee, both sides"),
        ({"region": "neck", "side": "both"}, "Neck"),
        ({"region": None}, "Whole body"),
    ],
)
def test_places_read_as_words(ref: dict[str, str | None], words: str) -> None:
    assert place(ref) == words


@pytest.mark.parametrize(
    ("value", "shown"),
    [("42.000000", "42"), ("22.25", "22.3"), ("0.05", "0.1"), (7, "7"), (None, "")],
)
def test_numbers_are_rounded_for_people_only(value: object, shown: str) -> None:
    assert number(value) == shown


def test_scores_carry_their_unit() -> None:
    assert score("42.000000", "ndi") == "42 %"
    assert score(6, "nprs") == "6/10"
    assert score("36", "hit6") == "36"
