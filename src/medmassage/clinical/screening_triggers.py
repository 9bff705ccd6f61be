"""The named tests that knowledge-base rules fire on: each reads the intake, never decides.

A trigger returns None when its condition is absent, or a Hit naming the regions concerned
(empty for whole-body matters) and the date of the event, for checking clearances against it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from medmassage.clinical.body import EMPTY, Area, area_of, both_sides, restrict_sides
from medmassage.clinical.intake import Complaint, Intake
from medmassage.clinical.intake_history import DatedSite
from medmassage.clinical.knowledge_model import KnowledgeBase, TriggerParams

# Diabetic neuropathy with no regions given starts distally (policy, see the rule).
_DIABETIC_NEUROPATHY_REGIONS = ("foot", "lower_leg")


@dataclass(frozen=True)
class Hit:
    area: Area = EMPTY
    since: dt.date | None = None


@dataclass(frozen=True)
class Context:
    """One intake being screened, with the complaints a rule's region scope selected."""

    kb: KnowledgeBase
    intake: Intake
    complaints: tuple[Complaint, ...]


Trigger = Callable[[Context, TriggerParams], Hit | None]
_FIRED = Hit()


def _when(condition: bool) -> Hit | None:
    return _FIRED if condition else None


def _area_hit(area: Area, since: dt.date | None = None) -> Hit | None:
    return Hit(area, since) if area else None


def _has_class(ctx: Context, wanted: Iterable[str], *, long_term: bool = False) -> bool:
    wanted = set(wanted)
    for medication in ctx.intake.medications:
        # An oral corticosteroid of unstated duration counts as long-term (conservative).
        if medication.classes & wanted and not (long_term and medication.long_term is False):
            return True
    return False


def _class_count(ctx: Context, wanted: str) -> int:
    return sum(wanted in medication.classes for medication in ctx.intake.medications)


def _is_new(ctx: Context, complaint: Complaint, within_days: int) -> bool:
    onset = complaint.onset
    return onset is not None and (ctx.intake.visit_date - onset).days <= within_days


def _recent(ctx: Context, sites: Iterable[DatedSite], within_days: int) -> Hit | None:
    chosen = [
        site
        for site in sites
        if site.healed is False
        or ((ctx.intake.visit_date - site.date).days <= within_days and site.healed is not True)
    ]
    if not chosen:
        return None
    return Hit(area_of(site.ref for site in chosen), max(site.date for site in chosen))


def answer(ctx: Context, p: TriggerParams) -> Hit | None:
    """A red-flag question answered yes."""
    return _when(not ctx.intake.positive_answers.isdisjoint(p.questions))


def answer_at_age(ctx: Context, p: TriggerParams) -> Hit | None:
    """A question answered yes by a client of at least `min_age`."""
    return answer(ctx, p) if ctx.intake.age >= p.min_age else None


def answer_with_osteoporosis(ctx: Context, p: TriggerParams) -> Hit | None:
    """A question answered yes by a client with osteoporosis."""
    return answer(ctx, p) if ctx.intake.history.osteoporosis else None


def antiplatelet_combination(ctx: Context, p: TriggerParams) -> Hit | None:
    """Two antiplatelets, or an antiplatelet with an anticoagulant."""
    antiplatelets = _class_count(ctx, "antiplatelet")
    return _when(
        antiplatelets >= 2 or (antiplatelets >= 1 and _class_count(ctx, "anticoagulant") >= 1)
    )


def single_antiplatelet(ctx: Context, p: TriggerParams) -> Hit | None:
    """Exactly one antiplatelet and no anticoagulant."""
    return _when(_class_count(ctx, "antiplatelet") == 1 and _class_count(ctx, "anticoagulant") == 0)


def blood_pressure(ctx: Context, p: TriggerParams) -> Hit | None:
    """Systolic or diastolic at or above the threshold."""
    systolic, diastolic = ctx.intake.systolic or 0, ctx.intake.diastolic or 0
    return _when(systolic >= p.systolic or diastolic >= p.diastolic)


def bone_metastases(ctx: Context, p: TriggerParams) -> Hit | None:
    """Known bone metastases, with their regions."""
    refs = [ref for cancer in ctx.intake.history.cancer for ref in cancer.bone_metastases]
    return _area_hit(area_of(refs))


def cancer_status(ctx: Context, p: TriggerParams) -> Hit | None:
    """Any cancer with one of the statuses."""
    return _when(any(cancer.status in p.statuses for cancer in ctx.intake.history.cancer))


def fever(ctx: Context, p: TriggerParams) -> Hit | None:
    """Temperature at or above `celsius` today."""
    temperature = ctx.intake.temperature_c
    return _when(temperature is not None and temperature >= p.celsius)


def fibromyalgia(ctx: Context, p: TriggerParams) -> Hit | None:
    """Fibromyalgia in the history or as a complaint."""
    complaints = (complaint.condition == "fibromyalgia" for complaint in ctx.intake.complaints)
    return _when(ctx.intake.history.fibromyalgia or any(complaints))


def heart_failure(ctx: Context, p: TriggerParams) -> Hit | None:
    """Heart failure of one of the statuses."""
    return _when(ctx.intake.history.heart_failure in p.statuses)


def history_flag(ctx: Context, p: TriggerParams) -> Hit | None:
    """A yes/no history item is present."""
    return _when(ctx.intake.history.flag(p.field))


def infection_for_mld(ctx: Context, p: TriggerParams) -> Hit | None:
    """Any active infection: systemic, local, or a fever."""
    history, temperature = ctx.intake.history, ctx.intake.temperature_c or 0.0
    local = any(lesion.detail == "local_infection" for lesion in history.skin)
    return _when(history.acute_infection or local or temperature >= 38.0)


def infection_risk(ctx: Context, p: TriggerParams) -> Hit | None:
    """IV drug use or immunosuppression (by history or medication)."""
    history = ctx.intake.history
    return _when(
        history.iv_drug_use or history.immunosuppressed or _has_class(ctx, ["immunosuppressant"])
    )


def informed_consent_refused(ctx: Context, p: TriggerParams) -> Hit | None:
    """Informed consent explicitly not on file."""
    return _when(ctx.intake.informed_consent is False)


def kidney_disease(ctx: Context, p: TriggerParams) -> Hit | None:
    """Kidney disease of one of the severities."""
    return _when(ctx.intake.history.kidney_disease in p.severities)


def lymph_limb(ctx: Context, p: TriggerParams) -> Hit | None:
    """The limbs with lymphoedema or drained by removed lymph nodes."""
    history = ctx.intake.history
    area: set[tuple[str, str]] = set()
    for limb in (*history.lymphoedema, *history.lymph_node_removal):
        area |= restrict_sides(both_sides(ctx.kb.limbs[limb.limb]), limb.side)
    return _area_hit(frozenset(area))


def medication_class(ctx: Context, p: TriggerParams) -> Hit | None:
    """A medication of one of the classes (long-term only, if asked)."""
    return _when(_has_class(ctx, p.classes, long_term=p.long_term))


def minor_without_guardian_consent(ctx: Context, p: TriggerParams) -> Hit | None:
    """A minor with no guardian consent on file."""
    return _when(ctx.intake.age < p.adult_age and ctx.intake.guardian_consent is not True)


def neuropathy(ctx: Context, p: TriggerParams) -> Hit | None:
    """Regions with peripheral neuropathy (diabetic: feet and lower legs unless stated)."""
    history = ctx.intake.history
    area = area_of(history.peripheral_neuropathy)
    if not area and history.diabetic_neuropathy:
        area = both_sides(_DIABETIC_NEUROPATHY_REGIONS)
    return _area_hit(area)


def new_complaint_age(ctx: Context, p: TriggerParams) -> Hit | None:
    """A new complaint in scope in a client younger than `under` or older than `over`."""
    age = ctx.intake.age
    if not (age < p.under or age > p.over):
        return None
    return _when(any(_is_new(ctx, complaint, p.within_days) for complaint in ctx.complaints))


def new_complaint_history(ctx: Context, p: TriggerParams) -> Hit | None:
    """A new complaint in scope with a history item (e.g. cancer)."""
    if not ctx.intake.history.flag(p.history):
        return None
    return _when(any(_is_new(ctx, complaint, p.within_days) for complaint in ctx.complaints))


def osteoporosis(ctx: Context, p: TriggerParams) -> Hit | None:
    """Osteoporosis of one of the severities."""
    return _when(ctx.intake.history.osteoporosis in p.severities)


def pregnancy(ctx: Context, p: TriggerParams) -> Hit | None:
    """Pregnant, at or past `min_weeks` (unknown weeks count as past)."""
    weeks = ctx.intake.pregnancy_weeks
    return _when(ctx.intake.pregnant and (weeks is None or weeks >= p.min_weeks))


def ra_neck(ctx: Context, p: TriggerParams) -> Hit | None:
    """Rheumatoid arthritis involving the neck."""
    return _area_hit(both_sides(["neck"])) if ctx.intake.history.ra_neck else None


def radiation_fields(ctx: Context, p: TriggerParams) -> Hit | None:
    """Radiation fields within `within_days` of treatment (or of unknown date)."""
    visit = ctx.intake.visit_date
    fields = [
        field.ref
        for cancer in ctx.intake.history.cancer
        for field in cancer.radiation_fields
        if field.ended is None or (visit - field.ended).days <= p.within_days
    ]
    return _area_hit(area_of(fields))


def recent_fracture(ctx: Context, p: TriggerParams) -> Hit | None:
    """Fractures within `within_days` and not marked healed."""
    return _recent(ctx, ctx.intake.history.fractures, p.within_days)


def recent_surgery(ctx: Context, p: TriggerParams) -> Hit | None:
    """Surgeries within `within_days`, or with an unhealed incision."""
    surgeries = ctx.intake.history.surgeries
    chosen = [
        site
        for site in surgeries
        if site.healed is False or (ctx.intake.visit_date - site.date).days <= p.within_days
    ]
    if not chosen:
        return None
    return Hit(area_of(site.ref for site in chosen), max(site.date for site in chosen))


def acute_injury(ctx: Context, p: TriggerParams) -> Hit | None:
    """Sprains and strains within `within_hours` (whole days, dates having no time)."""
    days = p.within_hours // 24
    injuries = [
        site.ref
        for site in ctx.intake.history.acute_injuries
        if (ctx.intake.visit_date - site.date).days <= days
    ]
    return _area_hit(area_of(injuries))


def skin(ctx: Context, p: TriggerParams) -> Hit | None:
    """Skin lesions of the given kinds, with their regions."""
    return _area_hit(
        area_of(lesion.ref for lesion in ctx.intake.history.skin if lesion.detail in p.kinds)
    )


def substance_use(ctx: Context, p: TriggerParams) -> Hit | None:
    """Alcohol or drugs taken today."""
    return _when(ctx.intake.alcohol_today or ctx.intake.drugs_today)


def tumour_sites(ctx: Context, p: TriggerParams) -> Hit | None:
    """Known tumour sites."""
    return _area_hit(
        area_of(ref for cancer in ctx.intake.history.cancer for ref in cancer.tumour_sites)
    )


def varicose_veins(ctx: Context, p: TriggerParams) -> Hit | None:
    """Varicose veins of the severities, extended to what lies distal if asked."""
    area: set[tuple[str, str]] = set()
    for vein in ctx.intake.history.varicose_veins:
        if vein.detail in p.severities:
            regions = (
                vein.ref.region,
                *(ctx.kb.distal.get(vein.ref.region, ()) if p.distal else ()),
            )
            area |= restrict_sides(both_sides(regions), vein.ref.side)
    return _area_hit(frozenset(area))


TRIGGERS: dict[str, Trigger] = {
    "acute_injury": acute_injury,
    "answer": answer,
    "answer_at_age": answer_at_age,
    "answer_with_osteoporosis": answer_with_osteoporosis,
    "antiplatelet_combination": antiplatelet_combination,
    "blood_pressure": blood_pressure,
    "bone_metastases": bone_metastases,
    "cancer_status": cancer_status,
    "fever": fever,
    "fibromyalgia": fibromyalgia,
    "heart_failure": heart_failure,
    "history_flag": history_flag,
    "infection_for_mld": infection_for_mld,
    "infection_risk": infection_risk,
    "informed_consent_refused": informed_consent_refused,
    "kidney_disease": kidney_disease,
    "lymph_limb": lymph_limb,
    "medication_class": medication_class,
    "minor_without_guardian_consent": minor_without_guardian_consent,
    "neuropathy": neuropathy,
    "new_complaint_age": new_complaint_age,
    "new_complaint_history": new_complaint_history,
    "osteoporosis": osteoporosis,
    "pregnancy": pregnancy,
    "ra_neck": ra_neck,
    "radiation_fields": radiation_fields,
    "recent_fracture": recent_fracture,
    "recent_surgery": recent_surgery,
    "single_antiplatelet": single_antiplatelet,
    "skin": skin,
    "substance_use": substance_use,
    "tumour_sites": tumour_sites,
    "varicose_veins": varicose_veins,
}
