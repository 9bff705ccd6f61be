"""The parsed intake as frozen dataclasses: complaints, medications, clearances, the intake."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from medmassage.clinical.body import RegionRef
from medmassage.clinical.free_text import TextHit
from medmassage.clinical.intake_history import History
from medmassage.clinical.vocabulary import Pressure, Side


@dataclass(frozen=True)
class Complaint:
    """What the client came for; `region` None means whole-body."""

    region: str | None = None
    side: Side = Side.BOTH
    icd10: str | None = None
    description: str | None = None
    condition: str | None = None
    onset: dt.date | None = None
    pain: int | None = None
    eases: tuple[str, ...] = ()
    aggravates: tuple[str, ...] = ()

    @property
    def ref(self) -> RegionRef | None:
        """The complaint's region and side, if it has a region."""
        return None if self.region is None else RegionRef(self.region, self.side)


@dataclass(frozen=True)
class Medication:
    """A medication by name, resolved to its classes, or by class alone."""

    name: str | None
    classes: frozenset[str]
    long_term: bool | None = None


@dataclass(frozen=True)
class Clearance:
    """A physician clearance on file; `covers` empty means everything. Its limits (a pressure
    cap, techniques ruled out) narrow whatever it clears; a `standing` clearance's limits hold
    for all work, and regions to avoid always do. After `until` it clears nothing."""

    source: str
    covers: frozenset[str]
    date: dt.date
    max_pressure: Pressure | None = None
    exclude: frozenset[str] = frozenset()
    until: dt.date | None = None
    avoid: tuple[RegionRef, ...] = ()
    standing: bool = False
    reference: str | None = None

    def covers_topic(self, topic: str) -> bool:
        """Whether this clearance applies to `topic`."""
        return not self.covers or "all" in self.covers or topic in self.covers

    def in_force(self, day: dt.date) -> bool:
        """Whether the clearance still holds on `day` (it has no end unless `until` is set)."""
        return self.until is None or day <= self.until

    @property
    def has_own_limits(self) -> bool:
        """Whether it sets limits that hold beyond what it clears (a finding of its own)."""
        return bool(self.avoid) or (
            self.standing and (self.max_pressure is not None or bool(self.exclude))
        )


@dataclass(frozen=True)
class Intake:
    """A validated intake: who the client is today, what hurts, history, medications, answers."""

    visit_date: dt.date
    age: int
    sex: str | None = None
    pregnant: bool = False
    pregnancy_weeks: int | None = None
    complaints: tuple[Complaint, ...] = ()
    history: History = field(default_factory=History)
    medications: tuple[Medication, ...] = ()
    temperature_c: float | None = None
    systolic: int | None = None
    diastolic: int | None = None
    positive_answers: frozenset[str] = frozenset()
    unknown_answers: frozenset[str] = frozenset()
    alcohol_today: bool = False
    drugs_today: bool = False
    goals: tuple[str, ...] = ()
    informed_consent: bool | None = None
    guardian_consent: bool | None = None
    clearances: tuple[Clearance, ...] = ()
    # Details left out that change a rule (UNSTATED_DETAILS), read the stricter way.
    unstated: frozenset[str] = frozenset()
    # Free-text reports of red flags and contraindications, with the therapist's answers; those
    # that count (unanswered or answered yes) are already applied to the fields above.
    text_hits: tuple[TextHit, ...] = ()

    @property
    def unanswered_text_hits(self) -> tuple[TextHit, ...]:
        """Free-text hits waiting for the therapist's answer (a plan is not approved, nor a
        visit started, while any is left)."""
        return tuple(hit for hit in self.text_hits if hit.unanswered)
