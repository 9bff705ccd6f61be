"""Check a therapist's change to a drafted plan against the findings behind it.

A change that goes against the draft (using a technique a finding excludes, or more pressure
than a finding allows) is a *departure*. Each departure names the finding and whether it may be
overridden with a written reason: red flags, scope-of-practice and credential limits never may
(FACTS.md §3: "the therapist may override a precaution with a recorded reason, never a red
flag"; §7 for scope).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from medmassage.clinical.body import Area, RegionRef, area_of, refs_of
from medmassage.clinical.intake import Intake
from medmassage.clinical.knowledge import knowledge
from medmassage.clinical.knowledge_model import KnowledgeBase
from medmassage.clinical.plan_restrictions import (
    LEVEL,
    Restrictions,
    restrictions_for,
    scope_findings,
)
from medmassage.clinical.practitioner import LICENSED_MASSAGE_THERAPIST, Practitioner
from medmassage.clinical.screening import Finding, screen
from medmassage.clinical.vocabulary import TECHNIQUES, Pressure


@dataclass(frozen=True)
class Departure:
    """One way a proposed technique goes against today's findings."""

    kind: str  # "treatment_stopped", "excluded_technique" or "pressure_above_cap"
    technique: str
    regions: tuple[RegionRef, ...]
    finding: str
    overridable: bool
    message: str
    # For a pressure above a cap: the pressure asked for and the cap it goes over.
    pressure: Pressure | None = None
    cap: Pressure | None = None

    def to_json(self) -> dict[str, Any]:
        """A plain-data form for storing with an override."""
        found: dict[str, Any] = {
            "kind": self.kind,
            "technique": self.technique,
            "regions": [ref.to_json() for ref in self.regions],
            "finding": self.finding,
            "overridable": self.overridable,
            "message": self.message,
        }
        if self.cap is not None:
            found |= {"pressure": getattr(self.pressure, "value", None), "cap": self.cap.value}
        return found


def review_technique(
    intake: Intake,
    practitioner: Practitioner | None = None,
    *,
    technique: str,
    regions: Iterable[RegionRef],
    pressure: Pressure,
    kb: KnowledgeBase | None = None,
) -> tuple[Departure, ...]:
    """Every departure that using `technique` at `pressure` on `regions` would make."""
    kb = kb or knowledge()
    if technique not in TECHNIQUES:
        raise ValueError(f"technique: {technique!r} is not a known technique")
    practitioner = practitioner or LICENSED_MASSAGE_THERAPIST
    findings = _findings(kb, intake, practitioner, technique)
    area = area_of(regions)
    if not area:
        raise ValueError("regions: at least one region is needed")
    by_code = {finding.code: finding for finding in findings}
    stopping = [finding for finding in findings if finding.decision.stops_treatment]
    if stopping:
        return tuple(_stopped(finding, technique, area) for finding in stopping)
    limits = restrictions_for(kb, findings)
    departures = [
        _excluded(by_code[exclusion.finding], technique, exclusion.area & area)
        for exclusion in limits.exclusions
        if exclusion.technique == technique and exclusion.area & area
    ]
    departures += _over_caps(limits, by_code, technique, area, pressure)
    return tuple(departures)


def _findings(
    kb: KnowledgeBase, intake: Intake, practitioner: Practitioner, technique: str
) -> tuple[Finding, ...]:
    extra = scope_findings(kb, practitioner, candidates=[technique], visit=intake.visit_date)
    return (*screen(intake, kb).findings, *extra)


def _stopped(finding: Finding, technique: str, area: Area) -> Departure:
    message = f"Today's decision is {finding.decision.value} ({finding.code}): no hands-on work."
    return Departure("treatment_stopped", technique, refs_of(area), finding.code, False, message)


def _excluded(finding: Finding, technique: str, overlap: Area) -> Departure:
    overridable = finding.overridable and finding.kind not in {"red_flag", "scope"}
    where = ", ".join(f"{ref.region} ({ref.side.value})" for ref in refs_of(overlap))
    message = f"{technique} is excluded on {where} by {finding.code}: {finding.action}"
    return Departure(
        "excluded_technique", technique, refs_of(overlap), finding.code, overridable, message
    )


def _over_caps(
    limits: Restrictions,
    by_code: dict[str, Finding],
    technique: str,
    area: Area,
    pressure: Pressure,
) -> list[Departure]:
    over: dict[str, set[tuple[str, str]]] = {}
    for half in area:
        cap = limits.cap_at(half)
        if cap is not None and LEVEL[pressure] > LEVEL[cap[0]]:
            over.setdefault(cap[1], set()).add(half)
    departures = []
    for code, halves in sorted(over.items()):
        finding = by_code[code]
        limit = finding.max_pressure or Pressure.LIGHT
        message = f"{pressure.value} pressure is above the {limit.value} cap set by {code}."
        departures.append(
            Departure(
                "pressure_above_cap",
                technique,
                refs_of(frozenset(halves)),
                code,
                finding.overridable and finding.kind != "red_flag",
                message,
                pressure=pressure,
                cap=limit,
            )
        )
    return departures
