"""Cross-checks of the loaded knowledge base: coverage, references and code formats."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from typing import Any

from medmassage.clinical.knowledge_entry import KnowledgeError
from medmassage.clinical.knowledge_model import CERTAINTIES, Condition, Rule, Technique
from medmassage.clinical.vocabulary import INSTRUMENTS, REGIONS, TECHNIQUES

REGION_SET = frozenset(REGIONS)
INSTRUMENT_SET = frozenset(INSTRUMENTS)
CERTAINTY_SET = frozenset(CERTAINTIES)
# ICD-10-CM shape: letter, two characters, optional dot and up to four more (e.g. M54.50, S33.5XXA).
ICD10_PATTERN = re.compile(r"^[A-TV-Z][0-9][0-9A-Z](\.[0-9A-Z]{1,4})?$")


def _error(message: str) -> KnowledgeError:
    return KnowledgeError(message)


def check_techniques(techniques: Mapping[str, Technique], name: str) -> None:
    """Every contract technique is described, with a sane pressure range."""
    missing = [technique for technique in TECHNIQUES if technique not in techniques]
    if missing:
        raise _error(
            f"{name}: techniques.{missing[0]}: missing (every contract technique is required)"
        )
    for technique in techniques.values():
        if technique.pressure_min.level > technique.pressure_max.level:
            raise _error(f"{name}: techniques.{technique.id}.pressure: minimum above maximum")


def check_icd_codes(conditions: Mapping[str, Condition], name: str) -> None:
    """Every ICD-10-CM code has the code shape and belongs to one condition only."""
    owner: dict[str, str] = {}
    for condition in conditions.values():
        for code in condition.icd10:
            if not ICD10_PATTERN.match(code):
                raise _error(
                    f"{name}: conditions.{condition.id}.icd10: {code!r} is not an ICD-10-CM code"
                )
            if code in owner:
                raise _error(
                    f"{name}: conditions.{condition.id}.icd10: {code!r} also in {owner[code]}"
                )
            owner[code] = condition.id


def check_rules(rules: Iterable[Rule]) -> None:
    """Rule codes are unique; local rules can name regions; stopping rules say where to refer."""
    seen: set[str] = set()
    for rule in rules:
        where = f"rules[{rule.code}]"
        if rule.code in seen:
            raise _error(f"{where}: duplicate code")
        seen.add(rule.code)
        if rule.kind == "red_flag" and rule.restriction.decision.severity < 4:
            raise _error(f"{where}.decision: a red flag refers (refer_urgent or refer_emergency)")
        if rule.restriction.decision.severity >= 4 and not rule.refer_to:
            raise _error(f"{where}.refer_to: a referral decision must say to whom")
        if rule.restriction.avoid_area and rule.scope != "local":
            raise _error(f"{where}.avoid_area: only a local rule can avoid an area")
        if (rule.cleared or rule.cleared_healed) and not rule.clearance_topic:
            raise _error(f"{where}.clearance_topic: required with [cleared]")
        if rule.cleared_healed is not None and rule.cleared is None:
            raise _error(f"{where}.cleared: required with [cleared_healed]")


def check_region_tables(kb: Mapping[str, Any], name: str) -> None:
    """Every region has a default approach; limbs and distal tables name real regions."""
    missing = [region for region in (*REGIONS, "whole_body") if region not in kb["region_defaults"]]
    if missing:
        raise _error(f"{name}: defaults.{missing[0]}: missing")
    for limb in ("arm", "leg"):
        if limb not in kb["limbs"]:
            raise _error(f"{name}: limbs.{limb}: missing")


def icd_prefix_index(conditions: Mapping[str, Condition]) -> dict[str, str]:
    """Codes and their unambiguous parent prefixes (e.g. deleted M54.5) mapped to a condition."""
    owners: dict[str, set[str]] = {}
    exact: dict[str, str] = {}
    for condition in conditions.values():
        for code in condition.icd10:
            exact[code] = condition.id
            prefix = code[:-1].rstrip(".")
            while len(prefix) >= 3:
                owners.setdefault(prefix, set()).add(condition.id)
                prefix = prefix[:-1].rstrip(".")
    index = {prefix: next(iter(ids)) for prefix, ids in owners.items() if len(ids) == 1}
    index.update(exact)
    return index
