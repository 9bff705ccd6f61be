"""An intake's free text screened, and the details it leaves out.

Every free-text field is scanned (free_text.py). A hit the therapist has not answered, or has
answered yes, counts as a yes to its structured question: it is applied to the parsed intake
here, so screening, planning and plan review all see the worse case. An answer of no removes
it. The therapist's answers are the document's `text_answers`; a hit whose structured answer is
already yes needs none.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import replace
from typing import Any

from medmassage.clinical.free_text import TextHit
from medmassage.clinical.intake_history import Cancer, History
from medmassage.clinical.intake_model import Intake, Medication
from medmassage.clinical.knowledge import knowledge
from medmassage.clinical.schema_check import join

_SITE_LISTS = ("surgeries", "fractures", "acute_injuries")
_DETAILS = {"osteoporosis", "heart_failure", "kidney_disease"}


def document_texts(document: Mapping[str, Any]) -> Iterator[tuple[str, str]]:
    """Each screened free-text field of an intake document: (JSON path, text)."""
    for index, complaint in enumerate(document.get("complaints", ())):
        path = join("complaints", index)
        if complaint.get("description"):
            yield join(path, "description"), complaint["description"]
        for key in ("eases", "aggravates"):
            for item, text in enumerate(complaint.get(key, ())):
                yield join(join(path, key), item), text
    history = document.get("history", {})
    for item, text in enumerate(history.get("other", ())):
        yield join("history.other", item), text
    for key in _SITE_LISTS:
        for index, site in enumerate(history.get(key, ())):
            if site.get("description"):
                yield join(join(f"history.{key}", index), "description"), site["description"]
    for key in ("notes", "new_symptoms"):
        if document.get(key):
            yield key, document[key]


def _answers(document: Mapping[str, Any]) -> dict[tuple[str, str | None], bool]:
    return {
        (item["target"], item.get("field")): item["answer"]
        for item in document.get("text_answers", ())
    }


def recorded(intake: Intake, target: str) -> bool:
    """Whether the structured intake already says yes to `target`."""
    kind, _, key = target.partition(".")
    history = intake.history
    if kind == "red_flags":
        return key in intake.positive_answers
    if kind == "medications":
        return any(key in medication.classes for medication in intake.medications)
    if kind == "history":
        value = getattr(history, key)
        return bool(value) if key not in _DETAILS else value is not None
    if target == "pregnancy":
        return intake.pregnant
    return intake.alcohol_today or intake.drugs_today


def document_text_hits(document: Mapping[str, Any], intake: Intake) -> tuple[TextHit, ...]:
    """The free-text hits of the document with the therapist's answers and what is recorded."""
    scanner = knowledge().text_scanner
    answers = _answers(document)
    hits = []
    for field, text in document_texts(document):
        for hit in scanner.scan(text, field):
            answer = answers.get((hit.target, field), answers.get((hit.target, None)))
            hits.append(replace(hit, answer=answer, recorded=recorded(intake, hit.target)))
    return tuple(hits)


def _history_yes(history: History, key: str) -> History:
    if key == "cancer":
        return replace(history, cancer=(*history.cancer, Cancer("active_treatment", stated=False)))
    if key in _DETAILS:
        details: dict[str, Any] = {key: "unknown"}
        return replace(history, **details)
    if key == "rheumatoid_arthritis":
        return replace(history, rheumatoid_arthritis=True, ra_neck=None)
    if key == "diabetes":
        return replace(history, diabetes=True, diabetic_neuropathy=None)
    flags: dict[str, Any] = {key: True}
    return replace(history, **flags)


def _yes(intake: Intake, target: str) -> Intake:
    """`intake` with the structured answer to `target` set to yes (details unknown)."""
    if recorded(intake, target):
        return intake
    kind, _, key = target.partition(".")
    if kind == "red_flags":
        return replace(
            intake,
            positive_answers=intake.positive_answers | {key},
            unknown_answers=intake.unknown_answers - {key},
        )
    if kind == "medications":
        added = Medication(name=None, classes=frozenset({key}), long_term=None)
        return replace(intake, medications=(*intake.medications, added))
    if kind == "history":
        return replace(intake, history=_history_yes(intake.history, key))
    if target == "pregnancy":
        return replace(intake, pregnant=True, pregnancy_weeks=None)
    return replace(intake, alcohol_today=True)


def apply_text_hits(
    intake: Intake, hits: tuple[TextHit, ...], document: Mapping[str, Any]
) -> Intake:
    """The intake with every counting hit (and every text answer of yes) applied as a yes."""
    targets = [hit.target for hit in hits if hit.counts and not hit.recorded]
    targets += [target for (target, _), answer in _answers(document).items() if answer]
    for target in dict.fromkeys(targets):
        intake = _yes(intake, target)
    return replace(intake, text_hits=hits)


def _post_surgical_undated(intake: Intake) -> bool:
    conditions = knowledge().conditions
    dated = {site.ref.region for site in intake.history.surgeries}
    for complaint in intake.complaints:
        condition = conditions.get(complaint.condition or "")
        if condition is not None and condition.post_surgical:
            regions = {complaint.region} if complaint.region else set(condition.regions)
            if not regions & dated:
                return True
    return False


def unstated_details(intake: Intake) -> frozenset[str]:
    """The details of UNSTATED_DETAILS this intake leaves out (read the stricter way)."""
    history = intake.history
    ra_complaint = any(c.condition == "rheumatoid_arthritis" for c in intake.complaints)
    checks = {
        "osteoporosis.severity": history.osteoporosis == "unknown",
        "heart_failure.status": history.heart_failure == "unknown",
        "kidney_disease.severity": history.kidney_disease == "unknown",
        "rheumatoid_arthritis.neck_involvement": history.ra_neck is None
        or (ra_complaint and not history.rheumatoid_arthritis),
        "diabetes.neuropathy": history.diabetic_neuropathy is None
        and not history.peripheral_neuropathy,
        "varicose_veins.severity": any(v.detail == "unknown" for v in history.varicose_veins),
        "pregnancy.weeks": intake.pregnant and intake.pregnancy_weeks is None,
        "medications.long_term": any(
            "oral_corticosteroid" in m.classes and m.long_term is None for m in intake.medications
        ),
        "cancer.status": any(not cancer.stated for cancer in history.cancer),
        "surgeries.date": _post_surgical_undated(intake),
        "surgeries.healed": any(site.healed is None for site in history.surgeries),
        "fractures.healed": any(site.healed is None for site in history.fractures),
        "radiation_fields.ended": any(
            field.ended is None for cancer in history.cancer for field in cancer.radiation_fields
        ),
        "complaints.onset": any(complaint.onset is None for complaint in intake.complaints),
        "consents.guardian": intake.guardian_consent is None,
    }
    return frozenset(detail for detail, unstated in checks.items() if unstated)
