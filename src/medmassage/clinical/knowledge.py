"""Load and validate the knowledge base (knowledge/*.toml) once, failing loudly on any flaw."""

from __future__ import annotations

import functools
import tomllib
from collections.abc import Mapping
from dataclasses import fields
from pathlib import Path
from typing import Any

from medmassage.clinical import knowledge_checks as checks
from medmassage.clinical.instruments import INSTRUMENTS
from medmassage.clinical.knowledge_entry import META_KEYS, Entry, KnowledgeError
from medmassage.clinical.knowledge_model import (
    TRIGGER_NAMES,
    Condition,
    Course,
    Evidence,
    Exercise,
    KnowledgeBase,
    MedicationClass,
    Question,
    RegionDefault,
    Restriction,
    Rule,
    Source,
    Technique,
    TriggerParams,
)
from medmassage.clinical.vocabulary import REGIONS, Decision, Pressure

KNOWLEDGE_DIR = Path(__file__).parent / "knowledge"


def _read(directory: Path, name: str) -> dict[str, Any]:
    path = directory / name
    try:
        with path.open("rb") as handle:
            return tomllib.load(handle)
    except (OSError, tomllib.TOMLDecodeError) as error:
        raise KnowledgeError(f"{name}: {error}") from error


def _tables(document: dict[str, Any], name: str, key: str) -> dict[str, Entry]:
    tables = document.get(key, {})
    if not isinstance(tables, dict):
        raise KnowledgeError(f"{name}: [{key}] must be a table")
    return {
        entry_id: Entry(f"{name}: {key}.{entry_id}", data)
        for entry_id, data in tables.items()
        if entry_id not in META_KEYS
    }


def _load_sources(directory: Path) -> dict[str, Source]:
    document = _read(directory, "sources.toml")
    return {
        source_id: Source(source_id, Entry(f"sources.toml: {source_id}", data).get("citation", str))
        for source_id, data in document.items()
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
        low, high = entry.strs("pressure", list(Pressure), required=True)
        credential = entry.data.get("credential")
        if credential is not None and credential not in credentials:
            raise entry.fail("credential", f"unknown credential {credential!r}")
        ids = entry.strs("cpt_sources", sources, required=True) + entry.strs(
            "credential_sources", sources
        )
        techniques[key] = Technique(
            id=key,
            name=entry.get("name", str),
            description=entry.get("description", str),
            pressure_min=Pressure(low),
            pressure_max=Pressure(high),
            features=frozenset(
                entry.strs(
                    "features", ("massage", "friction", "sustained_compression", "joint_movement")
                )
            ),
            credential=credential,
            cpt=entry.one_of("cpt", ("97124", "97140", "97112")),
            cpt_policy=entry.get("cpt_policy", bool, False),
            sources=tuple(dict.fromkeys(ids)),
        )
    checks.check_techniques(techniques, name)
    return techniques, credentials


def _course(entry: Entry, sources: Mapping[str, Source]) -> Course:
    return Course(
        sessions_per_week=entry.get("sessions_per_week", int),
        weeks=entry.get("weeks", int),
        reassess_after_sessions=entry.get("reassess_after_sessions", int),
        rationale=entry.get("rationale", str),
        sources=entry.sources(sources),
        within_days=entry.data.get("within_days"),
    )


def _load_conditions(
    directory: Path, kb: dict[str, Any]
) -> tuple[dict[str, Condition], Course, Course]:
    name = "conditions.toml"
    document = _read(directory, name)
    sources, techniques = kb["sources"], kb["techniques"]
    conditions = {}
    for key, entry in _tables(document, name, "conditions").items():
        course = entry.data.get("course")
        conditions[key] = Condition(
            id=key,
            name=entry.get("name", str),
            icd10=entry.strs("icd10", required=True),
            regions=entry.strs("regions", checks.REGION_SET, required=True),
            treat=entry.strs("treat", checks.REGION_SET),
            techniques=entry.strs("techniques", techniques, required=True),
            measures=entry.strs("measures", checks.INSTRUMENT_SET),
            course=None
            if course is None
            else _course(Entry(f"{entry.where}.course", course), sources),
            first_session_minutes=entry.data.get("first_session_minutes"),
            sources=entry.sources(sources),
        )
    default = _course(Entry(f"{name}: course_default", document.get("course_default")), sources)
    acute = _course(Entry(f"{name}: course_acute", document.get("course_acute")), sources)
    checks.check_icd_codes(conditions, name)
    return conditions, default, acute


def _params(entry: Entry) -> TriggerParams:
    raw = entry.get("params", dict, {})
    names = {item.name: item for item in fields(TriggerParams)}
    values: dict[str, object] = {}
    for key, value in raw.items():
        if key not in names:
            raise entry.fail("params", f"unknown parameter {key!r}")
        values[key] = tuple(value) if isinstance(value, list) else value
    return TriggerParams(**values)  # type: ignore[arg-type]


def _restriction(
    entry: Entry, techniques: Mapping[str, Technique], default_decision: str | None = None
) -> Restriction:
    features = set(
        entry.strs("exclude_features", ("friction", "sustained_compression", "joint_movement"))
    )
    excluded = set(entry.strs("exclude", techniques))
    excluded |= {key for key, technique in techniques.items() if technique.features & features}
    cap = entry.data.get("max_pressure")
    return Restriction(
        decision=Decision(entry.one_of("decision", list(Decision), default_decision)),
        action=entry.get("action", str),
        max_pressure=None
        if cap is None
        else Pressure(entry.one_of("max_pressure", list(Pressure))),
        exclude=frozenset(excluded),
        avoid_area=entry.get("avoid_area", bool, False),
    )


def _rule(entry: Entry, kb: Mapping[str, Any]) -> Rule:
    kind = entry.one_of("kind", ("red_flag", "contraindication", "precaution", "consent", "scope"))
    scope = entry.one_of("scope", ("systemic", "local"), "systemic")
    cleared = entry.data.get("cleared")
    params = _params(entry)
    unknown = [question for question in params.questions if question not in kb["questions"]]
    if unknown:
        raise entry.fail("params", f"unknown question {unknown[0]!r}")
    overridable = entry.get("overridable", bool, kind not in ("red_flag",))
    if kind == "red_flag" and overridable:
        raise entry.fail("overridable", "a red flag is never overridable")
    return Rule(
        code=entry.get("code", str),
        kind=kind,
        scope=scope,
        trigger=entry.one_of("trigger", TRIGGER_NAMES),
        params=params,
        restriction=_restriction(entry, kb["techniques"]),
        cleared=None
        if cleared is None
        else _restriction(Entry(f"{entry.where}.cleared", cleared), kb["techniques"]),
        clearance_topic=entry.data.get("clearance_topic"),
        applies_to=frozenset(entry.strs("applies_to", checks.REGION_SET)),
        regions=entry.strs("regions", checks.REGION_SET),
        refer_to=entry.data.get("refer_to"),
        overridable=overridable,
        rationale=entry.get("rationale", str),
        sources=entry.sources(kb["sources"]),
        policy=entry.get("policy", bool, False),
    )


def _load_rules(
    directory: Path, kb: dict[str, Any]
) -> tuple[dict[str, Question], tuple[Rule, ...]]:
    flags = _read(directory, "red_flags.toml")
    questions = {
        key: Question(key, entry.get("text", str), entry.strs("regions", checks.REGION_SET))
        for key, entry in _tables(flags, "red_flags.toml", "questions").items()
    }
    kb["questions"] = questions
    rules: list[Rule] = []
    for name, document in (
        ("red_flags.toml", flags),
        ("contraindications.toml", _read(directory, "contraindications.toml")),
    ):
        for index, data in enumerate(document.get("rules", [])):
            label = data.get("code", index) if isinstance(data, dict) else index
            rules.append(_rule(Entry(f"{name}: rules[{label}]", data), kb))
    checks.check_rules(rules)
    return questions, tuple(rules)


def _load_medications(
    directory: Path, sources: Mapping[str, Source]
) -> tuple[dict[str, MedicationClass], dict[str, frozenset[str]]]:
    name = "medications.toml"
    document = _read(directory, name)
    classes = {
        key: MedicationClass(
            key,
            entry.get("name", str),
            entry.strs("drugs", required=True),
            entry.sources(sources),
            entry.get("policy", bool, False),
        )
        for key, entry in _tables(document, name, "classes").items()
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
    return classes, {drug: frozenset(ids) for drug, ids in index.items()}


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
    kb: dict[str, Any] = {"sources": _load_sources(directory)}
    kb["techniques"], kb["credentials"] = _load_techniques(directory, kb["sources"])
    kb["conditions"], kb["course_default"], kb["course_acute"] = _load_conditions(directory, kb)
    kb["questions"], kb["rules"] = _load_rules(directory, kb)
    kb["medication_classes"], kb["drug_index"] = _load_medications(directory, kb["sources"])
    kb["exercises"] = _load_home_care(directory, kb)
    kb["evidence"] = _load_evidence(directory, kb)
    _load_regions(directory, kb)
    kb["icd_index"] = checks.icd_prefix_index(kb["conditions"])
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
