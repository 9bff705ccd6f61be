"""text_terms.toml compiled into the free-text scanner (every target checked against the
structured intake it stands for), and unknown_details.toml."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from medmassage.clinical.free_text import TextScanner
from medmassage.clinical.knowledge_entry import Entry, read_toml
from medmassage.clinical.knowledge_model import (
    HISTORY_DETAIL_TARGETS,
    HISTORY_FLAG_TARGETS,
    UNSTATED_DETAILS,
    MedicationClass,
    Question,
    UnknownDetail,
)

FILE = "text_terms.toml"
OTHER_TARGETS = ("pregnancy", "substance_use_today")


def targets(
    questions: Mapping[str, Question], classes: Mapping[str, MedicationClass]
) -> tuple[str, ...]:
    """Every structured answer a free-text hit can stand for."""
    return (
        *(f"red_flags.{key}" for key in questions),
        *(f"history.{key}" for key in (*HISTORY_FLAG_TARGETS, *HISTORY_DETAIL_TARGETS)),
        *(f"medications.{key}" for key, found in classes.items() if found.screened),
        *OTHER_TARGETS,
    )


def _prompts(
    document: Mapping[str, Any], kb: Mapping[str, Any], known: tuple[str, ...]
) -> dict[str, str]:
    """What to ask for each target: the red-flag question's text, or the [targets] prompt."""
    prompts = {f"red_flags.{key}": question.text for key, question in kb["questions"].items()}
    table = Entry(f"{FILE}: targets", document.get("targets", {}))
    for target, data in table.data.items():
        if target not in known:
            raise table.fail(target, "unknown target")
        entry = table.child(target, data)
        prompts[target] = entry.text("prompt")
        entry.done()
    return prompts


def load_text_scanner(directory: Path, kb: Mapping[str, Any]) -> TextScanner:
    """The scanner of text_terms.toml; drug names of medications.toml are terms of their class."""
    document = read_toml(directory / FILE)
    known = targets(kb["questions"], kb["medication_classes"])
    scanner = Entry(f"{FILE}: scanner", document.get("scanner"))
    scanner.sources(kb["sources"])
    prompts = _prompts(document, kb, known)
    terms_entry = Entry(f"{FILE}: terms", document.get("terms", {}))
    terms: dict[str, tuple[str, ...]] = {
        target: terms_entry.texts(target) for target in terms_entry.data
    }
    for target in terms:
        if target not in known:
            raise terms_entry.fail(target, "unknown target")
        if target not in prompts:
            raise terms_entry.fail(target, "no prompt: add it under [targets]")
    for key, medication_class in kb["medication_classes"].items():
        if not medication_class.screened:
            continue  # no rule reads it: free text naming it asks nothing
        target = f"medications.{key}"
        terms[target] = (*terms.get(target, ()), *medication_class.drugs)
        if target not in prompts:
            raise terms_entry.fail(target, "no prompt: every medication class needs one")
    compiled = TextScanner.build(
        terms=terms,
        prompts=prompts,
        window=scanner.integer("window"),
        negations=scanner.texts("negation_before"),
        post_negations=scanner.texts("negation_after"),
        pseudo=scanner.texts("pseudo_negation"),
        breaks=scanner.texts("scope_breaks"),
    )
    scanner.done()
    unknown = sorted(set(document) - {"scanner", "targets", "terms"})
    if unknown:
        raise Entry(FILE, document).fail(unknown[0], "unknown key")
    return compiled


def load_unknown_details(
    directory: Path, kb: Mapping[str, Any]
) -> tuple[tuple[UnknownDetail, ...], dict[str, tuple[tuple[str, str], ...]]]:
    """unknown_details.toml, every detail of UNSTATED_DETAILS listed exactly once, and the
    notes each rule adds to its finding."""
    name = "unknown_details.toml"
    codes = {rule.code for rule in kb["rules"]}
    details: list[UnknownDetail] = []
    for index, data in enumerate(read_toml(directory / name).get("unknown", [])):
        entry = Entry(f"{name}: unknown[{index}]", data)
        detail = UnknownDetail(
            detail=entry.one_of("detail", UNSTATED_DETAILS),
            assume=entry.text("assume"),
            note=entry.text("note"),
            rules=entry.strs("rules", codes, required=True),
            rationale=entry.text("rationale"),
            sources=entry.sources(kb["sources"]),
        )
        entry.done()
        details.append(detail)
    listed = [detail.detail for detail in details]
    missing = [key for key in UNSTATED_DETAILS if key not in listed]
    twice = [key for key in listed if listed.count(key) > 1]
    if missing or twice:
        problem = f"{missing[0]} is not listed" if missing else f"{twice[0]} is listed twice"
        raise Entry(name, {}).fail("unknown", problem)
    notes: dict[str, list[tuple[str, str]]] = {}
    for detail in details:
        for code in detail.rules:
            notes.setdefault(code, []).append((detail.detail, detail.note))
    return tuple(details), {code: tuple(found) for code, found in notes.items()}
