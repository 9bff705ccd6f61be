"""Draft a treatment plan from an intake: screening first, then techniques per complaint
within every limit the findings set, with evidence, measures, home care and a course."""

from __future__ import annotations

import functools
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from medmassage.clinical import plan_content as content
from medmassage.clinical.body import Area, RegionRef, refs_of
from medmassage.clinical.free_text import TextHit
from medmassage.clinical.intake import Complaint, Intake
from medmassage.clinical.knowledge import knowledge
from medmassage.clinical.knowledge_model import KnowledgeBase
from medmassage.clinical.plan_content import Candidate, EvidenceNote, HomeCareItem
from medmassage.clinical.plan_restrictions import (
    LEVEL,
    Exclusion,
    Restrictions,
    restrictions_for,
    scope_findings,
)
from medmassage.clinical.practitioner import LICENSED_MASSAGE_THERAPIST, Practitioner
from medmassage.clinical.screening import Finding, screen
from medmassage.clinical.vocabulary import Decision, Pressure, Side

# Project policies: how many techniques per complaint, and hands-on minutes per session.
TECHNIQUES_PER_COMPLAINT = 3
SESSION_MINUTES = 50
HOME_CARE_ITEMS = 4
_URGENCY = {Decision.REFER_EMERGENCY: "emergency", Decision.REFER_URGENT: "urgent"}


@dataclass(frozen=True)
class PlannedTechnique:
    technique: str
    regions: tuple[RegionRef, ...]
    max_pressure: Pressure
    minutes: int
    rationale: str
    evidence: tuple[EvidenceNote, ...]

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> PlannedTechnique:
        """Read a stored (possibly edited) planned technique back."""
        return cls(
            technique=str(data["technique"]),
            regions=tuple(RegionRef.from_json(ref) for ref in data.get("regions", ())),
            max_pressure=Pressure(data["max_pressure"]),
            minutes=int(data["minutes"]),
            rationale=str(data.get("rationale", "")),
            evidence=tuple(EvidenceNote.from_json(note) for note in data.get("evidence", ())),
        )

    def to_json(self) -> dict[str, Any]:
        """The contract shape of a planned technique."""
        return {
            "technique": self.technique,
            "regions": [ref.to_json() for ref in self.regions],
            "max_pressure": self.max_pressure.value,
            "minutes": self.minutes,
            "rationale": self.rationale,
            "evidence": [note.to_json() for note in self.evidence],
        }


@dataclass(frozen=True)
class Referral:
    urgency: str
    to: str
    reason: str


@dataclass(frozen=True)
class Plan:
    """A draft treatment plan for the therapist to edit and approve."""

    decision: Decision
    findings: tuple[Finding, ...]
    goals: tuple[str, ...]
    techniques: tuple[PlannedTechnique, ...]
    excluded: tuple[Exclusion, ...]
    max_pressure: Pressure | None
    measures: tuple[str, ...]
    home_care: tuple[HomeCareItem, ...]
    sessions_per_week: int
    weeks: int
    reassess_after_sessions: int
    referral: Referral | None
    text_hits: tuple[TextHit, ...] = ()

    @property
    def unanswered_text_hits(self) -> tuple[TextHit, ...]:
        """Free-text prompts still to answer: the plan may not be approved until none is left."""
        return tuple(hit for hit in self.text_hits if hit.unanswered)

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> Plan:
        """Read a stored plan back (the draft or the therapist's edited content), so that the
        apps read its techniques, limits and course through these types, not as dicts."""
        referral = data.get("referral")
        pressure = data.get("max_pressure")
        return cls(
            decision=Decision(data["decision"]),
            findings=tuple(Finding.from_json(item) for item in data.get("findings", ())),
            goals=tuple(str(goal) for goal in data.get("goals", ())),
            techniques=tuple(PlannedTechnique.from_json(t) for t in data.get("techniques", ())),
            excluded=tuple(Exclusion.from_json(item) for item in data.get("excluded", ())),
            max_pressure=None if pressure is None else Pressure(pressure),
            measures=tuple(str(measure) for measure in data.get("measures", ())),
            home_care=tuple(HomeCareItem.from_json(item) for item in data.get("home_care", ())),
            sessions_per_week=int(data.get("sessions_per_week") or 0),
            weeks=int(data.get("weeks") or 0),
            reassess_after_sessions=int(data.get("reassess_after_sessions") or 0),
            referral=None if not referral else Referral(**referral),
            text_hits=tuple(TextHit.from_json(hit) for hit in data.get("text_hits", ())),
        )

    @property
    def planned_sessions(self) -> int:
        """Sessions in the whole course (per week times weeks)."""
        return self.sessions_per_week * self.weeks

    def to_json(self) -> dict[str, Any]:
        """The contract shape printed by `medmassage plan`, plus `text_hits`."""
        referral = self.referral
        return {
            "decision": self.decision.value,
            "findings": [finding.to_json() for finding in self.findings],
            "goals": list(self.goals),
            "techniques": [technique.to_json() for technique in self.techniques],
            "excluded": [exclusion.to_json() for exclusion in self.excluded],
            "max_pressure": None if self.max_pressure is None else self.max_pressure.value,
            "measures": list(self.measures),
            "home_care": [item.to_json() for item in self.home_care],
            "sessions_per_week": self.sessions_per_week,
            "weeks": self.weeks,
            "reassess_after_sessions": self.reassess_after_sessions,
            "referral": None
            if referral is None
            else {"urgency": referral.urgency, "to": referral.to, "reason": referral.reason},
            "text_hits": [hit.to_json() for hit in self.text_hits],
        }


# Each complaint's candidate techniques, best first.
Ranked = tuple[list[Candidate], ...]


@dataclass
class _Draft:
    """A technique being assembled from one or more complaints."""

    area: Area
    reasons: list[str]
    evidence: list[EvidenceNote]


def _select(kb: KnowledgeBase, ranked: Ranked, credentials: frozenset[str]) -> dict[str, _Draft]:
    """Top techniques per complaint among those the practitioner may use, merged by technique.

    The choice ignores contraindications on purpose: findings then only remove regions or
    whole techniques, so adding a finding can never bring in a technique it did not have.
    """
    drafts: dict[str, _Draft] = {}
    held = {None, *credentials}
    techniques = kb.techniques
    for candidates in ranked:
        allowed = [c for c in candidates if techniques[c.technique].credential in held]
        for candidate in allowed[:TECHNIQUES_PER_COMPLAINT]:
            draft = drafts.setdefault(candidate.technique, _Draft(frozenset(), [], []))
            draft.area |= candidate.area
            draft.reasons.append(candidate.suits)
            draft.evidence.extend(note for note in candidate.evidence if note not in draft.evidence)
    return drafts


@functools.lru_cache(maxsize=4096)
def _rationale(
    kb: KnowledgeBase, technique: str, reasons: tuple[str, ...], evidence: bool, cap_note: str
) -> str:
    suits = ", ".join(dict.fromkeys(reasons))
    basis = (
        "ranked by the evidence below"
        if evidence
        else "no condition-specific evidence in the knowledge base; suited by project policy"
    )
    return f"{kb.techniques[technique].description} Suits {suits}; {basis}.{cap_note}"


def _techniques(
    kb: KnowledgeBase, drafts: dict[str, _Draft], limits: Restrictions, *, minutes: int
) -> tuple[PlannedTechnique, ...]:
    planned = []
    for technique_id, draft in drafts.items():
        area = draft.area - limits.excluded_area(technique_id)
        technique = kb.techniques[technique_id]
        # Capped over the whole drafted area, excluded parts included: work next to a capped
        # region stays as gentle as it (FACTS: gentle proximal work only), and removing a region
        # can never raise the pressure.
        cap, code = limits.cap(draft.area)
        pressure = cap if LEVEL[cap] < LEVEL[technique.pressure_max] else technique.pressure_max
        if not area or LEVEL[pressure] < LEVEL[technique.pressure_min]:
            continue
        # The finding that caps it is listed with the plan's findings; its code is not words.
        note = (
            f" Pressure capped at {pressure.value} by a finding of the screening."
            if code and pressure is cap
            else ""
        )
        planned.append(
            (
                technique_id,
                refs_of(area),
                pressure,
                _rationale(kb, technique_id, tuple(draft.reasons), bool(draft.evidence), note),
                tuple(draft.evidence),
            )
        )
    # Drafts keep selection order: each complaint's techniques best-evidence first.
    share = max(5, (minutes // max(1, len(planned))) // 5 * 5)
    return tuple(
        PlannedTechnique(t, refs, pressure, share, why, ev)
        for t, refs, pressure, why, ev in planned
    )


def _referral(findings: tuple[Finding, ...]) -> Referral | None:
    for finding in findings:  # most severe first
        if finding.refer_to:
            urgency = _URGENCY.get(finding.decision, "routine")
            return Referral(urgency, finding.refer_to, finding.action)
    return None


def _session_minutes(kb: KnowledgeBase, intake: Intake) -> int:
    firsts = [
        condition.first_session_minutes
        for complaint in intake.complaints
        if (condition := content.condition_of(kb, complaint)) and condition.first_session_minutes
    ]
    fibromyalgia = (
        intake.history.fibromyalgia and kb.conditions["fibromyalgia"].first_session_minutes
    )
    return min([SESSION_MINUTES, *firsts, *([fibromyalgia] if fibromyalgia else [])])


def _findings(
    kb: KnowledgeBase, intake: Intake, practitioner: Practitioner, *, ranked: Ranked
) -> tuple[Finding, ...]:
    """The screening's findings plus scope findings, most severe first."""
    candidate_ids = {
        c.technique for candidates in ranked for c in candidates[:TECHNIQUES_PER_COMPLAINT]
    }
    extra = scope_findings(kb, practitioner, candidates=candidate_ids, visit=intake.visit_date)
    screened = screen(intake, kb).findings
    if not extra:
        return screened  # already most severe first
    return tuple(sorted((*screened, *extra), key=lambda f: (-f.decision.severity, f.code)))


def plan(
    intake: Intake, practitioner: Practitioner | None = None, kb: KnowledgeBase | None = None
) -> Plan:
    """Draft the plan for an intake and a practitioner (default: no extra credentials)."""
    kb = kb or knowledge()
    practitioner = practitioner or LICENSED_MASSAGE_THERAPIST
    ranked = tuple(content.candidates(kb, complaint) for complaint in intake.complaints)
    findings = _findings(kb, intake, practitioner, ranked=ranked)
    decision = max((f.decision for f in findings), key=_severity, default=Decision.PROCEED)
    limits = restrictions_for(kb, findings)
    referral = _referral(findings)
    goals = content.goals(kb, intake)
    if decision.stops_treatment:
        return _stopped(decision, findings, goals, limits, referral, intake)
    keys = tuple((c.condition, c.region, c.side) for c in intake.complaints)
    minutes = _session_minutes(kb, intake)
    techniques, home_care = _treatment(kb, keys, practitioner.credentials, findings, minutes)
    course = content.course(kb, intake)
    return Plan(
        decision=decision,
        findings=findings,
        goals=goals,
        techniques=techniques,
        excluded=limits.exclusions,
        max_pressure=max((t.max_pressure for t in techniques), key=_level, default=None),
        measures=content.measures(kb, intake.complaints),
        home_care=home_care,
        sessions_per_week=course.sessions_per_week,
        weeks=course.weeks,
        reassess_after_sessions=course.reassess_after_sessions,
        referral=referral,
        text_hits=intake.text_hits,
    )


def _stopped(
    decision: Decision,
    findings: tuple[Finding, ...],
    goals: tuple[str, ...],
    limits: Restrictions,
    referral: Referral | None,
    intake: Intake,
) -> Plan:
    """A plan that stops treatment today: no techniques, measures, home care or course."""
    return Plan(
        decision,
        findings,
        goals,
        (),
        limits.exclusions,
        None,
        (),
        (),
        0,
        0,
        0,
        referral,
        intake.text_hits,
    )


@functools.lru_cache(maxsize=8192)
def _treatment(
    kb: KnowledgeBase,
    complaints: tuple[tuple[str | None, str | None, Side], ...],
    credentials: frozenset[str],
    findings: tuple[Finding, ...],
    minutes: int,
) -> tuple[tuple[PlannedTechnique, ...], tuple[HomeCareItem, ...]]:
    """Techniques and home care for complaints (condition, region, side), a practitioner's
    credentials and the findings: the same combination recurs, so it is drafted once."""
    parsed = tuple(Complaint(region=r, side=side, condition=c) for c, r, side in complaints)
    ranked = tuple(content.candidates(kb, complaint) for complaint in parsed)
    limits = restrictions_for(kb, findings)
    techniques = _techniques(kb, _select(kb, ranked, credentials), limits, minutes=minutes)
    home = content.home_care_for(kb, parsed, blocked=limits.excluded_area, limit=HOME_CARE_ITEMS)
    return techniques, home


def _severity(decision: Decision) -> int:
    return decision.severity


def _level(pressure: Pressure) -> int:
    return LEVEL[pressure]
