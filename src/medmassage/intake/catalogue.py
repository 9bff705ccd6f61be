"""What the intake form offers from the knowledge base: red-flag questions, medications, labels."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from medmassage.clinical.knowledge import knowledge
from medmassage.clinical.knowledge_model import Question
from medmassage.clinical.vocabulary import REGIONS
from medmassage.words import vocabulary as words

CLASS_PREFIX = "class:"
MAX_SUGGESTIONS = 12

REGION_CHOICES: tuple[tuple[str, str], ...] = tuple((r, words.label("region", r)) for r in REGIONS)


@dataclass(frozen=True)
class RedFlagQuestion:
    key: str
    text: str


@dataclass(frozen=True)
class QuestionGroup:
    """Red-flag questions asked because of one region (or of everyone, `region` None)."""

    region: str | None
    label: str
    questions: tuple[RedFlagQuestion, ...]


def regions_of_complaints(complaints: Iterable[dict[str, object]]) -> tuple[str, ...]:
    """The regions complaints touch, from their region and from their ICD-10-CM code's condition."""
    kb = knowledge()
    found: set[str] = set()
    for complaint in complaints:
        region, code = complaint.get("region"), complaint.get("icd10")
        if isinstance(region, str) and region in REGIONS:
            found.add(region)
        condition = kb.condition_for_code(code) if isinstance(code, str) and code else None
        if condition is not None:
            found.update(kb.conditions[condition].regions)
    return tuple(region for region in REGIONS if region in found)


def red_flag_questions(regions: Iterable[str]) -> tuple[QuestionGroup, ...]:
    """The questions asked of everyone, then those of each region, each question once."""
    questions = knowledge().questions
    chosen = [region for region in REGIONS if region in set(regions)]
    groups = [_group(None, "Ask everyone", [q for q in questions.values() if not q.regions])]
    asked = {question.key for question in groups[0].questions}
    for region in chosen:
        fresh = [q for q in questions.values() if region in q.regions and q.id not in asked]
        asked.update(question.id for question in fresh)
        if fresh:
            groups.append(
                _group(region, f"Because of the {words.label('region', region).lower()}", fresh)
            )
    return tuple(groups)


def _group(region: str | None, label: str, items: list[Question]) -> QuestionGroup:
    return QuestionGroup(region, label, tuple(RedFlagQuestion(q.id, q.text) for q in items))


@dataclass(frozen=True)
class MedicationOption:
    """A suggestion for the medication search: a drug name, or a class when the drug is unknown."""

    token: str  # the drug name, or "class:<id>"
    label: str
    classes: tuple[str, ...]  # class names, for the therapist to see what it is

    @property
    def is_class(self) -> bool:
        return self.token.startswith(CLASS_PREFIX)


def medication_option(token: str) -> MedicationOption:
    """How a chosen medication is shown: its classes, or none when the knowledge base lacks it."""
    kb = knowledge()
    if token.startswith(CLASS_PREFIX):
        found = kb.medication_classes.get(token.removeprefix(CLASS_PREFIX))
        name = found.name if found else token.removeprefix(CLASS_PREFIX)
        return MedicationOption(token, f"{name} (class, drug not named)", (name,))
    ids = kb.drug_index.get(token.strip().casefold(), frozenset())
    names = tuple(sorted(kb.medication_classes[key].name for key in ids))
    generic = kb.brands.get(token.strip().casefold())
    if generic is not None:
        return MedicationOption(token, f"{token.strip().capitalize()} ({generic})", names)
    return MedicationOption(token, token, names)


def known_medication(text: str) -> str | None:
    """The knowledge base's own token for a drug, brand or class named exactly, else None."""
    needle = " ".join(text.casefold().split())
    kb = knowledge()
    if needle in kb.drug_index:
        return needle
    for key, found in kb.medication_classes.items():
        if needle in (found.name.casefold(), key.replace("_", " ")):
            return CLASS_PREFIX + key
    return None


def search_medications(text: str, *, limit: int = MAX_SUGGESTIONS) -> tuple[MedicationOption, ...]:
    """Drug names beginning with (then containing) the text, then classes whose name matches."""
    needle = " ".join(text.casefold().split())
    if not needle:
        return ()
    kb = knowledge()
    drugs = sorted(kb.drug_index)
    ranked = [d for d in drugs if d.startswith(needle)]
    ranked += [d for d in drugs if needle in d and not d.startswith(needle)]
    options = [medication_option(drug) for drug in ranked]
    options += [
        medication_option(CLASS_PREFIX + key)
        for key, found in sorted(kb.medication_classes.items())
        if needle in found.name.casefold() or needle in key.replace("_", " ")
    ]
    return tuple(options[:limit])
