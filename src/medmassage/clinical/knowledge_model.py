"""The knowledge base as frozen dataclasses: what knowledge.py loads and the core reads."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from medmassage.clinical.free_text import TextScanner
from medmassage.clinical.knowledge_sources import Source
from medmassage.clinical.vocabulary import Decision, Pressure

# Every trigger a rule may name; screening_triggers.TRIGGERS implements exactly these.
TRIGGER_NAMES = frozenset(
    {
        "answer",
        "answer_at_age",
        "answer_with_osteoporosis",
        "antiplatelet_combination",
        "single_antiplatelet",
        "blood_pressure",
        "bone_metastases",
        "cancer_status",
        "complaint_condition",
        "fever",
        "fibromyalgia",
        "heart_failure",
        "history_flag",
        "infection_for_mld",
        "infection_risk",
        "informed_consent_refused",
        "kidney_disease",
        "lymph_limb",
        "medication_class",
        "minor_without_guardian_consent",
        "neuropathy",
        "new_complaint_age",
        "new_complaint_history",
        "osteoporosis",
        "pregnancy",
        "ra_neck",
        "radiation_fields",
        "recent_fracture",
        "recent_surgery",
        "acute_injury",
        "skin",
        "substance_use",
        "tumour_sites",
        "varicose_veins",
    }
)
# History items a free-text hit can stand for: yes/no flags, and conditions whose detail
# (severity, status, neck involvement, neuropathy) is then unknown.
HISTORY_FLAG_TARGETS = (
    "acute_infection",
    "bleeding_disorder",
    "low_platelets",
    "dvt_history",
    "immunosuppressed",
    "iv_drug_use",
    "fibromyalgia",
)
HISTORY_DETAIL_TARGETS = (
    "cancer",
    "osteoporosis",
    "heart_failure",
    "kidney_disease",
    "rheumatoid_arthritis",
    "diabetes",
)
# Details an intake may leave out that change a rule; unknown_details.toml says, for each, the
# stricter reading the core applies and which rules it affects.
UNSTATED_DETAILS = (
    "osteoporosis.severity",
    "heart_failure.status",
    "kidney_disease.severity",
    "rheumatoid_arthritis.neck_involvement",
    "diabetes.neuropathy",
    "varicose_veins.severity",
    "pregnancy.weeks",
    "medications.long_term",
    "cancer.status",
    "surgeries.date",
    "surgeries.healed",
    "fractures.healed",
    "radiation_fields.ended",
    "complaints.onset",
    "consents.guardian",
)
CERTAINTIES = ("moderate", "low to moderate", "low", "low to very low", "very low")
FINDING_SCOPES = ("systemic", "local")


@dataclass(frozen=True)
class Technique:
    id: str
    name: str
    description: str
    pressure_min: Pressure
    pressure_max: Pressure
    features: frozenset[str]
    credential: str | None
    cpt: str
    cpt_policy: bool
    sources: tuple[str, ...]
    domain: frozenset[str] = frozenset()
    domain_fallback: tuple[str, ...] = ()
    credential_note: str | None = None  # said in the plan when the credential is missing


@dataclass(frozen=True)
class Course:
    sessions_per_week: int
    weeks: int
    reassess_after_sessions: int
    rationale: str
    sources: tuple[str, ...]
    within_days: int | None = None


@dataclass(frozen=True)
class Condition:
    id: str
    name: str
    icd10: tuple[str, ...]
    regions: tuple[str, ...]
    treat: tuple[str, ...]
    techniques: tuple[str, ...]
    measures: tuple[str, ...]
    course: Course | None
    first_session_minutes: int | None
    sources: tuple[str, ...]
    injury: bool = False  # a sprain or strain: a recent one is an acute injury of its region
    post_surgical: bool = False  # recovery after an operation at the complaint's region


@dataclass(frozen=True)
class Question:
    id: str
    text: str
    regions: tuple[str, ...]


@dataclass(frozen=True)
class TriggerParams:
    """Every parameter a trigger may take; the loader rejects unknown keys."""

    questions: tuple[str, ...] = ()
    conditions: tuple[str, ...] = ()
    classes: tuple[str, ...] = ()
    statuses: tuple[str, ...] = ()
    severities: tuple[str, ...] = ()
    kinds: tuple[str, ...] = ()
    field: str = ""
    history: str = ""
    celsius: float = 0.0
    systolic: int = 0
    diastolic: int = 0
    within_days: int = 0
    within_hours: int = 0
    min_weeks: int = 0
    min_age: int = 0
    under: int = 0
    over: int = 200
    adult_age: int = 18
    long_term: bool = False
    distal: bool = False
    onset_unknown_is_new: bool = False


@dataclass(frozen=True)
class Restriction:
    """What a fired rule changes: decision, pressure cap and techniques ruled out."""

    decision: Decision
    action: str
    max_pressure: Pressure | None = None
    exclude: frozenset[str] = frozenset()
    avoid_area: bool = False


@dataclass(frozen=True, eq=False)
class Rule:
    """A red flag, contraindication, precaution or consent rule with its sources (compared and
    hashed by identity: each is loaded once and keys the core's caches)."""

    code: str
    kind: str
    scope: str
    trigger: str
    params: TriggerParams
    restriction: Restriction
    cleared: Restriction | None
    cleared_healed: Restriction | None
    clearance_topic: str | None
    applies_to: frozenset[str]
    regions: tuple[str, ...]
    refer_to: str | None
    overridable: bool
    rationale: str
    sources: tuple[str, ...]
    policy: bool


@dataclass(frozen=True)
class MedicationClass:
    id: str
    name: str
    drugs: tuple[str, ...]  # generic names, then the brand names of those generics
    sources: tuple[str, ...]
    policy: bool
    # Whether a rule reads the class: free text naming an unscreened class asks nothing.
    screened: bool = True


@dataclass(frozen=True)
class Exercise:
    id: str
    name: str
    kind: str
    regions: tuple[str, ...]
    conditions: tuple[str, ...]
    instructions: str
    dose: str
    blocked_by: str | None
    general: bool = False


@dataclass(frozen=True)
class Evidence:
    condition: str
    technique: str  # a technique id, or "massage" for massage in general
    finding: str
    certainty: str
    sources: tuple[str, ...]


@dataclass(frozen=True)
class RegionDefault:
    treat: tuple[str, ...]
    techniques: tuple[str, ...]


def _empty_scanner() -> TextScanner:
    return TextScanner(terms={}, prompts={}, window=0)


@dataclass(frozen=True)
class UnknownDetail:
    """A detail the intake may leave out, the stricter reading applied, and where it is said."""

    detail: str
    assume: str
    note: str
    rules: tuple[str, ...]
    rationale: str
    sources: tuple[str, ...]


@dataclass(frozen=True, eq=False)
class KnowledgeBase:
    """The whole validated knowledge base with the indexes the core needs (compared and hashed
    by identity: the core caches per-complaint work against the loaded base)."""

    sources: Mapping[str, Source]
    techniques: Mapping[str, Technique]
    credentials: Mapping[str, str]
    conditions: Mapping[str, Condition]
    questions: Mapping[str, Question]
    rules: tuple[Rule, ...]
    medication_classes: Mapping[str, MedicationClass]
    exercises: Mapping[str, Exercise]
    evidence: tuple[Evidence, ...]
    limbs: Mapping[str, tuple[str, ...]]
    lymph_pathways: Mapping[str, tuple[str, ...]]
    distal: Mapping[str, tuple[str, ...]]
    measures_always: tuple[str, ...]
    measures_by_region: Mapping[str, tuple[str, ...]]
    region_defaults: Mapping[str, RegionDefault]
    region_conditions: Mapping[str, str]
    course_default: Course
    course_acute: Course
    drug_index: Mapping[str, frozenset[str]] = field(default_factory=dict)
    # Brand name (casefolded) -> its generic drug.
    brands: Mapping[str, str] = field(default_factory=dict)
    icd_index: Mapping[str, str] = field(default_factory=dict)
    text_scanner: TextScanner = field(default_factory=_empty_scanner)
    unknown_details: tuple[UnknownDetail, ...] = ()
    # Rule code -> the unknown details it reads the stricter way, with the note to show.
    unstated_notes: Mapping[str, tuple[tuple[str, str], ...]] = field(default_factory=dict)

    def citations(self, source_ids: tuple[str, ...]) -> tuple[str, ...]:
        """The citation text of each source id."""
        return tuple(self.sources[source].citation for source in source_ids)

    def condition_for_code(self, code: str) -> str | None:
        """The condition an ICD-10-CM code belongs to, matching the longest known prefix."""
        code = code.strip().upper()
        while code:
            if code in self.icd_index:
                return self.icd_index[code]
            code = code[:-1].rstrip(".")
        return None
