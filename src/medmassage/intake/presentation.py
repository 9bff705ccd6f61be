"""A stored intake and its screening in words, for the intake page and the chart."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from medmassage.clinical.knowledge import knowledge
from medmassage.intake.catalogue import medication_option
from medmassage.intake.models import Intake
from medmassage.intake.prompts import prompt_rows, prompts_of
from medmassage.words import vocabulary as words

Json = dict[str, Any]


@dataclass(frozen=True)
class DecisionWords:
    words: str  # the decision in a few words, as the page's heading says it
    meaning: str
    tone: str  # a CSS class suffix: go, caution, stop, danger


DECISIONS: dict[str, DecisionWords] = {
    "proceed": DecisionWords(words.label("decision", "proceed"), "Treatment can go ahead.", "go"),
    "modify": DecisionWords(
        words.label("decision", "modify"),
        "Treat today, with the changes each finding asks for.",
        "caution",
    ),
    "postpone": DecisionWords(
        words.label("decision", "postpone"), "No hands-on treatment today.", "stop"
    ),
    "clearance": DecisionWords(
        words.label("decision", "clearance"),
        "No treatment until the clearance or consent below is on file.",
        "stop",
    ),
    "refer_urgent": DecisionWords(
        words.label("decision", "refer_urgent"),
        "No treatment. Refer to a physician urgently.",
        "danger",
    ),
    "refer_emergency": DecisionWords(
        words.label("decision", "refer_emergency"),
        "No treatment. Send the client to emergency care now.",
        "danger",
    ),
}


def finding_places(finding: Json) -> tuple[str, ...]:
    """The finding's regions in words; empty for a systemic finding."""
    return tuple(words.place(ref["region"], ref.get("side", "both")) for ref in finding["regions"])


@dataclass(frozen=True)
class FindingView:
    code: str
    kind: str
    kind_label: str
    places: tuple[str, ...]
    action: str
    rationale: str
    sources: tuple[str, ...]
    decision: DecisionWords
    overridable: bool
    policy: bool


def finding_views(screening: Json) -> tuple[FindingView, ...]:
    """Every finding, most severe first (as the core ordered them)."""
    return tuple(
        FindingView(
            code=item["code"],
            kind=item["kind"],
            kind_label=words.label("finding_kind", item["kind"]),
            places=finding_places(item),
            action=item["action"],
            rationale=item["rationale"],
            sources=tuple(item["sources"]),
            decision=DECISIONS[item["decision"]],
            overridable=item["overridable"],
            policy=item.get("policy", False),
        )
        for item in screening["findings"]
    )


def _detail(value: Any, key: str) -> str:
    if isinstance(value, dict) and key in value:
        return f" ({value[key]})"
    return ""


def _sites(items: list[Json], what: str) -> list[str]:
    lines = []
    for item in items:
        place = words.place(item["region"], item.get("side"))
        extra = f", {item['description']}" if item.get("description") else ""
        lines.append(f"{what}: {place}, {item['date']}{extra}")
    return lines


def _cancer(items: list[Json]) -> list[str]:
    lines = []
    for item in items:
        site = f" of the {item['site']}" if item.get("site") else ""
        lines.append(f"Cancer{site}: {item['status'].replace('_', ' ')}")
    return lines


_DETAILED = {
    "osteoporosis": "severity",
    "diabetes": "neuropathy",
    "heart_failure": "status",
    "kidney_disease": "severity",
    "rheumatoid_arthritis": "neck_involvement",
}


def _conditions(history: Json) -> list[str]:
    lines = [
        words.label("region", key) + _detail(history[key], detail)
        for key, detail in _DETAILED.items()
        if history.get(key)
    ]
    return lines + [
        words.label("region", key)
        for key, value in history.items()
        if value is True and key not in _DETAILED
    ]


def _places(history: Json) -> list[str]:
    lines = []
    for key, label in (
        ("lymph_node_removal", "Lymph nodes removed"),
        ("lymphoedema", "Lymphoedema"),
    ):
        lines += [f"{label}: {item['side']} {item['limb']}" for item in history.get(key, [])]
    for key, label, detail in (
        ("varicose_veins", "Varicose veins", "severity"),
        ("skin", "Skin", "kind"),
    ):
        lines += [
            f"{label}: {words.place(item['region'], item.get('side'))}" + _detail(item, detail)
            for item in history.get(key, [])
        ]
    sensation = [
        words.place(item["region"], item.get("side"))
        for item in history.get("peripheral_neuropathy", [])
    ]
    if sensation:
        lines.append("Reduced sensation: " + ", ".join(sensation))
    return lines


def history_lines(history: Json) -> list[str]:
    """The history section in short lines of words."""
    lines = _cancer(history.get("cancer", []))
    lines += _sites(history.get("surgeries", []), "Surgery")
    lines += _sites(history.get("fractures", []), "Fracture")
    lines += _sites(history.get("acute_injuries", []), "Sprain or strain")
    return lines + _conditions(history) + _places(history) + list(history.get("other", []))


def medication_lines(medications: list[Any]) -> list[str]:
    """Each medication with its classes, or a note that the knowledge base does not know it."""
    lines = []
    for item in medications:
        data = {"name": item} if isinstance(item, str) else item
        token = data.get("name") or "class:" + data["class"]
        option = medication_option(token)
        classes = ", ".join(option.classes) if option.classes else "not in the knowledge base"
        long_term = ", long term" if data.get("long_term") else ""
        lines.append(f"{option.label} ({classes}{long_term})")
    return lines


_ANSWER_ORDER = {"yes": 0, "unknown": 1, "no": 2}


def answer_lines(answers: Json) -> list[tuple[str, str]]:
    """Red-flag answers as (question, yes/unknown/no), yes first."""
    questions = knowledge().questions
    words = {True: "yes", False: "no", "unknown": "unknown"}
    lines = [
        (questions[key].text if key in questions else key, words.get(value, str(value)))
        for key, value in answers.items()
    ]
    return sorted(lines, key=lambda line: _ANSWER_ORDER.get(line[1], 3))


def complaint_lines(complaints: list[Json]) -> list[Json]:
    """Complaints with their place in words."""
    return [
        {**item, "label": words.place(item.get("region"), item.get("side"))} for item in complaints
    ]


def intake_context(intake: Intake) -> Json:
    """What the intake page shows: the screening in words, then the document in brief."""
    document, findings = intake.document, finding_views(intake.screening)
    return {
        "intake": intake,
        "client": intake.client,
        "document": document,
        "decision": DECISIONS[intake.decision],
        "findings": findings,
        "red_flags": [finding for finding in findings if finding.kind == "red_flag"],
        "complaints": complaint_lines(document.get("complaints", [])),
        "answers": answer_lines(document.get("red_flags", {})),
        "history": history_lines(document.get("history", {})),
        "medications": medication_lines(document.get("medications", [])),
        "prompt_rows": prompt_rows(prompts_of(intake.screening)),
    }
