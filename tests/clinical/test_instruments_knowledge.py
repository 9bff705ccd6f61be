"""instruments.toml: complete, sourced, checked at load, and faithful to FACTS.md §1."""

from __future__ import annotations

import ast
import copy
import tomllib
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from medmassage.clinical import instruments, vocabulary
from medmassage.clinical.instruments import (
    INSTRUMENTS,
    InstrumentDataError,
    InvalidInput,
    Rule,
    UnknownInstrument,
    get_instrument,
    parse_instruments,
)

CLINICAL = Path(instruments.__file__).parent
MY_MODULES = ("instruments", "scoring", "progress", "billing", "cli_measures")


def _raw() -> dict[str, Any]:
    return tomllib.loads((CLINICAL / "knowledge" / "instruments.toml").read_text("utf-8"))


def _rules(instrument_id: str) -> dict[str, Rule]:
    instrument = get_instrument(instrument_id)
    return {
        "scoring": instrument.scoring,
        "missing": instrument.missing,
        "bands": instrument.bands,
        "mcid": instrument.mcid,
    }


def test_every_contract_instrument_is_defined_in_contract_order() -> None:
    assert tuple(INSTRUMENTS) == vocabulary.INSTRUMENTS


@pytest.mark.parametrize("instrument_id", vocabulary.INSTRUMENTS)
def test_every_instrument_and_rule_names_a_source(instrument_id: str) -> None:
    assert get_instrument(instrument_id).sources
    for name, rule in _rules(instrument_id).items():
        assert rule.sources, f"{instrument_id}.{name} has no source"
        assert all(source.strip() for source in rule.sources)
        if rule.policy:
            assert rule.rationale, f"{instrument_id}.{name} is a policy without a rationale"


@pytest.mark.parametrize(
    ("instrument_id", "rule"),
    [
        ("ndi", "missing"),  # FACTS.md: "policy: at most 1 missing"
        ("lefs", "missing"),  # "no published rule: policy"
        ("nprs", "mcid"),  # "both 2 points and 30 % (project policy)"
        ("pss10", "mcid"),  # not established
        ("fiqr", "mcid"),  # not established
        ("pss10", "bands"),  # common but unofficial bands, not applied
    ],
)
def test_rules_facts_calls_policy_are_marked_policy(instrument_id: str, rule: str) -> None:
    assert _rules(instrument_id)[rule].policy


@pytest.mark.parametrize(("instrument_id", "rule"), [("odi", "missing"), ("fiqr", "missing")])
def test_published_rules_are_not_marked_policy(instrument_id: str, rule: str) -> None:
    assert not _rules(instrument_id)[rule].policy


@pytest.mark.parametrize(
    ("instrument_id", "count", "responses"),
    [
        ("nprs", 1, tuple(range(11))),
        ("ndi", 10, tuple(range(6))),
        ("odi", 10, tuple(range(6))),
        ("quickdash", 11, (1, 2, 3, 4, 5)),
        ("lefs", 20, (0, 1, 2, 3, 4)),
        ("psfs", 5, tuple(range(11))),
        ("hit6", 6, (6, 8, 10, 11, 13)),
        ("pss10", 10, (0, 1, 2, 3, 4)),
        ("fiqr", 21, tuple(range(11))),
    ],
)
def test_items_and_responses(instrument_id: str, count: int, responses: tuple[int, ...]) -> None:
    items = get_instrument(instrument_id).items
    assert items.max_count == count
    assert items.responses == responses


@pytest.mark.parametrize(
    ("instrument_id", "low", "high", "higher_is_better"),
    [
        ("nprs", 0, 10, False),
        ("ndi", 0, 100, False),
        ("odi", 0, 100, False),
        ("quickdash", 0, 100, False),
        ("lefs", 0, 80, True),
        ("psfs", 0, 10, True),
        ("hit6", 36, 78, False),
        ("pss10", 0, 40, False),
        ("fiqr", 0, 100, False),
    ],
)
def test_ranges_and_direction(
    instrument_id: str, low: int, high: int, higher_is_better: bool
) -> None:
    instrument = get_instrument(instrument_id)
    assert (instrument.min, instrument.max) == (low, high)
    assert instrument.higher_is_better is higher_is_better


def test_psfs_takes_three_to_five_activities() -> None:
    items = get_instrument("psfs").items
    assert (items.min_count, items.max_count) == (3, 5)
    assert get_instrument("psfs").missing.min_answered == 3


def test_pss10_reverses_items_4_5_7_8() -> None:
    assert get_instrument("pss10").items.reverse == (4, 5, 7, 8)


def test_fiqr_subscales_are_9_function_2_overall_10_symptoms() -> None:
    subscales = get_instrument("fiqr").scoring.subscales
    assert [(s.id, s.item_count, s.divisor, s.max_missing) for s in subscales] == [
        ("function", 9, 3, 1),
        ("overall", 2, 1, 0),
        ("symptoms", 10, 2, 0),
    ]


@pytest.mark.parametrize(
    ("instrument_id", "points"),
    [
        ("nprs", 2),
        ("ndi", 10),
        ("odi", 10),
        ("quickdash", 14),
        ("lefs", 9),
        ("psfs", 2),
        ("hit6", 6),
        ("pss10", None),
        ("fiqr", None),
    ],
)
def test_clinically_important_change(instrument_id: str, points: float | None) -> None:
    assert get_instrument(instrument_id).mcid.points == points


def test_nprs_change_also_needs_30_percent_of_baseline() -> None:
    assert get_instrument("nprs").mcid.percent_of_baseline == 30


@pytest.mark.parametrize(
    ("instrument_id", "panel", "score"),
    [
        ("nprs", None, "72514-3"),
        ("ndi", "82226-2", "82237-9"),
        ("odi", "97908-8", "97909-6"),
        ("pss10", "106875-8", "106860-0"),
        ("quickdash", None, None),
        ("lefs", None, None),
        ("psfs", None, None),
        ("hit6", None, None),
        ("fiqr", None, None),
    ],
)
def test_loinc_codes_only_where_facts_give_them(
    instrument_id: str, panel: str | None, score: str | None
) -> None:
    instrument = get_instrument(instrument_id)
    assert (instrument.loinc_panel, instrument.loinc_score) == (panel, score)


def test_bands_follow_facts() -> None:
    def uppers(instrument_id: str) -> list[tuple[str, float]]:
        return [(band.label, band.upper) for band in get_instrument(instrument_id).bands.levels]

    assert uppers("ndi") == [
        ("none", 4),
        ("mild", 14),
        ("moderate", 24),
        ("severe", 34),
        ("complete", 50),
    ]
    assert get_instrument("ndi").bands.basis == "prorated_raw_sum"
    assert [upper for _, upper in uppers("odi")] == [20, 40, 60, 80, 100]
    assert [upper for _, upper in uppers("nprs")] == [0, 3, 6, 10]
    assert [upper for _, upper in uppers("hit6")] == [49, 55, 59, 78]
    for no_official_bands in ("quickdash", "lefs", "psfs", "pss10", "fiqr"):
        assert uppers(no_official_bands) == []


@pytest.mark.parametrize(
    ("instrument_id", "regions", "conditions"),
    [
        ("ndi", {"neck"}, set()),
        ("odi", {"lower_back"}, set()),
        ("quickdash", {"shoulder", "upper_arm", "forearm", "hand"}, set()),
        ("lefs", {"hip", "thigh", "knee", "lower_leg", "foot"}, set()),
        ("hit6", set(), {"headache"}),
        ("fiqr", set(), {"fibromyalgia"}),
        ("pss10", set(), {"stress"}),
        ("psfs", set(vocabulary.REGIONS), set()),
        ("nprs", set(vocabulary.REGIONS), set()),
    ],
)
def test_what_each_instrument_suits(
    instrument_id: str, regions: set[str], conditions: set[str]
) -> None:
    instrument = get_instrument(instrument_id)
    assert regions <= set(instrument.suits_regions) <= set(vocabulary.REGIONS)
    assert conditions <= set(instrument.suits_conditions)


def test_only_nprs_is_always_measured() -> None:
    assert [i.id for i in INSTRUMENTS.values() if i.always] == ["nprs"]


@pytest.mark.parametrize("instrument_id", vocabulary.INSTRUMENTS)
def test_item_labels_are_short_own_labels(instrument_id: str) -> None:
    labels = get_instrument(instrument_id).items.labels
    assert len(set(labels)) == len(labels)
    # Short labels, not questions: the licensed wording is never copied in.
    assert all(len(label) <= 45 and "?" not in label for label in labels)


def test_unknown_instrument_is_invalid_input() -> None:
    with pytest.raises(UnknownInstrument, match="known: nprs"):
        get_instrument("sf36")
    assert issubclass(UnknownInstrument, InvalidInput)


def _break(change: Callable[[dict[str, Any]], None]) -> str:
    data = copy.deepcopy(_raw())
    change(data)
    with pytest.raises(InstrumentDataError) as caught:
        parse_instruments(data)
    return str(caught.value)


@pytest.mark.parametrize(
    ("change", "names"),
    [
        (lambda d: d["ndi"]["scoring"].pop("sources"), "ndi.scoring.sources"),
        (lambda d: d["odi"]["missing"].update(sources=[]), "odi.missing.sources"),
        (lambda d: d["lefs"]["missing"].pop("rationale"), "lefs.missing.rationale"),
        (lambda d: d["hit6"]["scoring"].update(method="median"), "hit6.scoring.method"),
        (lambda d: d["hit6"]["items"].update(responses=[13, 6]), "hit6.items.responses"),
        (lambda d: d["nprs"].update(max="ten"), "nprs.max"),
        (lambda d: d["ndi"].update(suits_regions=["neck", "soul"]), "ndi.suits_regions"),
        (lambda d: d["pss10"]["items"].update(reverse=[4, 11]), "pss10.items.reverse"),
        (lambda d: d["quickdash"]["mcid"].pop("points"), "quickdash.mcid.points"),
        (lambda d: d["odi"]["bands"]["levels"].pop(), "odi.bands.levels"),
        (lambda d: d["fiqr"]["scoring"]["subscales"].pop(), "fiqr.scoring.subscales"),
        (lambda d: d["psfs"].update(colour="blue"), "psfs.colour"),
        (lambda d: d["lefs"]["missing"].update(prorate=False), "lefs.missing.prorate"),
        (lambda d: d["ndi"]["missing"].update(max_missing=True), "ndi.missing.max_missing"),
    ],
)
def test_a_broken_entry_names_the_instrument_and_field(
    change: Callable[[dict[str, Any]], None], names: str
) -> None:
    assert names in _break(change)


def test_a_missing_instrument_is_named() -> None:
    assert "fiqr" in _break(lambda d: d.pop("fiqr"))


def test_the_shipped_file_parses_to_the_loaded_instruments() -> None:
    assert parse_instruments(_raw()) == INSTRUMENTS


@pytest.mark.parametrize("module", MY_MODULES)
def test_measures_modules_import_nothing_from_django_or_the_apps(module: str) -> None:
    tree = ast.parse((CLINICAL / f"{module}.py").read_text("utf-8"))
    imported = [
        alias.name
        for node in ast.walk(tree)
        if isinstance(node, ast.Import)
        for alias in node.names
    ]
    imported += [node.module or "" for node in ast.walk(tree) if isinstance(node, ast.ImportFrom)]
    for name in imported:
        assert not name.startswith("django")
        assert not name.startswith("medmassage.") or name.startswith("medmassage.clinical")
