"""Reading the visit pages' posted forms into the plain data the services take."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.http import QueryDict
from django.utils import timezone

from medmassage.clinical.knowledge import knowledge
from medmassage.problems import invalid

ROW_FIELDS = ("technique", "region", "side", "minutes", "pressure")
NOTE_FIELDS = (
    "pain_today",
    "changes_since_last",
    "home_care_adherence",
    "objective",
    "assessment",
    "plan_notes",
)


def red_flag_questions() -> list[tuple[str, str]]:
    """The intake's red-flag questions, asked again at check-in."""
    return sorted((key, question.text) for key, question in knowledge().questions.items())


def check_in_from_post(post: QueryDict) -> dict[str, Any]:
    """Today's answers from the check-in form; blanks are not answers."""
    answers: dict[str, Any] = {}
    for name, kind in (("temperature_c", float), ("systolic", int), ("diastolic", int)):
        value = post.get(name, "").strip()
        if value:
            try:
                answers[name] = kind(value)
            except ValueError:
                answers[name] = value  # the core's schema names the field
    medications = [m.strip() for m in post.get("new_medications", "").split(",") if m.strip()]
    if medications:
        answers["new_medications"] = medications
    flags = {key: True for key, _ in red_flag_questions() if post.get(f"flag_{key}")}
    if flags:
        answers["red_flags"] = flags
    if symptoms := post.get("new_symptoms", "").strip():
        answers["new_symptoms"] = symptoms
    if text_answers := _prompt_answers(post):
        answers["text_answers"] = text_answers
    return answers


def late_entry_from_post(post: QueryDict) -> datetime | None:
    """The real time of a past visit entered late (date, and time or noon), or None."""
    day = post.get("visited_on", "").strip()
    if not day:
        return None
    try:
        when = datetime.fromisoformat(f"{day}T{post.get('visited_time', '').strip() or '12:00'}")
    except ValueError:
        raise invalid(
            "visited_on", "give the date of the visit as on a calendar, and its time"
        ) from None
    return timezone.make_aware(when)


def note_from_post(post: QueryDict) -> dict[str, Any]:
    """The note's fields and treatment rows; a row with no technique is left out."""
    data: dict[str, Any] = {name: post.get(name, "") for name in NOTE_FIELDS if name in post}
    count = int(post.get("rows", "0") or 0)
    treatments, reasons = [], {}
    for index in range(count + 1):
        row = {name: post.get(f"{name}_{index}", "").strip() for name in ROW_FIELDS}
        if not row["technique"]:
            continue
        treatments.append(row)
        reason = post.get(f"reason_{index}", "").strip()
        if reason:
            reasons[row["technique"]] = reason
    data["treatments"] = treatments
    data["reasons"] = reasons
    return data


def _prompt_answers(post: QueryDict) -> list[dict[str, Any]]:
    """Answers to the free-text prompts a refused check-in showed (each names its prompt)."""
    answers = []
    for name in post:
        if not (name.startswith("prompt-") and name.endswith("-target")):
            continue
        index = name.removeprefix("prompt-").removesuffix("-target")
        choice = post.get(f"prompt-{index}", "")
        if choice in ("yes", "no"):
            answers.append(
                {
                    "target": post[name],
                    "field": post.get(f"prompt-{index}-field", ""),
                    "answer": choice == "yes",
                    "note": post.get(f"prompt-{index}-note", "").strip(),
                }
            )
    return answers
