"""Screen an intake: every red flag, contraindication, precaution and consent issue, and the
decision they add up to (the most severe)."""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Mapping
from dataclasses import dataclass, replace
from typing import Any

from medmassage.clinical.body import (
    EMPTY,
    WHOLE_BODY,
    Area,
    RegionRef,
    area_of,
    both_sides,
    refs_of,
)
from medmassage.clinical.free_text import TextHit
from medmassage.clinical.intake import Clearance, Complaint, Intake
from medmassage.clinical.knowledge import knowledge
from medmassage.clinical.knowledge_model import KnowledgeBase, Restriction, Rule
from medmassage.clinical.screening_context import Context, Hit
from medmassage.clinical.screening_index import candidate_rules
from medmassage.clinical.screening_triggers import TRIGGERS
from medmassage.clinical.vocabulary import Decision, Pressure

_SEVERITY = {decision: decision.severity for decision in Decision}


@dataclass(frozen=True)
class Finding:
    """One screening finding: what applies, where, what to do, why, and on what authority."""

    code: str
    kind: str
    scope: str
    regions: tuple[RegionRef, ...]
    action: str
    rationale: str
    sources: tuple[str, ...]
    decision: Decision
    overridable: bool
    policy: bool = False
    max_pressure: Pressure | None = None
    excluded_techniques: frozenset[str] = frozenset()
    avoid_area: bool = False
    area: Area = WHOLE_BODY
    refer_to: str | None = None

    def __hash__(self) -> int:
        # Findings key the planner's caches: hash the fields that decide equality in practice
        # once, and keep it (equal findings still hash alike, so this stays a valid hash).
        cached: int | None = self.__dict__.get("_hash")
        if cached is None:
            cached = hash((self.code, self.action, self.decision, self.area, self.max_pressure))
            object.__setattr__(self, "_hash", cached)
        return cached

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> Finding:
        """Read a stored finding back (its contract fields; planning's own indexes are not
        stored, so a finding read back serves reading and display, not re-planning)."""
        return cls(
            code=str(data["code"]),
            kind=str(data["kind"]),
            scope=str(data["scope"]),
            regions=tuple(RegionRef.from_json(ref) for ref in data.get("regions", ())),
            action=str(data.get("action", "")),
            rationale=str(data.get("rationale", "")),
            sources=tuple(str(source) for source in data.get("sources", ())),
            decision=Decision(data["decision"]),
            overridable=bool(data.get("overridable", True)),
            policy=bool(data.get("policy", False)),
        )

    def to_json(self) -> dict[str, Any]:
        """The contract shape of a finding, with its decision and overridability."""
        return {
            "code": self.code,
            "kind": self.kind,
            "scope": self.scope,
            "regions": [ref.to_json() for ref in self.regions],
            "action": self.action,
            "rationale": self.rationale,
            "sources": list(self.sources),
            "decision": self.decision.value,
            "overridable": self.overridable,
            "policy": self.policy,
        }


@dataclass(frozen=True)
class Screening:
    """The decision for today's session and the findings behind it, most severe first, with
    the free-text hits (those unanswered counted as yes in the decision)."""

    decision: Decision
    findings: tuple[Finding, ...]
    text_hits: tuple[TextHit, ...] = ()

    @property
    def unanswered_text_hits(self) -> tuple[TextHit, ...]:
        """Free-text prompts still to answer: no plan approval or visit start until none."""
        return tuple(hit for hit in self.text_hits if hit.unanswered)

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> Screening:
        """Read a stored screening back (one stored before free text was screened has no hits)."""
        return cls(
            decision=Decision(data["decision"]),
            findings=tuple(Finding.from_json(item) for item in data.get("findings", ())),
            text_hits=tuple(TextHit.from_json(item) for item in data.get("text_hits", ())),
        )

    def to_json(self) -> dict[str, Any]:
        """The contract shape printed by `medmassage screen`, plus `text_hits`."""
        return {
            "decision": self.decision.value,
            "findings": [finding.to_json() for finding in self.findings],
            "text_hits": [hit.to_json() for hit in self.text_hits],
        }


@functools.lru_cache(maxsize=1024)
def _citations(kb: KnowledgeBase, sources: tuple[str, ...]) -> tuple[str, ...]:
    return kb.citations(sources)


@functools.lru_cache(maxsize=4096)
def _regions_of(kb: KnowledgeBase, region: str | None, condition: str | None) -> frozenset[str]:
    regions = set() if region is None else {region}
    if condition is not None:
        regions.update(kb.conditions[condition].regions)
    return frozenset(regions)


def _complaint_regions(kb: KnowledgeBase, complaint: Complaint) -> frozenset[str]:
    return _regions_of(kb, complaint.region, complaint.condition)


def _in_scope(
    rule: Rule,
    complaints: tuple[tuple[Complaint, frozenset[str]], ...],
    every: tuple[Complaint, ...],
) -> tuple[Complaint, ...] | None:
    """The complaints a region-scoped rule looks at; None when none is in its regions."""
    scope = rule.applies_to
    if not scope:
        return every
    chosen = tuple(complaint for complaint, regions in complaints if not scope.isdisjoint(regions))
    return chosen or None


def _within(restriction: Restriction, clearance: Clearance) -> Restriction:
    """A cleared restriction narrowed by the clearance's own limits."""
    cap = restriction.max_pressure
    limit = clearance.max_pressure
    if limit is not None and (cap is None or limit.level < cap.level):
        cap = limit
    return replace(restriction, max_pressure=cap, exclude=restriction.exclude | clearance.exclude)


def _restriction(rule: Rule, hit: Hit, intake: Intake) -> Restriction:
    """The rule's restriction, or its cleared form (its healed form when every site has
    healed) when a covering clearance dated after the event is on file."""
    if rule.cleared is None or rule.clearance_topic is None:
        return rule.restriction
    for clearance in intake.clearances:
        fresh = hit.since is None or clearance.date >= hit.since
        if not clearance.in_force(intake.visit_date):
            continue  # expired: it clears nothing, so the rule asks for clearance again
        if fresh and clearance.covers_topic(rule.clearance_topic):
            cleared = rule.cleared_healed if hit.healed and rule.cleared_healed else rule.cleared
            return _within(cleared, clearance)
    return rule.restriction


def _notes(kb: KnowledgeBase, rule: Rule, intake: Intake) -> str:
    """What the finding says of details the intake left out (read the stricter way)."""
    found = kb.unstated_notes.get(rule.code)
    if not found or not intake.unstated:
        return ""
    return "".join(f" {note}" for detail, note in found if detail in intake.unstated)


def _finding(kb: KnowledgeBase, rule: Rule, hit: Hit, *, intake: Intake) -> Finding:
    restriction = _restriction(rule, hit, intake)
    area = hit.area if rule.scope == "local" and not rule.regions else EMPTY
    return _built_finding(kb, rule, restriction, area, _notes(kb, rule, intake))


@functools.lru_cache(maxsize=8192)
def _built_finding(
    kb: KnowledgeBase, rule: Rule, restriction: Restriction, hit_area: Area, notes: str
) -> Finding:
    """The finding of a fired rule; the same rule, restriction, area and notes recur across
    intakes, so each is built once."""
    local = rule.scope == "local"
    area = (both_sides(rule.regions) if rule.regions else hit_area) if local else WHOLE_BODY
    cleared = restriction is not rule.restriction
    return Finding(
        code=rule.code,
        kind=rule.kind,
        scope=rule.scope,
        regions=refs_of(area) if local else (),
        action=restriction.action + notes,
        rationale=rule.rationale,
        sources=_citations(kb, rule.sources),
        decision=restriction.decision,
        overridable=rule.overridable,
        policy=rule.policy,
        max_pressure=restriction.max_pressure,
        excluded_techniques=restriction.exclude,
        avoid_area=restriction.avoid_area,
        area=area,
        refer_to=None if cleared else rule.refer_to,
    )


def _unanswered(kb: KnowledgeBase, intake: Intake) -> Finding | None:
    """Red-flag questions answered "unknown": ask before starting (does not change the decision)."""
    if not intake.unknown_answers:
        return None
    asked = sorted(intake.unknown_answers)
    return Finding(
        code="red_flag.unanswered",
        kind="precaution",
        scope="systemic",
        regions=(),
        action="Ask before treatment: " + "; ".join(kb.questions[key].text for key in asked),
        rationale=(
            f"{len(asked)} red-flag question{'s' if len(asked) > 1 else ''} answered "
            "\u201cdon't know\u201d: a yes would change today's decision."
        ),
        sources=kb.citations(("policy",)),
        decision=Decision.PROCEED,
        overridable=True,
        policy=True,
        area=EMPTY,
    )


def _text_prompts(kb: KnowledgeBase, intake: Intake) -> Finding | None:
    """Free-text reports not yet answered: counted as yes until the therapist answers."""
    waiting = intake.unanswered_text_hits
    if not waiting:
        return None
    asked = "; ".join(f'{hit.prompt} (reported: "{hit.text}" in {hit.field})' for hit in waiting)
    return Finding(
        code="free_text.unanswered",
        kind="precaution",
        scope="systemic",
        regions=(),
        action="Ask and record the answer before approving a plan or starting the visit: " + asked,
        rationale=(
            "Free text reports signs that match red-flag or contraindication questions; until "
            "the therapist answers, each counts as a yes (the worse case)."
        ),
        sources=kb.citations(("policy",)),
        decision=Decision.PROCEED,
        overridable=False,
        policy=True,
        area=EMPTY,
    )


def _clearance_citation(clearance: Clearance) -> str:
    filed = f", filed as {clearance.reference}" if clearance.reference else ""
    until = f", valid until {clearance.until.isoformat()}" if clearance.until else ""
    return f"Clearance from {clearance.source}, {clearance.date.isoformat()}{until}{filed}"


def _clearance_findings(
    kb: KnowledgeBase, clearance: Clearance, number: int, visit: dt.date
) -> list[Finding]:
    """A clearance's own limits as findings whose source is the clearance; once expired, a
    clearance that set limits is asked for again (its limits are not dropped in silence)."""
    if not clearance.has_own_limits:
        return []
    code, source = f"clearance.{number}", (_clearance_citation(clearance),)
    if not clearance.in_force(visit):
        return [
            Finding(
                code=f"{code}.expired",
                kind="precaution",
                scope="systemic",
                regions=(),
                action=f"The clearance from {clearance.source} ended on {clearance.until}: "
                "ask for a new clearance before treatment.",
                rationale="A clearance with limits holds only for the time the physician gave.",
                sources=source,
                decision=Decision.CLEARANCE,
                overridable=False,
                refer_to=f"{clearance.source} (clearance)",
            )
        ]
    found = []
    if clearance.standing and (clearance.max_pressure or clearance.exclude):
        found.append(_standing_limits(kb, clearance, code, source))
    if clearance.avoid:
        area = area_of(clearance.avoid)
        found.append(
            Finding(
                code=f"{code}.avoid",
                kind="precaution",
                scope="local",
                regions=refs_of(area),
                action="No work on these regions: the clearance rules them out.",
                rationale="Regions the physician's clearance asks the therapist to avoid.",
                sources=source,
                decision=Decision.MODIFY,
                overridable=False,
                avoid_area=True,
                area=area,
            )
        )
    return found


def _standing_limits(
    kb: KnowledgeBase, clearance: Clearance, code: str, source: tuple[str, ...]
) -> Finding:
    limits = []
    if clearance.max_pressure is not None:
        limits.append(f"{clearance.max_pressure.value} pressure at most")
    if clearance.exclude:
        names = sorted(kb.techniques[t].name for t in clearance.exclude)
        limits.append("no " + ", ".join(names))
    return Finding(
        code=f"{code}.limits",
        kind="precaution",
        scope="systemic",
        regions=(),
        action="Within the clearance's limits: " + "; ".join(limits) + ".",
        rationale="Limits the physician's clearance sets for all work.",
        sources=source,
        decision=Decision.MODIFY,
        overridable=False,
        max_pressure=clearance.max_pressure,
        excluded_techniques=clearance.exclude,
    )


def _order(finding: Finding) -> tuple[int, str]:
    return (-_SEVERITY[finding.decision], finding.code)


def screen(intake: Intake, kb: KnowledgeBase | None = None) -> Screening:
    """Screen an intake against every rule of the knowledge base."""
    kb = kb or knowledge()
    findings: list[Finding] = []
    located = tuple((c, _complaint_regions(kb, c)) for c in intake.complaints)
    every = intake.complaints
    for rule in candidate_rules(kb, intake):
        complaints = _in_scope(rule, located, every)
        if complaints is None:
            continue
        hit = TRIGGERS[rule.trigger](Context(kb, intake, complaints), rule.params)
        if hit is not None:
            findings.append(_finding(kb, rule, hit, intake=intake))
    for extra in (_unanswered(kb, intake), _text_prompts(kb, intake)):
        if extra is not None:
            findings.append(extra)
    for number, clearance in enumerate(intake.clearances, start=1):
        findings.extend(_clearance_findings(kb, clearance, number, intake.visit_date))
    findings.sort(key=_order)
    decision = max(
        (finding.decision for finding in findings),
        key=_SEVERITY.__getitem__,
        default=Decision.PROCEED,
    )
    return Screening(decision, tuple(findings), intake.text_hits)
