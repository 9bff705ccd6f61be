"""Free-text prompts: where the words a client used may mean a red flag or a contraindication.

The clinical core scans the intake's free text (and the check-in's new symptoms) and turns each
hit into a prompt for the therapist; until answered, a hit counts as a yes (the worse case).
This module presents the hits stored with a screening, reads the therapist's answers, and says
when a prompt still waits: a plan is not approved, nor a visit started, until none does.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from medmassage.problems import DomainError, FieldErrors

Json = dict[str, Any]
_PATH_PART = re.compile(r"([a-z_]+)(?:\[(\d+)\])?")
_FIELD_WORDS = {
    "complaints": "Complaint",
    "description": "description",
    "eases": "what eases it",
    "aggravates": "what aggravates it",
    "history": "History",
    "other": "other conditions",
    "surgeries": "surgery",
    "fractures": "fracture",
    "acute_injuries": "injury",
    "notes": "Anything else",
    "new_symptoms": "New symptoms today",
}


@dataclass(frozen=True)
class Prompt:
    """One free-text hit as the therapist sees it, with the question to answer."""

    index: int
    field: str  # JSON path of the text, e.g. complaints[0].description
    where: str  # the same in words, e.g. "Complaint 1, description"
    text: str
    term: str
    target: str
    question: str
    answer: bool | None
    recorded: bool

    @property
    def unanswered(self) -> bool:
        return self.answer is None and not self.recorded

    @property
    def status(self) -> str:
        """The answer in words."""
        if self.recorded:
            return "already answered yes in the form"
        if self.answer is None:
            return "not answered: counts as yes until you ask"
        return "yes" if self.answer else "no"


def field_words(path: str) -> str:
    """`complaints[0].description` → `Complaint 1, description`; `notes` → `Anything else`."""
    parts = []
    for name, index in _PATH_PART.findall(path):
        word = _FIELD_WORDS.get(name, name.replace("_", " "))
        parts.append(f"{word} {int(index) + 1}" if index else word)
    return ", ".join(parts)


def prompts_of(screening: Mapping[str, Any]) -> list[Prompt]:
    """The prompts of a stored screening (intake or check-in), in the order found."""
    return [
        Prompt(
            index=index,
            field=hit["field"],
            where=field_words(hit["field"]),
            text=hit["text"],
            term=hit["term"],
            target=hit["target"],
            question=hit["prompt"],
            answer=hit["answer"],
            recorded=hit["recorded"],
        )
        for index, hit in enumerate(screening.get("text_hits", []))
    ]


def unanswered(screening: Mapping[str, Any]) -> list[Prompt]:
    """The prompts still waiting for the therapist's answer."""
    return [prompt for prompt in prompts_of(screening) if prompt.unanswered]


class PromptsUnanswered(DomainError):
    """Free text may report a red flag: ask the client and answer each prompt first."""

    def __init__(self, prompts: Sequence[Prompt], *, before: str) -> None:
        listed = "; ".join(f"{p.where}: “{p.text}” ({p.question})" for p in prompts)
        super().__init__(f"Answer the free-text prompts before {before}: {listed}")
        self.prompts = tuple(prompts)

    def api_extra(self) -> Json:
        """The prompts for the API's answer, so a client program can ask them."""
        return {"prompts": [_prompt_json(p) for p in self.prompts]}


def _prompt_json(prompt: Prompt) -> Json:
    return {
        "field": prompt.field,
        "text": prompt.text,
        "term": prompt.term,
        "target": prompt.target,
        "prompt": prompt.question,
    }


def read_answers(
    raw: object, prompts: Sequence[Prompt], *, path: str = "text_answers"
) -> list[Json]:
    """The therapist's answers as the intake format keeps them; each must match a prompt."""
    errors = FieldErrors()
    if not isinstance(raw, list) or not raw:
        errors.add(path, "give at least one answer: {target, field, answer (yes or no)}")
        errors.raise_any()
    asked = {(p.target, p.field) for p in prompts}
    answers = []
    for index, item in enumerate(raw if isinstance(raw, list) else []):
        where = f"{path}[{index}]"
        if not isinstance(item, Mapping):
            errors.add(where, "must be an object with target, field and answer")
            continue
        if (item.get("target"), item.get("field")) not in asked:
            errors.add(where, "answers no prompt of this intake (target and field as listed)")
        if not isinstance(item.get("answer"), bool):
            errors.add(f"{where}.answer", "must be true (yes) or false (no)")
        errors.check_text(f"{where}.note", item.get("note", ""), 500)
        answers.append(
            {
                "target": item.get("target"),
                "field": item.get("field"),
                "answer": item.get("answer"),
                **({"note": item["note"].strip()} if str(item.get("note", "")).strip() else {}),
            }
        )
    errors.raise_any()
    return answers


def answers_from_form(form: Mapping[str, Any], prompts: Sequence[Prompt]) -> list[Json]:
    """The answers a page posted: `prompt-<n>` yes or no, `prompt-<n>-note`; blanks left out."""
    answers = []
    for prompt in prompts:
        choice = form.get(f"prompt-{prompt.index}", "")
        if choice not in ("yes", "no"):
            continue
        answers.append(
            {
                "target": prompt.target,
                "field": prompt.field,
                "answer": choice == "yes",
                "note": form.get(f"prompt-{prompt.index}-note", ""),
            }
        )
    return answers


@dataclass(frozen=True)
class PromptRow:
    """A prompt on a page, with what the form holds for it (kept when a save is refused)."""

    prompt: Prompt
    chosen: str  # "yes", "no" or ""
    note: str


def prompt_rows(
    prompts: Sequence[Prompt], form: Mapping[str, Any] | None = None
) -> list[PromptRow]:
    """Each prompt with the answer to show: as posted, else as recorded."""
    rows = []
    for prompt in prompts:
        if form is not None:
            chosen = str(form.get(f"prompt-{prompt.index}", ""))
            note = str(form.get(f"prompt-{prompt.index}-note", ""))
        else:
            chosen = "" if prompt.answer is None else ("yes" if prompt.answer else "no")
            note = ""
        rows.append(PromptRow(prompt, chosen, note))
    return rows


def merged(existing: Sequence[Json], answers: Sequence[Json]) -> list[Json]:
    """The document's answers with the new ones in place of any earlier answer to a prompt."""
    replaced = {(a["target"], a.get("field")) for a in answers}
    kept = [a for a in existing if (a["target"], a.get("field")) not in replaced]
    return [*kept, *answers]
