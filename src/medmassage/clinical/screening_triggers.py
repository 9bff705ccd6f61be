"""The named tests that knowledge-base rules fire on: each reads the intake, never decides.

A trigger returns None when its condition is absent, or a Hit naming the regions concerned
(empty for whole-body matters) and the date of the event, for checking clearances against it.
Local (site) triggers live in screening_sites.py; TRIGGERS names them all.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from medmassage.clinical import screening_sites as sites
from medmassage.clinical.knowledge_model import TriggerParams
from medmassage.clinical.screening_context import Context, Hit, is_new, when

Trigger = Callable[[Context, TriggerParams], Hit | None]


def _answered(ctx: Context, questions: tuple[str, ...]) -> bool:
    return not ctx.intake.positive_answers.isdisjoint(questions)


def _has_class(ctx: Context, wanted: Iterable[str], *, long_term: bool = False) -> bool:
    wanted = set(wanted)
    for medication in ctx.intake.medications:
        # An oral corticosteroid of unstated duration counts as long-term (unknown_details.toml).
        if medication.classes & wanted and not (long_term and medication.long_term is False):
            return True
    return False


def _class_count(ctx: Context, wanted: str) -> int:
    return sum(wanted in medication.classes for medication in ctx.intake.medications)


def answer(ctx: Context, p: TriggerParams) -> Hit | None:
    """A red-flag question answered yes (or reported in free text and not yet answered)."""
    return when(_answered(ctx, p.questions))


def answer_at_age(ctx: Context, p: TriggerParams) -> Hit | None:
    """A question answered yes by a client of at least `min_age`."""
    return answer(ctx, p) if ctx.intake.age >= p.min_age else None


def answer_with_osteoporosis(ctx: Context, p: TriggerParams) -> Hit | None:
    """A question answered yes by a client with osteoporosis."""
    return answer(ctx, p) if ctx.intake.history.osteoporosis else None


def antiplatelet_combination(ctx: Context, p: TriggerParams) -> Hit | None:
    """Two antiplatelets, or an antiplatelet with an anticoagulant."""
    antiplatelets = _class_count(ctx, "antiplatelet")
    return when(
        antiplatelets >= 2 or (antiplatelets >= 1 and _class_count(ctx, "anticoagulant") >= 1)
    )


def single_antiplatelet(ctx: Context, p: TriggerParams) -> Hit | None:
    """Exactly one antiplatelet and no anticoagulant."""
    return when(_class_count(ctx, "antiplatelet") == 1 and _class_count(ctx, "anticoagulant") == 0)


def blood_pressure(ctx: Context, p: TriggerParams) -> Hit | None:
    """Systolic or diastolic at or above the threshold."""
    systolic, diastolic = ctx.intake.systolic or 0, ctx.intake.diastolic or 0
    return when(systolic >= p.systolic or diastolic >= p.diastolic)


def cancer_status(ctx: Context, p: TriggerParams) -> Hit | None:
    """Any cancer with one of the statuses."""
    return when(any(cancer.status in p.statuses for cancer in ctx.intake.history.cancer))


def complaint_condition(ctx: Context, p: TriggerParams) -> Hit | None:
    """A complaint of one of the conditions."""
    return when(any(complaint.condition in p.conditions for complaint in ctx.intake.complaints))


def fever(ctx: Context, p: TriggerParams) -> Hit | None:
    """Temperature at or above `celsius` today, or a fever reported (one of `questions`)."""
    temperature = ctx.intake.temperature_c
    return when(
        (temperature is not None and temperature >= p.celsius) or _answered(ctx, p.questions)
    )


def fibromyalgia(ctx: Context, p: TriggerParams) -> Hit | None:
    """Fibromyalgia in the history or as a complaint."""
    complaints = (complaint.condition == "fibromyalgia" for complaint in ctx.intake.complaints)
    return when(ctx.intake.history.fibromyalgia or any(complaints))


def heart_failure(ctx: Context, p: TriggerParams) -> Hit | None:
    """Heart failure of one of the statuses ("unknown" when not stated)."""
    return when(ctx.intake.history.heart_failure in p.statuses)


def history_flag(ctx: Context, p: TriggerParams) -> Hit | None:
    """A yes/no history item is present."""
    return when(ctx.intake.history.flag(p.field))


def infection_for_mld(ctx: Context, p: TriggerParams) -> Hit | None:
    """Any active infection: systemic, local, a fever measured or reported."""
    history, temperature = ctx.intake.history, ctx.intake.temperature_c or 0.0
    local = any(lesion.detail == "local_infection" for lesion in history.skin)
    return when(
        history.acute_infection or local or temperature >= 38.0 or _answered(ctx, p.questions)
    )


def infection_risk(ctx: Context, p: TriggerParams) -> Hit | None:
    """IV drug use or immunosuppression (by history or medication)."""
    history = ctx.intake.history
    return when(
        history.iv_drug_use or history.immunosuppressed or _has_class(ctx, ["immunosuppressant"])
    )


def informed_consent_refused(ctx: Context, p: TriggerParams) -> Hit | None:
    """Informed consent explicitly not on file."""
    return when(ctx.intake.informed_consent is False)


def kidney_disease(ctx: Context, p: TriggerParams) -> Hit | None:
    """Kidney disease of one of the severities ("unknown" when not stated)."""
    return when(ctx.intake.history.kidney_disease in p.severities)


def medication_class(ctx: Context, p: TriggerParams) -> Hit | None:
    """A medication of one of the classes (long-term only, if asked)."""
    return when(_has_class(ctx, p.classes, long_term=p.long_term))


def minor_without_guardian_consent(ctx: Context, p: TriggerParams) -> Hit | None:
    """A minor with no guardian consent on file."""
    return when(ctx.intake.age < p.adult_age and ctx.intake.guardian_consent is not True)


def new_complaint_age(ctx: Context, p: TriggerParams) -> Hit | None:
    """A new complaint in scope in a client younger than `under` or older than `over`."""
    age = ctx.intake.age
    if not (age < p.under or age > p.over):
        return None
    unknown = p.onset_unknown_is_new
    return when(any(is_new(ctx, c, p.within_days, unknown=unknown) for c in ctx.complaints))


def new_complaint_history(ctx: Context, p: TriggerParams) -> Hit | None:
    """A new complaint in scope with a history item (e.g. cancer)."""
    if not ctx.intake.history.flag(p.history):
        return None
    unknown = p.onset_unknown_is_new
    return when(any(is_new(ctx, c, p.within_days, unknown=unknown) for c in ctx.complaints))


def osteoporosis(ctx: Context, p: TriggerParams) -> Hit | None:
    """Osteoporosis of one of the severities ("unknown" when not stated)."""
    return when(ctx.intake.history.osteoporosis in p.severities)


def pregnancy(ctx: Context, p: TriggerParams) -> Hit | None:
    """Pregnant, at or past `min_weeks` (unknown weeks count as past)."""
    weeks = ctx.intake.pregnancy_weeks
    return when(ctx.intake.pregnant and (weeks is None or weeks >= p.min_weeks))


def substance_use(ctx: Context, p: TriggerParams) -> Hit | None:
    """Alcohol or drugs taken today."""
    return when(ctx.intake.alcohol_today or ctx.intake.drugs_today)


TRIGGERS: dict[str, Trigger] = {
    "acute_injury": sites.acute_injury,
    "answer": answer,
    "answer_at_age": answer_at_age,
    "answer_with_osteoporosis": answer_with_osteoporosis,
    "antiplatelet_combination": antiplatelet_combination,
    "blood_pressure": blood_pressure,
    "bone_metastases": sites.bone_metastases,
    "cancer_status": cancer_status,
    "complaint_condition": complaint_condition,
    "fever": fever,
    "fibromyalgia": fibromyalgia,
    "heart_failure": heart_failure,
    "history_flag": history_flag,
    "infection_for_mld": infection_for_mld,
    "infection_risk": infection_risk,
    "informed_consent_refused": informed_consent_refused,
    "kidney_disease": kidney_disease,
    "lymph_limb": sites.lymph_limb,
    "medication_class": medication_class,
    "minor_without_guardian_consent": minor_without_guardian_consent,
    "neuropathy": sites.neuropathy,
    "new_complaint_age": new_complaint_age,
    "new_complaint_history": new_complaint_history,
    "osteoporosis": osteoporosis,
    "pregnancy": pregnancy,
    "ra_neck": sites.ra_neck,
    "radiation_fields": sites.radiation_fields,
    "recent_fracture": sites.recent_fracture,
    "recent_surgery": sites.recent_surgery,
    "single_antiplatelet": single_antiplatelet,
    "skin": sites.skin,
    "substance_use": substance_use,
    "tumour_sites": sites.tumour_sites,
    "varicose_veins": sites.varicose_veins,
}
