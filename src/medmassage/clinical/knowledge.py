"""Load and validate the knowledge base (knowledge/*.toml) once, failing loudly on any flaw."""

from __future__ import annotations

import functools
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from medmassage.clinical import knowledge_checks as checks
from medmassage.clinical.instruments import INSTRUMENTS
from medmassage.clinical.knowledge_entry import META_KEYS, Entry, KnowledgeError, read_toml
from medmassage.clinical.knowledge_model import (
    Condition,
    Course,
    Evidence,
    Exercise,
    KnowledgeBase,
    MedicationClass,
    RegionDefault,
    Technique,
)
from medmassage.clinical.knowledge_rules import load_rules
from medmassage.clinical.knowledge_sources import Source, load_sources
from medmassage.clinical.knowledge_terms import load_text_scanner, load_unknown_details
from medmassage.clinical.vocabulary import REGIONS, Pressure

TECHNIQUE_FEATURES = (
    "massage",
    "friction",
    "sustained_compression",
    "joint_movement",
    "circulatory",
)

KNOWLEDGE_DIR = Path(__file__).parent / "knowledge"


def _read(directory: Path, name: str) -> dict[str, Any]:
    return read_toml(directory / name)


def _tables(document: dict[str, Any], name: str, key: str) -> dict[str, Entry]:
    tables = document.get(key, {})
    if not isinstance(tables, dict):
        raise KnowledgeError(f"{name}: [{key}] must be a table")
    return {
        entry_id: Entry(f"{name}: {key}.{entry_id}", data)
        for entry_id, data in tables.items()
        if entry_id not in META_KEYS
    }


def _load_techniques(
    directory: Path, sources: Mapping[str, Source]
) -> tuple[dict[str, Technique], dict[str, str]]:
    name = "techniques.toml"
    document = _read(directory, name)
    credentials = {
        key: entry.get("name", str) for key, entry in _tables(document, name, "credentials").items()
    }
    techniques = {}
    for key, entry in _tables(document, name, "techniques").items():
        techniques[key] = _technique(key, entry, credentials, sources)
    checks.check_techniques(techniques, name)
    return techniques, credentials


def _technique(
    key: str, entry: Entry, credentials: Mapping[str, str], sources: Mapping[str, Source]
) -> Technique:
    low, high = entry.strs("pressure", list(Pressure), required=True)
    credential = entry.optional_text("credential")
    if credential is not None and credential not in credentials:
        raise entry.fail("credential", f"unknown credential {credential!r}")
    ids = entry.strs("cpt_sources", sources, required=True) + entry.strs(
        "credential_sources", sources
    )
    domain = entry.strs("domain", checks.REGION_SET) or REGIONS
    fallback = entry.strs("domain_fallback", domain)
    technique = Technique(
        id=key,
        name=entry.text("name"),
        description=entry.text("description"),
        pressure_min=Pressure(low),
        pressure_max=Pressure(high),
        features=frozenset(entry.strs("features", TECHNIQUE_FEATURES)),
        credential=credential,
        cpt=entry.one_of("cpt", ("97124", "97140", "97112")),
        cpt_policy=entry.flag("cpt_policy"),
        sources=tuple(dict.fromkeys(ids)),
        domain=frozenset(domain),
        domain_fallback=fallback,
        credential_note=entry.optional_text("credential_note"),
    )
    if technique.cpt_policy and "policy" not in technique.sources:
        raise entry.fail("cpt_sources", "a CPT policy must cite 'policy'")
    entry.done("cpt_rationale", "domain_rationale")
    return technique


def _course(entry: Entry, sources: Mapping[str, Source]) -> Course:
    within = entry.data.get("within_days")
    course = Course(
        sessions_per_week=entry.integer("sessions_per_week"),
        weeks=entry.integer("weeks"),
        reassess_after_sessions=entry.integer("reassess_after_sessions"),
        rationale=entry.text("rationale"),
        sources=entry.sources(sources),
        within_days=None if within is None else entry.integer("within_days"),
    )
    entry.done()
    return course


def _condition(
    key: str, entry: Entry, sources: Mapping[str, Source], techniques: Mapping[str, Technique]
) -> Condition:
    course = entry.data.get("course")
    entry.read.add("course")
    minutes = entry.data.get("first_session_minutes")
    condition = Condition(
        id=key,
        name=entry.text("name"),
        icd10=entry.strs("icd10", required=True),
        regions=entry.strs("regions", checks.REGION_SET, required=True),
        treat=entry.strs("treat", checks.REGION_SET),
        techniques=entry.strs("techniques", techniques, required=True),
        measures=entry.strs("measures", checks.INSTRUMENT_SET),
        course=None if course is None else _course(entry.child("course", course), sources),
        first_session_minutes=None if minutes is None else entry.integer("first_session_minutes"),
        sources=entry.sources(sources),
        injury=entry.flag("injury"),
        post_surgical=entry.flag("post_surgical"),
    )
    entry.done()
    return condition


def _load_conditions(
    directory: Path, kb: dict[str, Any]
) -> tuple[dict[str, Condition], Course, Course]:
    name = "conditions.toml"
    document = _read(directory, name)
    sources, techniques = kb["sources"], kb["techniques"]
    conditions = {}
    for key, entry in _tables(document, name, "conditions").items():
        conditions[key] = _condition(key, entry, sources, techniques)
    default = _course(Entry(f"{name}: course_default", document.get("course_default")), sources)
    acute = _course(Entry(f"{name}: course_acute", document.get("course_acute")), sources)
    checks.check_icd_codes(conditions, name)
    return conditions, default, acute


def _load_medications(
    directory: Path, sources: Mapping[str, Source]
) -> tuple[dict[str, MedicationClass], dict[str, frozenset[str]], dict[str, str]]:
    name = "medications.toml"
    document = _read(directory, name)
    entries = _tables(document, name, "classes")
    generics = {key: entry.strs("drugs", required=True) for key, entry in entries.items()}
    brands = _brands(Entry(f"{name}: brands", document.get("brands", {})), generics)
    classes = {
        key: MedicationClass(
            key,
            entry.get("name", str),
            (
                *generics[key],
                *(brand for brand, generic in brands.items() if generic in generics[key]),
            ),
            entry.sources(sources),
            entry.get("policy", bool, False),
            entry.get("screened", bool, True),
        )
        for key, entry in entries.items()
    }
    index: dict[str, set[str]] = {}
    for medication_class in classes.values():
        for drug in medication_class.drugs:
            index.setdefault(drug.casefold(), set()).add(medication_class.id)
    combinations = Entry(f"{name}: combinations", document.get("combinations", {}))
    for drug in combinations.data:
        index.setdefault(drug.casefold(), set()).update(
            combinations.strs(drug, classes, required=True)
        )
    return classes, {drug: frozenset(ids) for drug, ids in index.items()}, brands


def _brands(entry: Entry, generics: Mapping[str, tuple[str, ...]]) -> dict[str, str]:
    """Brand name -> generic drug; each generic must be listed under a class."""
    known = {drug for drugs in generics.values() for drug in drugs}
    brands = {}
    for brand in entry.data:
        generic = entry.get(brand, str)
        if generic not in known:
            raise entry.fail(brand, f"{generic!r} is not a drug of any class")
        if brand.casefold() in known:
            raise entry.fail(brand, "is listed as a generic drug too")
        brands[brand.casefold()] = generic
    return brands


def _load_home_care(directory: Path, kb: Mapping[str, Any]) -> dict[str, Exercise]:
    name = "home_care.toml"
    document = _read(directory, name)
    Entry(f"{name}: defaults", document.get("defaults")).sources(kb["sources"])
    return {
        key: Exercise(
            id=key,
            name=entry.get("name", str),
            kind=entry.one_of(
                "kind", ("stretch", "self_massage", "posture", "lifestyle", "strengthening")
            ),
            regions=entry.strs("regions", checks.REGION_SET),
            conditions=entry.strs("conditions", kb["conditions"]),
            instructions=entry.get("instructions", str),
            dose=entry.get("dose", str),
            blocked_by=None
            if "blocked_by" not in entry.data
            else entry.one_of("blocked_by", kb["techniques"]),
            general=entry.flag("general"),
        )
        for key, entry in _tables(document, name, "exercises").items()
    }


def _load_evidence(directory: Path, kb: Mapping[str, Any]) -> tuple[Evidence, ...]:
    name = "evidence.toml"
    rows = []
    for index, data in enumerate(_read(directory, name).get("evidence", [])):
        entry = Entry(f"{name}: evidence[{index}]", data)
        rows.append(
            Evidence(
                condition=entry.one_of("condition", kb["conditions"]),
                technique=entry.one_of("technique", ("massage", *kb["techniques"])),
                finding=entry.get("finding", str),
                certainty=entry.one_of("certainty", checks.CERTAINTY_SET),
                sources=entry.sources(kb["sources"]),
            )
        )
    return tuple(rows)


def _load_regions(directory: Path, kb: dict[str, Any]) -> None:
    name = "regions.toml"
    document = _read(directory, name)
    limbs = Entry(f"{name}: limbs", document.get("limbs"))
    distal = Entry(f"{name}: distal", document.get("distal"))
    defaults = _tables(document, name, "defaults")
    Entry(f"{name}: defaults", document.get("defaults")).sources(kb["sources"])
    kb["limbs"] = {key: limbs.strs(key, checks.REGION_SET) for key in limbs.data}
    kb["distal"] = {key: distal.strs(key, checks.REGION_SET) for key in distal.data}
    pathways = Entry(f"{name}: lymph_pathways", document.get("lymph_pathways"))
    pathways.sources(kb["sources"])
    kb["lymph_pathways"] = {
        key: pathways.strs(key, checks.REGION_SET) for key in pathways.data if key not in META_KEYS
    }
    kb["measures_always"], kb["measures_by_region"] = _measures_from_instruments()
    assumed = Entry(f"{name}: region_conditions", document.get("region_conditions"))
    assumed.sources(kb["sources"])
    kb["region_conditions"] = {
        key: assumed.one_of(key, kb["conditions"]) for key in assumed.data if key not in META_KEYS
    }
    kb["region_defaults"] = {
        key: RegionDefault(
            entry.strs("treat", checks.REGION_SET, required=True),
            entry.strs("techniques", kb["techniques"], required=True),
        )
        for key, entry in defaults.items()
    }
    checks.check_region_tables(kb, name)


def load_knowledge(directory: Path = KNOWLEDGE_DIR) -> KnowledgeBase:
    """Read and validate every knowledge file in `directory` (raises KnowledgeError)."""
    kb: dict[str, Any] = {"sources": load_sources(directory)}
    kb["techniques"], kb["credentials"] = _load_techniques(directory, kb["sources"])
    kb["conditions"], kb["course_default"], kb["course_acute"] = _load_conditions(directory, kb)
    kb["questions"], kb["rules"] = load_rules(directory, kb)
    kb["medication_classes"], kb["drug_index"], kb["brands"] = _load_medications(
        directory, kb["sources"]
    )
    kb["exercises"] = _load_home_care(directory, kb)
    kb["evidence"] = _load_evidence(directory, kb)
    _load_regions(directory, kb)
    kb["icd_index"] = checks.icd_prefix_index(kb["conditions"])
    kb["text_scanner"] = load_text_scanner(directory, kb)
    kb["unknown_details"], kb["unstated_notes"] = load_unknown_details(directory, kb)
    return KnowledgeBase(**kb)


@functools.cache
def knowledge() -> KnowledgeBase:
    """The package's knowledge base, loaded and validated on first use only."""
    return load_knowledge()


def _measures_from_instruments() -> tuple[tuple[str, ...], dict[str, tuple[str, ...]]]:
    # instruments.toml is the one place that says which instrument fits which body region.
    every_region = set(REGIONS)
    always = tuple(
        item.id
        for item in INSTRUMENTS.values()
        if item.always or set(item.suits_regions) >= every_region
    )
    by_region = {
        region: tuple(
            item.id
            for item in INSTRUMENTS.values()
            if item.id not in always and region in item.suits_regions
        )
        for region in REGIONS
    }
    return always, by_region
