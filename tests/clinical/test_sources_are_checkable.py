"""Issue 9 point 9: every rule, evidence row, instrument rule, range-of-motion normal, course,
medication class and default cites checkable sources or is marked as project policy; nothing
cites FACTS.md; every ICD-10-CM code is a billable leaf code."""

from __future__ import annotations

import importlib
import tomllib
import warnings
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from medmassage.clinical.instruments import INSTRUMENTS
from medmassage.clinical.knowledge import KNOWLEDGE_DIR, knowledge
from medmassage.clinical.knowledge_sources import POLICY, REQUIRED
from medmassage.clinical.range_of_motion import JOINTS

KB = knowledge()
SOURCES = KB.sources
POLICY_CITATION = SOURCES[POLICY].citation


def _raw(name: str) -> dict[str, Any]:
    return tomllib.loads((KNOWLEDGE_DIR / name).read_text("utf-8"))


def test_every_source_is_checkable() -> None:
    raw = _raw("sources.toml")
    for key, source in SOURCES.items():
        fields = raw[key]
        for needed in REQUIRED[source.kind]:
            assert fields.get(needed), (key, needed)
        if source.kind == "article":
            assert (
                (fields.get("volume") and fields.get("pages"))
                or fields.get("doi")
                or fields.get("pmid")
            ), key
        if source.kind == "book":
            assert fields["edition"], key
            assert fields["pages"], key
        assert "verified" in fields, f"{key}: the audit must say whether it was verified"


def test_only_the_policy_entry_is_a_policy() -> None:
    assert [key for key, source in SOURCES.items() if source.kind == "policy"] == [POLICY]


def _cited_texts() -> Iterator[tuple[str, str]]:
    """Every citation and rationale of the knowledge base, with where it is."""
    for source in SOURCES.values():
        yield f"sources.{source.id}", source.citation
    for rule in KB.rules:
        yield f"rule {rule.code}", rule.rationale
        for citation in KB.citations(rule.sources):
            yield f"rule {rule.code}", citation
    for instrument in INSTRUMENTS.values():
        for name in ("scoring", "missing", "bands", "mcid"):
            part = getattr(instrument, name)
            for citation in part.sources:
                yield f"{instrument.id}.{name}", citation
            if part.rationale:
                yield f"{instrument.id}.{name}", part.rationale
    for joint in JOINTS.values():
        for movement in joint.movements.values():
            for citation in movement.sources:
                yield f"{joint.id}.{movement.id}", citation


@pytest.mark.parametrize(("where", "text"), list(_cited_texts()))
def test_nothing_cites_facts_md(where: str, text: str) -> None:
    assert "FACTS" not in text, where


def test_every_rule_cites_a_source_and_policies_say_so() -> None:
    for rule in KB.rules:
        assert rule.sources, rule.code
        assert set(rule.sources) <= set(SOURCES), rule.code
        if rule.policy:
            assert POLICY in rule.sources, rule.code
        if set(rule.sources) == {POLICY}:
            assert rule.policy, f"{rule.code}: cites only policy, so it must be marked policy"


def test_every_evidence_row_cites_a_source_that_is_not_policy() -> None:
    for row in KB.evidence:
        assert row.sources, row
        assert POLICY not in row.sources, row


def test_every_instrument_rule_and_normal_is_sourced_or_policy() -> None:
    for instrument in INSTRUMENTS.values():
        for name in ("scoring", "missing", "bands", "mcid"):
            part = getattr(instrument, name)
            assert part.sources, (instrument.id, name)
            if part.policy:
                assert POLICY_CITATION in part.sources, (instrument.id, name)
                assert part.rationale, (instrument.id, name)
    for joint in JOINTS.values():
        for movement in joint.movements.values():
            assert movement.sources, movement.name
            if movement.policy:
                assert POLICY_CITATION in movement.sources, movement.name


def test_courses_classes_and_defaults_are_sourced() -> None:
    for course in (KB.course_default, KB.course_acute):
        assert course.sources
    for condition in KB.conditions.values():
        if condition.course is not None:
            assert condition.course.sources
    for medication_class in KB.medication_classes.values():
        assert medication_class.sources
        if medication_class.policy:
            assert POLICY in medication_class.sources
    for detail in KB.unknown_details:
        assert POLICY in detail.sources


def test_the_citations_the_issue_found_wrong_are_corrected() -> None:
    cite = {key: source.citation for key, source in SOURCES.items()}
    assert "60(9):2003-2013" in cite["houts2020"]
    assert "J Orthop Sports Phys Ther 2020;50(7):350-372" in cite["finucane2020"]
    assert "IFOMPT" in cite["finucane2020"]
    assert "1st ed." in cite["werner1998"]
    assert "31:491-502" in cite["vernon2008"]
    assert "Social Psychology of Health" in cite["cohen_williamson1988"]
    rules = {rule.code: rule for rule in KB.rules}
    assert rules["red_flag.back_age_new_pain"].policy
    assert rules["bleeding_risk.antiplatelet_combination"].policy
    assert rules["cancer.radiation_field"].policy
    assert rules["fibromyalgia"].policy
    assert rules["red_flag.headache_new_after_65"].params.over == 65
    assert "hunder1990" in rules["red_flag.giant_cell_arteritis"].sources
    assert "cook2010" in rules["red_flag.cervical_myelopathy"].sources
    myofascial = next(
        row for row in KB.evidence if row.condition == "fibromyalgia" and row.technique != "massage"
    )
    assert set(myofascial.sources) == {"yuan2015", "ahrq2020"}
    assert INSTRUMENTS["ndi"].mcid.sources == (cite["vernon2008"],)
    assert INSTRUMENTS["psfs"].mcid.label.startswith("minimal detectable change")
    assert all("Cohen S, Kamarck" not in s for s in INSTRUMENTS["pss10"].sources)
    assert all("64394" not in s for s in INSTRUMENTS["pss10"].bands.sources)
    hip = JOINTS["hip"].movements
    for movement in ("extension", "adduction", "external_rotation", "internal_rotation"):
        assert all("Plate II" not in s for s in hip[movement].sources), movement


def _icd() -> Any:
    with warnings.catch_warnings():
        # simple-icd-10-cm 1.5 loads its table with a deprecated importlib.resources call.
        warnings.simplefilter("ignore", DeprecationWarning)
        return importlib.import_module("simple_icd_10_cm")


@pytest.mark.parametrize(
    "code", sorted({code for condition in KB.conditions.values() for code in condition.icd10})
)
def test_every_icd_code_is_a_billable_leaf_code(code: str) -> None:
    icd = _icd()
    assert icd.is_valid_item(code), code
    assert icd.is_leaf(code), f"{code} is a category, not a billable code"


def test_every_knowledge_file_is_read_by_the_loader() -> None:
    read = {
        "conditions.toml",
        "contraindications.toml",
        "evidence.toml",
        "home_care.toml",
        "instruments.toml",
        "medications.toml",
        "range_of_motion.toml",
        "red_flags.toml",
        "regions.toml",
        "sources.toml",
        "techniques.toml",
        "text_terms.toml",
        "unknown_details.toml",
    }
    assert {path.name for path in Path(KNOWLEDGE_DIR).glob("*.toml")} == read
