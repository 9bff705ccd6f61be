"""Today's check-in: the latest intake re-screened by the core with today's answers."""

from __future__ import annotations

import copy
import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError

from medmassage.accounts.models import Clinic
from medmassage.clients.models import Client
from medmassage.clinical.screening import Screening
from medmassage.intake.prompts import merged
from medmassage.intake.validation import check_intake
from medmassage.problems import FieldErrors, invalid

Json = dict[str, Any]
ANSWER_FIELDS = frozenset(
    {
        "temperature_c",
        "systolic",
        "diastolic",
        "new_medications",
        "red_flags",
        "new_symptoms",
        "text_answers",
    }
)
# Where the intake format keeps each answer, to name the check-in field in an error.
_PATHS = {
    "vitals.temperature_c": "temperature_c",
    "vitals.systolic": "systolic",
    "vitals.diastolic": "diastolic",
    "medications": "new_medications",
}


@dataclass(frozen=True)
class CheckIn:
    answers: Json
    document: Json
    screening: Screening

    @property
    def referral(self) -> Json | None:
        """Who to refer to when a finding stops treatment (most severe first)."""
        for finding in self.screening.findings:
            if finding.refer_to and finding.decision.stops_treatment:
                return {
                    "decision": finding.decision.value,
                    "to": finding.refer_to,
                    "finding": finding.code,
                    "reason": finding.action,
                }
        return None


def screen_check_in(
    *, clinic: Clinic, client: Client, intake_document: Json, answers: object, today: dt.date
) -> CheckIn:
    """Copy the latest intake, date it today, add the answers and screen it with the core."""
    checked_answers = _checked_answers(answers)
    document = _document(intake_document, checked_answers, today)
    try:
        checked = check_intake(document, clinic=clinic, client=client)
    except ValidationError as error:
        errors = FieldErrors()
        errors.extend((_answer_field(path), m) for path, m in error.message_dict.items())
        errors.raise_any()
    return CheckIn(checked_answers, checked.document, checked.screening)


def _checked_answers(answers: object) -> Json:
    if answers is None:
        return {}
    if not isinstance(answers, dict):
        raise invalid("check_in", "must be an object of today's answers")
    unknown = sorted(set(answers) - ANSWER_FIELDS)
    if unknown:
        errors = FieldErrors()
        for name in unknown:
            errors.add(name, "is not a check-in question")
        errors.raise_any()
    medications = answers.get("new_medications") or []
    if not isinstance(medications, list) or not all(
        isinstance(name, str) and name.strip() for name in medications
    ):
        raise invalid("new_medications", "must be a list of medication names")
    if not isinstance(answers.get("new_symptoms") or "", str):
        raise invalid("new_symptoms", "must be text")
    if not isinstance(answers.get("text_answers") or [], list):
        raise invalid("text_answers", "must be a list of answers to the free-text prompts")
    return {key: value for key, value in answers.items() if value not in (None, "", [], {})}


def _document(intake_document: Json, answers: Json, today: dt.date) -> Json:
    document = copy.deepcopy(intake_document)
    document["visit_date"] = today.isoformat()
    # Vitals are today's only: yesterday's fever is not today's.
    vitals = {
        key: answers[key] for key in ("temperature_c", "systolic", "diastolic") if key in answers
    }
    document.pop("vitals", None)
    if vitals:
        document["vitals"] = vitals
    if answers.get("new_medications"):
        document["medications"] = [
            *document.get("medications", []),
            *({"name": name.strip()} for name in answers["new_medications"]),
        ]
    if answers.get("red_flags"):
        document["red_flags"] = {**document.get("red_flags", {}), **answers["red_flags"]}
    # Today's new symptoms are screened like the intake's own free text.
    document.pop("new_symptoms", None)
    if answers.get("new_symptoms"):
        document["new_symptoms"] = answers["new_symptoms"].strip()
    if answers.get("text_answers"):
        document["text_answers"] = merged(document.get("text_answers", []), answers["text_answers"])
    return document


def _answer_field(path: str) -> str:
    for prefix, field in _PATHS.items():
        if path == prefix or path.startswith(prefix + "[") or path.startswith(prefix + "."):
            return field
    return path
