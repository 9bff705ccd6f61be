"""What a plan proposes for each complaint: candidate techniques ranked by evidence, where to
work, goals, outcome measures, home care and the course of sessions."""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from medmassage.clinical.body import Area, area_of, both_sides, restrict_sides
from medmassage.clinical.intake import Complaint, Intake
from medmassage.clinical.knowledge_model import (
    CERTAINTIES,
    Condition,
    Course,
    Exercise,
    KnowledgeBase,
)
from medmassage.clinical.vocabulary import INSTRUMENTS, Side

# Axial regions are treated on both sides whatever side the complaint is on (policy).
_AXIAL = frozenset(
    {"head", "jaw", "neck", "chest", "abdomen", "upper_back", "lower_back", "pelvis"}
)
_CERTAINTY_RANK = {
    certainty: len(CERTAINTIES) - index for index, certainty in enumerate(CERTAINTIES)
}


@dataclass(frozen=True)
class EvidenceNote:
    finding: str
    certainty: str
    source: str

    def to_json(self) -> dict[str, str]:
        """The contract shape `{finding, certainty, source}`."""
        return {"finding": self.finding, "certainty": self.certainty, "source": self.source}

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> EvidenceNote:
        """Read a stored evidence note back."""
        return cls(str(data["finding"]), str(data["certainty"]), str(data["source"]))


@dataclass(frozen=True)
class Candidate:
    """A technique suited to one complaint, where it would go, and why."""

    technique: str
    area: Area
    rank: tuple[int, int, int]
    evidence: tuple[EvidenceNote, ...]
    suits: str


@dataclass(frozen=True)
class HomeCareItem:
    id: str
    name: str
    instructions: str
    dose: str

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> HomeCareItem:
        """Read a stored home-care entry back."""
        return cls(*(str(data.get(key, "")) for key in ("id", "name", "instructions", "dose")))

    def to_json(self) -> dict[str, Any]:
        """The plan's home-care entry."""
        return {
            "id": self.id,
            "name": self.name,
            "instructions": self.instructions,
            "dose": self.dose,
        }


def condition_of(kb: KnowledgeBase, complaint: Complaint) -> Condition | None:
    """The knowledge-base condition of a complaint, if known."""
    return None if complaint.condition is None else kb.conditions[complaint.condition]


def treat_area(kb: KnowledgeBase, complaint: Complaint) -> Area:
    """The regions to work on for a complaint, on the complaint's side for limbs."""
    condition = condition_of(kb, complaint)
    default = kb.region_defaults[complaint.region or "whole_body"]
    regions = (condition.treat if condition and condition.treat else None) or (
        _limb_of(kb, complaint.region) if condition and complaint.region else default.treat
    )
    axial = both_sides(region for region in regions if region in _AXIAL)
    limbs = restrict_sides(
        both_sides(region for region in regions if region not in _AXIAL), complaint.side
    )
    return axial | limbs


def _limb_of(kb: KnowledgeBase, region: str) -> tuple[str, ...]:
    """The whole limb a region belongs to (policy: limb conditions such as lymphoedema)."""
    for regions in kb.limbs.values():
        if region in regions:
            return regions
    return (region,)


def _evidence(
    kb: KnowledgeBase, condition: Condition | None, technique: str
) -> tuple[EvidenceNote, ...]:
    if condition is None:
        return ()
    general = "massage" in kb.techniques[technique].features
    notes = []
    for row in kb.evidence:
        if row.condition != condition.id or row.technique not in (technique, "massage"):
            continue
        if row.technique == "massage" and not general:
            continue
        prefix = (
            "Massage in general (not this technique specifically): "
            if row.technique == "massage"
            else ""
        )
        notes.append(
            EvidenceNote(prefix + row.finding, row.certainty, "; ".join(kb.citations(row.sources)))
        )
    return tuple(notes)


def placement(kb: KnowledgeBase, technique_id: str, area: Area) -> Area:
    """Where a technique goes for a complaint: the complaint's area within the technique's
    domain (its fallback regions when none is), along lymph pathways for lymphatic drainage."""
    technique = kb.techniques[technique_id]
    if technique_id == "lymphatic_drainage":
        area = area | _lymph_pathway(kb, area)
    placed = frozenset(half for half in area if half[0] in technique.domain)
    if not placed and technique.domain_fallback:
        return both_sides(technique.domain_fallback)
    return placed


def _lymph_pathway(kb: KnowledgeBase, area: Area) -> Area:
    """The trunk regions a limb drains through, cleared before the limb (policy)."""
    regions = {region for region, _ in area}
    pathway: set[str] = set()
    for limb, limb_regions in kb.limbs.items():
        if regions.intersection(limb_regions):
            pathway.update(kb.lymph_pathways.get(limb, ()))
    return both_sides(pathway)


def candidates(kb: KnowledgeBase, complaint: Complaint) -> list[Candidate]:
    """Techniques suited to the complaint, best evidence first, then the knowledge base's order;
    each placed within its own domain (never outside it)."""
    return list(_candidates(kb, complaint.condition, complaint.region, complaint.side))


@functools.lru_cache(maxsize=4096)
def _candidates(
    kb: KnowledgeBase, condition_id: str | None, region: str | None, side: Side
) -> tuple[Candidate, ...]:
    complaint = Complaint(region=region, side=side, condition=condition_id)
    condition = condition_of(kb, complaint)
    default = kb.region_defaults[complaint.region or "whole_body"]
    techniques = condition.techniques if condition else default.techniques
    treat = treat_area(kb, complaint)
    suits = (
        condition.name
        if condition
        else f"{(complaint.region or 'whole-body').replace('_', ' ')} complaint"
    )
    ranked = []
    for priority, technique in enumerate(techniques):
        area = placement(kb, technique, treat)
        if not area:
            continue
        evidence = _evidence(kb, condition, technique)
        best = max((_CERTAINTY_RANK[note.certainty] for note in evidence), default=0)
        specific = any(not note.finding.startswith("Massage in general") for note in evidence)
        ranked.append(
            Candidate(technique, area, (-best, -int(specific), priority), evidence, suits)
        )
    ranked.sort(key=lambda candidate: candidate.rank)
    return tuple(ranked)


def measures(kb: KnowledgeBase, complaints: Iterable[Complaint]) -> tuple[str, ...]:
    """Outcome measures: always NPRS and PSFS, plus each region's and condition's instrument."""
    chosen = set(kb.measures_always)
    for complaint in complaints:
        if complaint.region is not None:
            chosen.update(kb.measures_by_region.get(complaint.region, ()))
        condition = condition_of(kb, complaint)
        if condition is not None:
            chosen.update(condition.measures)
    return tuple(instrument for instrument in INSTRUMENTS if instrument in chosen)


def goals(kb: KnowledgeBase, intake: Intake) -> tuple[str, ...]:
    """The client's own goals, then a measurable pain goal for each complaint."""
    stated = list(intake.goals)
    for complaint in intake.complaints:
        condition = condition_of(kb, complaint)
        what = (
            condition.name
            if condition
            else (complaint.description or f"{complaint.region or 'whole-body'} pain")
        )
        if complaint.pain:
            target = max(0, min(complaint.pain - 2, int(complaint.pain * 0.7)))
            stated.append(
                f"{what}: NPRS from {complaint.pain} to {target} or less"
                " (clinically important change, Farrar 2001)"
            )
        else:
            stated.append(
                f"{what}: less pain and better function, tracked with the plan's measures"
            )
    return tuple(dict.fromkeys(stated))


def course(kb: KnowledgeBase, intake: Intake) -> Course:
    """The course: the condition's own, an acute one for new complaints, or the default."""
    return _merged_course(tuple(_courses(kb, intake)))


def _courses(kb: KnowledgeBase, intake: Intake) -> list[Course]:
    courses = []
    for complaint in intake.complaints:
        condition = condition_of(kb, complaint)
        onset = complaint.onset
        acute = kb.course_acute
        if condition is not None and condition.course is not None:
            courses.append(condition.course)
        elif onset is not None and (intake.visit_date - onset).days <= (acute.within_days or 0):
            courses.append(acute)
        else:
            courses.append(kb.course_default)
    return courses or [kb.course_default]


@functools.lru_cache(maxsize=1024)
def _merged_course(courses: tuple[Course, ...]) -> Course:
    """The densest and longest of the courses, re-measured at the earliest (built once)."""
    if len(courses) == 1:
        return courses[0]
    return Course(
        sessions_per_week=max(item.sessions_per_week for item in courses),
        weeks=max(item.weeks for item in courses),
        reassess_after_sessions=min(item.reassess_after_sessions for item in courses),
        rationale="; ".join(dict.fromkeys(item.rationale for item in courses)),
        sources=tuple(dict.fromkeys(source for item in courses for source in item.sources)),
    )


def home_care(
    kb: KnowledgeBase, intake: Intake, *, blocked: Callable[[str], Area], limit: int = 4
) -> tuple[HomeCareItem, ...]:
    """Exercises for the complaints' conditions and regions that no exclusion rules out, then
    the general items every treating plan gets."""
    return home_care_for(kb, intake.complaints, blocked=blocked, limit=limit)


def home_care_for(
    kb: KnowledgeBase,
    complaints: Iterable[Complaint],
    *,
    blocked: Callable[[str], Area],
    limit: int = 4,
) -> tuple[HomeCareItem, ...]:
    """Home care for these complaints (see home_care)."""
    complaints = tuple(complaints)
    conditions = frozenset(c.condition for c in complaints if c.condition)
    regions = frozenset(c.region for c in complaints if c.region)
    complaint_area = area_of(c.ref for c in complaints if c.ref is not None)
    chosen = []
    for exercise in _ranked_exercises(kb, conditions, regions):
        if exercise.blocked_by and blocked(exercise.blocked_by) & complaint_area:
            continue
        chosen.append(exercise)
        if len(chosen) == limit:
            break
    return tuple(HomeCareItem(e.id, e.name, e.instructions, e.dose) for e in chosen)


@functools.lru_cache(maxsize=4096)
def _ranked_exercises(
    kb: KnowledgeBase, conditions: frozenset[str], regions: frozenset[str]
) -> tuple[Exercise, ...]:
    """The exercises suited to these conditions and regions, best first (by condition, then
    by primary region), the general ones last."""
    scored = []
    for order, exercise in enumerate(kb.exercises.values()):
        by_condition = bool(conditions.intersection(exercise.conditions))
        if exercise.general:
            scored.append(((True, True, len(kb.exercises) + order), exercise))
            continue
        if not by_condition and not regions.intersection(exercise.regions):
            continue
        primary = bool(exercise.regions) and exercise.regions[0] in regions
        scored.append(((not by_condition, not primary, order), exercise))
    scored.sort(key=lambda item: item[0])
    return tuple(exercise for _, exercise in scored)
