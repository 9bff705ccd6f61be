"""Free text screened for red-flag and contraindication terms, with negation (issue 9 point 3).

`scan_text` is the pure scanner: a text in, the hits out, each naming the structured question
(target) it maps to. The term lists and negation words come from knowledge/text_terms.toml;
`TextScanner.build` compiles them once when the knowledge base loads.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

# Words: letters and digits; hyphens and apostrophes split words ("self-harm", "can't").
_TOKEN = re.compile(r"[a-z0-9]+|[.;:!?()\n]|,")
_HARD_BREAKS = frozenset({".", ";", ":", "!", "?", "(", ")", "\n"})
_LIST_WORDS = frozenset({"or", "nor"})
_POST_WINDOW = 3


def words(text: str) -> tuple[str, ...]:
    """The lower-case words and punctuation marks of `text`, as the scanner sees them."""
    return tuple(_TOKEN.findall(text.casefold()))


@dataclass(frozen=True)
class TextHit:
    """A term found in free text, the structured question it maps to, and its answer."""

    field: str  # JSON path of the text, e.g. "complaints[0].description", "new_symptoms"
    text: str  # the words as written
    term: str  # the knowledge-base phrase matched
    target: str  # e.g. "red_flags.chest_pain", "history.acute_infection", "pregnancy"
    prompt: str  # what to ask the therapist
    answer: bool | None = None  # the therapist's answer; None while unanswered
    recorded: bool = False  # the structured intake already says yes: nothing to ask

    @property
    def unanswered(self) -> bool:
        """A prompt still waiting for the therapist's answer."""
        return self.answer is None and not self.recorded

    @property
    def counts(self) -> bool:
        """Whether the hit counts as a yes for screening (unanswered, or answered yes)."""
        return self.answer is not False

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> TextHit:
        """Read a stored hit back."""
        answer = data.get("answer")
        return cls(
            field=str(data["field"]),
            text=str(data["text"]),
            term=str(data["term"]),
            target=str(data["target"]),
            prompt=str(data["prompt"]),
            answer=None if answer is None else bool(answer),
            recorded=bool(data.get("recorded", False)),
        )

    def to_json(self) -> dict[str, Any]:
        """The `text_hits` entry of `medmassage screen` and `medmassage plan`."""
        return {
            "field": self.field,
            "text": self.text,
            "term": self.term,
            "target": self.target,
            "prompt": self.prompt,
            "answer": self.answer,
            "recorded": self.recorded,
            "unanswered": self.unanswered,
            "counts_as_yes": self.counts,
        }


@dataclass(frozen=True)
class _Phrase:
    words: tuple[str, ...]
    term: str
    target: str


def _index(phrases: Iterable[tuple[str, ...]]) -> dict[str, tuple[tuple[str, ...], ...]]:
    """First word -> the phrases starting with it, longest first."""
    index: dict[str, list[tuple[str, ...]]] = {}
    for phrase in phrases:
        if phrase:
            index.setdefault(phrase[0], []).append(phrase)
    return {key: tuple(sorted(set(found), key=len, reverse=True)) for key, found in index.items()}


def _match(seq: tuple[str, ...], at: int, index: Mapping[str, tuple[tuple[str, ...], ...]]) -> int:
    """The length of the longest indexed phrase at `at`, 0 when none."""
    for phrase in index.get(seq[at], ()):
        if seq[at : at + len(phrase)] == phrase:
            return len(phrase)
    return 0


@dataclass(frozen=True)
class TextScanner:
    """The compiled term lists and negation rules."""

    terms: Mapping[str, tuple[_Phrase, ...]]  # first word -> phrases, longest first
    prompts: Mapping[str, str]
    window: int
    negations: Mapping[str, tuple[tuple[str, ...], ...]] = field(default_factory=dict)
    post_negations: Mapping[str, tuple[tuple[str, ...], ...]] = field(default_factory=dict)
    pseudo: Mapping[str, tuple[tuple[str, ...], ...]] = field(default_factory=dict)
    breaks: Mapping[str, tuple[tuple[str, ...], ...]] = field(default_factory=dict)

    @classmethod
    def build(
        cls,
        *,
        terms: Mapping[str, Iterable[str]],
        prompts: Mapping[str, str],
        window: int,
        negations: Iterable[str],
        post_negations: Iterable[str],
        pseudo: Iterable[str],
        breaks: Iterable[str],
    ) -> TextScanner:
        """Compile phrase lists (target -> phrases) into the scanner."""
        by_first: dict[str, list[_Phrase]] = {}
        for target, phrases in terms.items():
            for phrase in phrases:
                seq = words(phrase)
                if seq:
                    by_first.setdefault(seq[0], []).append(_Phrase(seq, phrase, target))
        return cls(
            terms={
                key: tuple(sorted(found, key=lambda p: len(p.words), reverse=True))
                for key, found in by_first.items()
            },
            prompts=dict(prompts),
            window=window,
            negations=_index(words(item) for item in negations),
            post_negations=_index(words(item) for item in post_negations),
            pseudo=_index(words(item) for item in pseudo),
            breaks=_index(words(item) for item in breaks),
        )

    def _negated(self, seq: tuple[str, ...]) -> list[bool]:
        """For each word, whether a preceding negation trigger covers it."""
        covered = [False] * len(seq)
        scope_end = -1
        at = 0
        while at < len(seq):
            word = seq[at]
            if word in _HARD_BREAKS or (word == "," and not self._list_follows(seq, at)):
                scope_end = -1
                at += 1
                continue
            size = _match(seq, at, self.pseudo) or _match(seq, at, self.breaks)
            if size:
                scope_end = -1 if _match(seq, at, self.breaks) else scope_end
                at += size
                continue
            size = _match(seq, at, self.negations)
            if size:
                scope_end = at + size + self.window
                at += size
                continue
            covered[at] = at < scope_end
            at += 1
        return covered

    @staticmethod
    def _list_follows(seq: tuple[str, ...], comma: int) -> bool:
        """A comma inside a list ("no fever, chills or rash"): "or"/"nor" before the clause ends."""
        for word in seq[comma + 1 :]:
            if word in _HARD_BREAKS:
                return False
            if word in _LIST_WORDS:
                return True
        return False

    def _post_negated(self, seq: tuple[str, ...], end: int) -> bool:
        """A negation right after the term ("chest pain denied")."""
        for at in range(end, min(len(seq), end + _POST_WINDOW)):
            if seq[at] in _HARD_BREAKS or seq[at] == ",":
                return False
            if _match(seq, at, self.post_negations):
                return True
        return False

    def scan(self, text: str, field: str = "") -> tuple[TextHit, ...]:
        """Every non-negated term in `text`, once per target (the first occurrence)."""
        lowered = text.casefold()
        spans = [(m.group(), m.start(), m.end()) for m in _TOKEN.finditer(lowered)]
        seq = tuple(word for word, _, _ in spans)
        if not any(word in self.terms for word in seq):
            return ()
        negated = self._negated(seq)
        hits: dict[str, TextHit] = {}
        for at, word in enumerate(seq):
            for phrase in self.terms.get(word, ()):
                end = at + len(phrase.words)
                if phrase.target in hits or seq[at:end] != phrase.words:
                    continue
                if negated[at] or self._post_negated(seq, end):
                    continue
                written = text[spans[at][1] : spans[end - 1][2]]
                prompt = self.prompts.get(phrase.target, phrase.target)
                hits[phrase.target] = TextHit(field, written, phrase.term, phrase.target, prompt)
        return tuple(hits.values())


def scan_text(
    text: str, field: str = "", scanner: TextScanner | None = None
) -> tuple[TextHit, ...]:
    """The red-flag and contraindication terms reported in `text` (negated ones left out), each
    with the structured question it maps to; answers are None (nothing answered yet)."""
    if scanner is None:
        from medmassage.clinical.knowledge import knowledge  # the packaged knowledge base

        scanner = knowledge().text_scanner
    return scanner.scan(text, field)
