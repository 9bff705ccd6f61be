"""Medication names the knowledge base knows: generics by class, brands mapped to their
generic, and classes no rule reads (known to the search, silent in free text)."""

from __future__ import annotations

import pytest

from medmassage.clinical.free_text import scan_text
from medmassage.clinical.knowledge import knowledge

KB = knowledge()


@pytest.mark.parametrize(
    ("brand", "generic", "medication_class"),
    [
        ("advil", "ibuprofen", "nsaid"),
        ("tylenol", "acetaminophen", "analgesic"),
        ("eliquis", "apixaban", "anticoagulant"),
        ("xarelto", "rivaroxaban", "anticoagulant"),
        ("coumadin", "warfarin", "anticoagulant"),
        ("zoloft", "sertraline", "ssri"),
        ("lipitor", "atorvastatin", "statin"),
        ("glucophage", "metformin", "biguanide"),
    ],
)
def test_a_brand_is_its_generic_drug_and_in_its_class(
    brand: str, generic: str, medication_class: str
) -> None:
    assert KB.brands[brand] == generic
    assert KB.drug_index[brand] == KB.drug_index[generic] == {medication_class}


def test_every_class_keeps_its_source() -> None:
    for found in KB.medication_classes.values():
        assert found.sources, found.id


@pytest.mark.parametrize("name", ["naproxen", "insulin", "metformin", "zoloft", "advil"])
def test_a_class_no_rule_reads_asks_nothing_in_free_text(name: str) -> None:
    assert scan_text(f"I take {name} every day") == ()


def test_a_screened_brand_in_free_text_still_asks() -> None:
    (hit,) = scan_text("I take Eliquis every day")
    assert hit.target == "medications.anticoagulant"
