"""red_flags.toml and contraindications.toml: the questions and the rules screening applies."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import fields
from pathlib import Path
from typing import Any

from medmassage.clinical import knowledge_checks as checks
from medmassage.clinical.knowledge_entry import META_KEYS, Entry, read_toml
from medmassage.clinical.knowledge_model import (
    TRIGGER_NAMES,
    Question,
    Restriction,
    Rule,
    Technique,
    TriggerParams,
)
from medmassage.clinical.vocabulary import Decision, Pressure

RULE_KINDS = ("red_flag", "contraindication", "precaution", "consent", "scope")
EXCLUDABLE_FEATURES = ("friction", "sustained_compression", "joint_movement", "circulatory")
_PARAM_NAMES = frozenset(item.name for item in fields(TriggerParams))


def _params(entry: Entry) -> TriggerParams:
    raw = entry.get("params", dict, {})
    # Each value is the TOML's; the triggers read them as TriggerParams declares them.
    values: dict[str, Any] = {}
    for key, value in raw.items():
        if key not in _PARAM_NAMES:
            raise entry.fail("params", f"unknown parameter {key!r}")
        values[key] = tuple(value) if isinstance(value, list) else value
    return TriggerParams(**values)


def _restriction(entry: Entry, techniques: Mapping[str, Technique]) -> Restriction:
    features = set(entry.strs("exclude_features", EXCLUDABLE_FEATURES))
    excluded = set(entry.strs("exclude", techniques))
    excluded |= {key for key, technique in techniques.items() if technique.features & features}
    cap = entry.data.get("max_pressure")
    return Restriction(
        decision=Decision(entry.one_of("decision", list(Decision))),
        action=entry.text("action"),
        max_pressure=None
        if cap is None
        else Pressure(entry.one_of("max_pressure", list(Pressure))),
        exclude=frozenset(excluded),
        avoid_area=entry.flag("avoid_area"),
    )


def _cleared(entry: Entry, key: str, techniques: Mapping[str, Technique]) -> Restriction | None:
    entry.read.add(key)
    if key not in entry.data:
        return None
    table = entry.child(key, entry.data[key])
    restriction = _restriction(table, techniques)
    table.done()
    return restriction


def _rule(entry: Entry, kb: Mapping[str, Any]) -> Rule:
    kind = entry.one_of("kind", RULE_KINDS)
    params = _params(entry)
    unknown = [question for question in params.questions if question not in kb["questions"]]
    if unknown:
        raise entry.fail("params", f"unknown question {unknown[0]!r}")
    bad = [key for key in params.conditions if key not in kb["conditions"]]
    if bad:
        raise entry.fail("params", f"unknown condition {bad[0]!r}")
    overridable = entry.flag("overridable", kind != "red_flag")
    if kind == "red_flag" and overridable:
        raise entry.fail("overridable", "a red flag is never overridable")
    rule = Rule(
        code=entry.text("code"),
        kind=kind,
        scope=entry.one_of("scope", ("systemic", "local"), "systemic"),
        trigger=entry.one_of("trigger", TRIGGER_NAMES),
        params=params,
        restriction=_restriction(entry, kb["techniques"]),
        cleared=_cleared(entry, "cleared", kb["techniques"]),
        cleared_healed=_cleared(entry, "cleared_healed", kb["techniques"]),
        clearance_topic=entry.optional_text("clearance_topic"),
        applies_to=frozenset(entry.strs("applies_to", checks.REGION_SET)),
        regions=entry.strs("regions", checks.REGION_SET),
        refer_to=entry.optional_text("refer_to"),
        overridable=overridable,
        rationale=entry.text("rationale"),
        sources=entry.sources(kb["sources"]),
        policy=entry.flag("policy"),
    )
    entry.done()
    return rule


def _questions(document: Mapping[str, Any]) -> dict[str, Question]:
    tables = document.get("questions", {})
    questions = {}
    for key, data in tables.items():
        entry = Entry(f"red_flags.toml: questions.{key}", data)
        questions[key] = Question(key, entry.text("text"), entry.strs("regions", checks.REGION_SET))
        entry.done()
    return questions


def load_rules(directory: Path, kb: dict[str, Any]) -> tuple[dict[str, Question], tuple[Rule, ...]]:
    """The red-flag questions, then every rule of red_flags.toml and contraindications.toml."""
    flags = read_toml(directory / "red_flags.toml")
    kb["questions"] = questions = _questions(flags)
    rules: list[Rule] = []
    for name, document in (
        ("red_flags.toml", flags),
        ("contraindications.toml", read_toml(directory / "contraindications.toml")),
    ):
        for index, data in enumerate(document.get("rules", [])):
            label = data.get("code", index) if isinstance(data, dict) else index
            rules.append(_rule(Entry(f"{name}: rules[{label}]", data), kb))
        extra = set(document) - {"rules", "questions"} - META_KEYS
        if extra:
            raise Entry(name, document).fail(sorted(extra)[0], "unknown key")
    checks.check_rules(rules)
    return questions, tuple(rules)
