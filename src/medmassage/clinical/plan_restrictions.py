"""What the findings forbid: pressure caps by region half and techniques excluded by area."""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from medmassage.clinical.body import (
    EMPTY,
    WHOLE_BODY,
    Area,
    Half,
    RegionRef,
    area_of,
    refs_of,
)
from medmassage.clinical.knowledge_model import KnowledgeBase
from medmassage.clinical.practitioner import Practitioner
from medmassage.clinical.screening import Finding
from medmassage.clinical.vocabulary import TECHNIQUES, Decision, Pressure

_REASONS = {
    "red_flag": "contraindication",
    "contraindication": "contraindication",
    "precaution": "precaution",
}
_TECHNIQUE_ORDER = {technique: index for index, technique in enumerate(TECHNIQUES)}
# Pressure.level searches the enum on every call; the planner's loops use this table instead.
LEVEL = {pressure: index for index, pressure in enumerate(Pressure)}


@dataclass(frozen=True)
class Exclusion:
    """A technique ruled out where a finding says so; no regions means the whole body."""

    technique: str
    regions: tuple[RegionRef, ...]
    reason: str
    finding: str
    area: Area = WHOLE_BODY

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> Exclusion:
        """Read a stored exclusion back; no regions means the whole body."""
        regions = tuple(RegionRef.from_json(ref) for ref in data.get("regions", ()))
        return cls(
            technique=str(data["technique"]),
            regions=regions,
            reason=str(data.get("reason", "")),
            finding=str(data.get("finding", "")),
            area=area_of(regions) if regions else WHOLE_BODY,
        )

    def to_json(self) -> dict[str, Any]:
        """The contract shape of an `excluded` entry."""
        return {
            "technique": self.technique,
            "regions": [ref.to_json() for ref in self.regions],
            "reason": self.reason,
            "finding": self.finding,
        }


@dataclass(frozen=True)
class Restrictions:
    """Every limit on today's work, indexed for the planner: exclusions (contract order),
    the area each technique is excluded from, and pressure caps (a whole-body cap, and caps
    by region half)."""

    exclusions: tuple[Exclusion, ...]
    by_technique: dict[str, Area] = field(default_factory=dict)
    body_cap: tuple[Pressure, str] | None = None
    local_caps: dict[Half, tuple[Pressure, str]] = field(default_factory=dict)

    def excluded_area(self, technique: str) -> Area:
        """Where `technique` may not be used."""
        return self.by_technique.get(technique, EMPTY)

    def cap_at(self, half: Half) -> tuple[Pressure, str] | None:
        """The lowest cap on one region half and the finding that sets it, if any."""
        local = self.local_caps.get(half)
        body = self.body_cap
        if local is None or (body is not None and LEVEL[body[0]] <= LEVEL[local[0]]):
            return body
        return local

    def cap(self, area: Iterable[Half]) -> tuple[Pressure, str | None]:
        """The lowest pressure cap over `area`, and the finding that sets it."""
        lowest, code = (Pressure.DEEP, None) if self.body_cap is None else self.body_cap
        for half in area:
            cap = self.local_caps.get(half)
            if cap is not None and LEVEL[cap[0]] < LEVEL[lowest]:
                lowest, code = cap
        return lowest, code


def _reason(finding: Finding) -> str:
    if finding.code.startswith("credential."):
        return "credential"
    return _REASONS.get(finding.kind, "scope")


@functools.lru_cache(maxsize=1024)
def _excluded_by(
    kb: KnowledgeBase, avoid_area: bool, excluded: frozenset[str], cap: Pressure | None
) -> tuple[str, ...]:
    """The techniques a finding rules out: all of them over an avoided area, those it names,
    and those whose lightest pressure is above its cap (computed once per combination)."""
    techniques = set(kb.techniques) if avoid_area else set(excluded)
    if cap is not None:
        techniques |= {
            key
            for key, technique in kb.techniques.items()
            if LEVEL[technique.pressure_min] > LEVEL[cap]
        }
    return tuple(sorted(techniques, key=lambda key: _TECHNIQUE_ORDER.get(key, 99)))


@functools.lru_cache(maxsize=8192)
def _exclusions(kb: KnowledgeBase, finding: Finding) -> tuple[Exclusion, ...]:
    """The exclusions one finding makes (findings repeat across intakes: computed once)."""
    area = WHOLE_BODY if finding.scope == "systemic" else finding.area
    regions = () if area == WHOLE_BODY else refs_of(area)
    reason = _reason(finding)
    excluded = _excluded_by(
        kb, finding.avoid_area, finding.excluded_techniques, finding.max_pressure
    )
    return tuple(
        Exclusion(technique, regions, reason, finding.code, area) for technique in excluded
    )


def _lower(current: tuple[Pressure, str] | None, cap: Pressure, code: str) -> tuple[Pressure, str]:
    if current is None or LEVEL[cap] < LEVEL[current[0]]:
        return (cap, code)
    return current


def restrictions_for(kb: KnowledgeBase, findings: Iterable[Finding]) -> Restrictions:
    """Turn findings into exclusions and pressure caps (whole body for systemic findings)."""
    return _restrictions(kb, tuple(findings))


@functools.lru_cache(maxsize=8192)
def _restrictions(kb: KnowledgeBase, findings: tuple[Finding, ...]) -> Restrictions:
    """The restrictions of a combination of findings (combinations recur: built once; the
    result is shared, so nothing may change it)."""
    buckets: dict[int, list[Exclusion]] = {}
    by_technique: dict[str, Area] = {}
    body_cap: tuple[Pressure, str] | None = None
    local_caps: dict[Half, tuple[Pressure, str]] = {}
    for finding in findings:
        for exclusion in _exclusions(kb, finding):
            technique, area = exclusion.technique, exclusion.area
            buckets.setdefault(_TECHNIQUE_ORDER.get(technique, 99), []).append(exclusion)
            current = by_technique.get(technique)
            if current is None or area is WHOLE_BODY:
                by_technique[technique] = area
            elif current is not WHOLE_BODY and current is not area:
                by_technique[technique] = current | area
        cap = finding.max_pressure
        if cap is None:
            continue
        if finding.scope == "systemic":
            body_cap = _lower(body_cap, cap, finding.code)
        else:
            for half in finding.area:
                local_caps[half] = _lower(local_caps.get(half), cap, finding.code)
    entries: list[Exclusion] = []
    for order in sorted(buckets):
        entries.extend(sorted(buckets[order], key=_by_finding))
    return Restrictions(tuple(entries), by_technique, body_cap, local_caps)


def _by_finding(exclusion: Exclusion) -> str:
    return exclusion.finding


_SCOPE_RATIONALE = (
    "Scope of practice: this technique needs a credential beyond the massage licence "
    "(default table; a clinic may change it for its jurisdiction)."
)


@functools.lru_cache(maxsize=256)
def _credential_finding(kb: KnowledgeBase, technique_id: str, credential: str) -> Finding:
    technique = kb.techniques[technique_id]
    note = f" {technique.credential_note}" if technique.credential_note else ""
    return Finding(
        code=f"credential.{technique_id}",
        kind="scope",
        scope="systemic",
        regions=(),
        action=(
            f"{technique.name} not offered: it needs the {kb.credentials[credential]} "
            f"credential.{note}"
        ),
        rationale=_SCOPE_RATIONALE,
        sources=kb.citations(("policy",)),
        decision=Decision.PROCEED,
        overridable=False,
        policy=True,
        excluded_techniques=frozenset({technique_id}),
    )


def scope_findings(
    kb: KnowledgeBase, practitioner: Practitioner, *, candidates: Iterable[str], visit: dt.date
) -> list[Finding]:
    """Credential findings for candidate techniques the practitioner lacks; licence expiry."""
    findings = []
    for technique_id in sorted(set(candidates), key=_TECHNIQUE_ORDER.__getitem__):
        credential = kb.techniques[technique_id].credential
        if credential is not None and credential not in practitioner.credentials:
            findings.append(_credential_finding(kb, technique_id, credential))
    if not practitioner.licence_valid_on(visit):
        findings.append(_licence_expired(kb, practitioner))
    return findings


def _licence_expired(kb: KnowledgeBase, practitioner: Practitioner) -> Finding:
    return Finding(
        code="scope.licence_expired",
        kind="scope",
        scope="systemic",
        regions=(),
        action=(
            f"The practitioner's licence expired on {practitioner.licence_expires}: "
            "no treatment until renewed."
        ),
        rationale="Treatment needs a current licence in the jurisdiction.",
        sources=kb.citations(("policy",)),
        decision=Decision.POSTPONE,
        overridable=False,
        policy=True,
    )
