"""What the intake form shows: an intake document (entered or carried over) and its errors.

The form is drawn from the document that `document_from_form` built, so what was typed comes
back as typed, rows renumbered in order: the error the core reports for `complaints[1].pain`
lands on the second complaint row, whose inputs are named `complaints[1].…` again.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from medmassage.careteam.models import is_record_reference
from medmassage.clinical.intake_schema import CANCER_STATUSES, SEVERITIES, SKIN_KINDS
from medmassage.clinical.knowledge import knowledge
from medmassage.intake.catalogue import (
    REGION_CHOICES,
    QuestionGroup,
    medication_option,
    red_flag_questions,
    regions_of_complaints,
)
from medmassage.intake.document import HISTORY_FLAGS
from medmassage.words import vocabulary as words

Json = dict[str, Any]
Errors = Mapping[str, list[str]]
_SEGMENT = re.compile(r"\[(\d+)\]|\.?([A-Za-z_]\w*)")
_WORDS = {
    "icd10": "ICD-10-CM code",
    "temperature_c": "temperature (°C)",
    "substance_use_today": "today",
    "red_flags": "red-flag question",
    "from": "cleared by",
    "confirm_carried": "what was filled in from the last intake, confirmed with the client",
}
DATED_GROUPS = ("surgeries", "fractures", "acute_injuries")
LIMB_GROUPS = ("lymph_node_removal", "lymphoedema")
LOCAL_GROUPS = ("varicose_veins", "skin")


def _singular(words: str) -> str:
    if words.endswith("ies"):
        return words[:-3] + "y"
    return words.removesuffix("s")


def path_label(path: str) -> str:
    """A JSON path in words: `complaints[0].pain` → `Complaint 1, pain`."""
    question = knowledge().questions.get(path.removeprefix("red_flags."))
    if path.startswith("red_flags.") and question is not None:
        return f"Red-flag question “{question.text}”"
    words: list[str] = []
    for index, name in _SEGMENT.findall(path):
        if index and words:
            words[-1] = f"{_singular(words[-1])} {int(index) + 1}"
        elif name:
            words.append(_WORDS.get(name, name.replace("_", " ")))
    text = ", ".join(words) or "Intake"
    return text[0].upper() + text[1:]


@dataclass(frozen=True)
class Row:
    """One row of a repeating group: its input-name prefix, values and errors by field."""

    prefix: str
    values: Json
    errors: dict[str, list[str]] = field(default_factory=dict)

    @property
    def label(self) -> str:
        return words.place(self.values.get("region"), self.values.get("side"))


def _row_errors(prefix: str, errors: Errors) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for path, messages in errors.items():
        if path == prefix or path.startswith((prefix + ".", prefix + "[")):
            rest = path[len(prefix) :].lstrip(".")
            key = re.split(r"[.\[]", rest)[0] or "row"
            found.setdefault(key, []).extend(messages)
    return found


def _joined(item: Json) -> Json:
    return {k: ", ".join(v) if k in ("eases", "aggravates") else v for k, v in item.items()}


@dataclass(frozen=True)
class RowGroup:
    """A repeating group: its rows, and the blank row the page clones to add one."""

    name: str
    rows: list[Row]

    @property
    def template_row(self) -> Row:
        return Row(f"{self.name}[__index__]", {})


def rows_of(items: list[Json], group: str, errors: Errors, *, blank: bool = True) -> RowGroup:
    """The entered rows of a group, then (unless `blank` is false) one blank row to fill in."""
    values = [_joined(item) for item in items] + ([{}] if blank else [])
    rows = [
        Row(f"{group}[{i}]", value, _row_errors(f"{group}[{i}]", errors))
        for i, value in enumerate(values)
    ]
    return RowGroup(group, rows)


def _cancer_row(history: Json, errors: Errors) -> Row:
    cancer = (history.get("cancer") or [{}])[0]
    tumour = (cancer.get("tumour_sites") or [{}])[0]
    radiation = (cancer.get("radiation_fields") or [{}])[0]
    prefix = "history.cancer[0]"
    values = {
        **cancer,
        "tumour": tumour,
        "radiation": radiation,
        "bone_metastases": [item.get("region") for item in cancer.get("bone_metastases", [])],
    }
    return Row(prefix, values, _row_errors(prefix, errors))


def _choice(value: Any, key: str) -> str:
    """A `true | {key: detail}` history value as the select's value."""
    if isinstance(value, dict):
        return str(value.get(key, "yes"))
    return "yes" if value else ""


def _history(history: Json, errors: Errors) -> Json:
    groups = (*DATED_GROUPS, *LIMB_GROUPS, *LOCAL_GROUPS)
    diabetes, ra = history.get("diabetes"), history.get("rheumatoid_arthritis")
    return {
        "cancer": _cancer_row(history, errors),
        **{key: rows_of(history.get(key, []), f"history.{key}", errors) for key in groups},
        "osteoporosis": _choice(history.get("osteoporosis"), "severity"),
        "heart_failure": _choice(history.get("heart_failure"), "status"),
        "kidney_disease": _choice(history.get("kidney_disease"), "severity"),
        "diabetes": bool(diabetes),
        "diabetic_neuropathy": isinstance(diabetes, dict) and bool(diabetes.get("neuropathy")),
        "rheumatoid_arthritis": bool(ra),
        "ra_neck": isinstance(ra, dict) and bool(ra.get("neck_involvement")),
        "flags": [(name, label, bool(history.get(name))) for name, label in HISTORY_FLAGS.items()],
        "peripheral_neuropathy": [
            i.get("region") for i in history.get("peripheral_neuropathy", [])
        ],
        "other": "\n".join(history.get("other", [])),
    }


@dataclass(frozen=True)
class AskedQuestion:
    key: str
    text: str
    answer: str  # yes, no, unknown, or "" when not answered
    errors: list[str]


_ANSWER_WORDS = {True: "yes", False: "no", "unknown": "unknown"}


def question_groups(document: Json, errors: Errors) -> list[tuple[QuestionGroup, list[Any]]]:
    """The red-flag questions the complaints call for, with the answers already given."""
    answers = document.get("red_flags", {})
    regions = regions_of_complaints(document.get("complaints", []))
    return [
        (
            group,
            [
                AskedQuestion(
                    q.key,
                    q.text,
                    _ANSWER_WORDS.get(answers.get(q.key), str(answers.get(q.key) or "")),
                    list(errors.get(f"red_flags.{q.key}", [])),
                )
                for q in group.questions
            ],
        )
        for group in red_flag_questions(regions)
    ]


def unanswered(document: Json) -> dict[str, list[str]]:
    """Red-flag questions the complaints call for that have no answer (the form requires one)."""
    answers = document.get("red_flags", {})
    regions = regions_of_complaints(document.get("complaints", []))
    return {
        f"red_flags.{question.key}": ["Not answered: choose yes, no or unknown."]
        for group in red_flag_questions(regions)
        for question in group.questions
        if question.key not in answers
    }


def _medications(document: Json) -> list[Json]:
    chips = []
    for item in document.get("medications", []):
        data = {"name": item} if isinstance(item, str) else item
        token = str(data.get("name") or "class:" + str(data.get("class")))
        chips.append({"option": medication_option(token), "long_term": data.get("long_term")})
    return chips


def _slot(path: str) -> str:
    names = [name for index, name in _SEGMENT.findall(path) if name]
    if not names:
        return "document"
    if names[0] in ("history", "vitals", "substance_use_today") and len(names) > 1:
        return f"{names[0]}_{names[1]}"
    return str(names[0])


def form_context(document: Json, errors: Errors | None = None) -> Json:
    """Everything the intake form template draws, from a document and its errors by path."""
    errors = errors or {}
    complaints = rows_of(document.get("complaints", []), "complaints", errors, blank=False)
    blank = f"complaints[{len(complaints.rows)}]"
    slots: dict[str, list[str]] = {}
    for path, messages in errors.items():
        slots.setdefault(_slot(path), []).extend(messages)
    return {
        "document": document,
        "complaints": complaints,
        "blank_complaint": Row(blank, {}, _row_errors(blank, errors)),
        "next_complaint_index": len(complaints.rows) + 1,
        "question_groups": question_groups(document, errors),
        "history": _history(document.get("history", {}), errors),
        "pregnancy": document.get("pregnancy"),
        "medication_chips": _medications(document),
        "goals": "\n".join(document.get("goals", [])),
        "clearance_rows": rows_of(document.get("clearances", []), "clearances", errors),
        "errors": slots,
        "error_summary": [(path_label(p), m, p) for p, ms in errors.items() for m in ms],
        "choices": CHOICES,
    }


CHOICES = {
    "regions": REGION_CHOICES,
    "sides": (("both", "Both / midline"), ("left", "Left"), ("right", "Right")),
    "cancer_statuses": tuple((s, s.replace("_", " ").capitalize()) for s in CANCER_STATUSES),
    "severities": tuple((s, s.capitalize()) for s in SEVERITIES),
    "skin_kinds": tuple((s, s.replace("_", " ").capitalize()) for s in SKIN_KINDS),
    "heart_failure": (
        ("controlled", "Controlled"),
        ("uncontrolled", "Uncontrolled"),
        ("acute", "Acute"),
    ),
    "kidney_disease": (*((s, s.capitalize()) for s in SEVERITIES), ("failure", "Kidney failure")),
    "limbs": (("arm", "Arm"), ("leg", "Leg")),
    "injury_kinds": (("sprain", "Sprain"), ("strain", "Strain")),
    "clearance_topics": tuple(
        sorted({rule.clearance_topic for rule in knowledge().rules if rule.clearance_topic})
    ),
}


# What a new intake starts from: the last one's standing facts, to be checked with the client.
CARRIED_OVER = ("complaints", "history", "medications", "clearances", "goals")
# Asked again at every intake, never carried over: today's pain of each complaint.
ASKED_AGAIN = ("pain",)


def carried_over(previous: Json) -> Json:
    """The parts of the previous intake to go through again with the client (clearance records
    are not typed again: every intake takes them from the clinic's record; today's pain is
    asked again)."""
    carried = {key: previous[key] for key in CARRIED_OVER if key in previous}
    if isinstance(carried.get("clearances"), list):
        carried["clearances"] = [c for c in carried["clearances"] if not is_record_reference(c)]
    if "complaints" in carried:
        carried["complaints"] = [
            {k: v for k, v in complaint.items() if k not in ASKED_AGAIN}
            for complaint in carried["complaints"]
        ]
    return carried
