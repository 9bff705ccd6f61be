"""What the findings forbid: pressure caps by region half and techniques excluded by area."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from medmassage.clinical.body import WHOLE_BODY, Area, Half, RegionRef, refs_of
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
    """Every limit on today's work, indexed for the planner."""

    exclusions: tuple[Exclusion, ...]
    caps: dict[Half, tuple[Pressure, str]]

    def excluded_area(self, technique: str) -> Area:
        """Where `technique` may not be used."""
        area: set[Half] = set()
        for exclusion in self.exclusions:
            if exclusion.technique == technique:
                area |= exclusion.area
        return frozenset(area)

    def cap(self, area: Iterable[Half]) -> tuple[Pressure, str | None]:
        """The lowest pressure cap over `area`, and the finding that sets it."""
        lowest, code = Pressure.DEEP, None
        for half in area:
            cap = self.caps.get(half)
            if cap is not None and LEVEL[cap[0]] < LEVEL[lowest]:
                lowest, code = cap
        return lowest, code


def _reason(finding: Finding) -> str:
    if finding.code.startswith("credential."):
        return "credential"
    return _REASONS.get(finding.kind, "scope")


def _excluded_by(kb: KnowledgeBase, finding: Finding) -> set[str]:
    techniques = set(kb.techniques) if finding.avoid_area else set(finding.excluded_techniques)
    cap = finding.max_pressure
    if cap is not None:
        techniques |= {
            key
            for key, technique in kb.techniques.items()
            if LEVEL[technique.pressure_min] > LEVEL[cap]
        }
    return techniques


def restrictions_for(kb: KnowledgeBase, findings: Iterable[Finding]) -> Restrictions:
    """Turn findings into exclusions and pressure caps (whole body for systemic findings)."""
    entries: list[Exclusion] = []
    caps: dict[Half, tuple[Pressure, str]] = {}
    for finding in findings:
        area = WHOLE_BODY if finding.scope == "systemic" else finding.area
        regions = () if area == WHOLE_BODY else refs_of(area)
        for technique in _excluded_by(kb, finding):
            entries.append(Exclusion(technique, regions, _reason(finding), finding.code, area))
        if finding.max_pressure is not None:
            for half in area:
                if half not in caps or LEVEL[finding.max_pressure] < LEVEL[caps[half][0]]:
                    caps[half] = (finding.max_pressure, finding.code)
    entries.sort(key=lambda entry: (_TECHNIQUE_ORDER.get(entry.technique, 99), entry.finding))
    return Restrictions(tuple(entries), caps)


_SCOPE_RATIONALE = (
    "Scope of practice: this technique needs a credential beyond the massage licence "
    "(default table; a clinic may change it for its jurisdiction)."
)


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
