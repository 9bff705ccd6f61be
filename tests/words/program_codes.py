"""Find contract ids in what a person reads: the text of a page (not its attributes) or a PDF.

Ids that cannot be English (`deep_tissue`, `ndi`, `dvt.suspected`, `soreness_48h`) are found
anywhere in the text. Ids that are also words (`neck`, `light`, `proceed`) are found where a
program prints them: as the whole text of an element, or as a piece of a listing
("Pressure cap today: light", "neck (both)"); labels start with a capital, so "Neck" passes.
Regions and sides are prose too ("the arm, jaw, neck or back", "Lower back, left"): they are
found as an element's whole text, or printed as a program does ("neck (both)", "neck left").
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from functools import cache
from html.parser import HTMLParser

from medmassage.clinical.instruments import INSTRUMENTS
from medmassage.clinical.knowledge import knowledge
from medmassage.clinical.vocabulary import REGIONS, TECHNIQUES, Decision, Pressure, Side
from medmassage.visits.check_in import ANSWER_FIELDS
from medmassage.visits.models import Adjustment, AdverseKind, FeedbackKind
from medmassage.words.vocabulary import EXCLUSION_REASONS, FINDING_KINDS

SKIPPED = {"script", "style", "textarea", "template"}
PIECES = re.compile(r"\s*[,;:()·\u2014\u2013/|]\s*")
UNROUNDED = re.compile(r"(?<![\w./])\d+\.\d{3,}(?![\w./])")  # not a DOI (10.1002/...)
# A region printed with its side or its minutes as a program does: "neck (both)", "neck left".
PRINTED_PLACE = re.compile(r"\b([a-z_]+) (?:\((?:left|right|both)\)|(?:left|right|both)\b|\d+ min)")


@cache
def contract_ids() -> tuple[frozenset[str], frozenset[str], frozenset[str]]:
    """(ids that are never words, ids that are also words, regions and sides)."""
    kb = knowledge()
    every = {
        *TECHNIQUES,
        *REGIONS,
        *(p.value for p in Pressure),
        *INSTRUMENTS,
        *(d.value for d in Decision),
        *FINDING_KINDS,
        *EXCLUSION_REASONS,
        *(v for v in FeedbackKind.values if v != "other"),
        *(v for v in Adjustment.values if v != "none"),
        *(v for v in AdverseKind.values if v != "other"),
        *ANSWER_FIELDS,
        *kb.questions,
        *(rule.code for rule in kb.rules),
        *(exercise.kind for exercise in kb.exercises.values()),
    }
    coded = {i for i in every if re.search(r"[_.\d]", i) or i in INSTRUMENTS or i == "swedish"}
    # Plain words that a label may also use ("Blood pressure, systolic").
    places = {*REGIONS, *(s.value for s in Side), "systolic", "diastolic"}
    return frozenset(coded), frozenset(every - coded - places), frozenset(places - coded)


class _Text(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.skipping = 0
        self.stack: list[str] = []
        self.nodes: list[tuple[str, str]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in SKIPPED:
            self.skipping += 1
        if tag not in {"br", "input", "img", "meta", "link", "hr", "wbr", "source"}:
            ident = dict(attrs).get("id")
            self.stack.append(f"{tag}#{ident}" if ident else tag)

    def handle_endtag(self, tag: str) -> None:
        if tag in SKIPPED:
            self.skipping = max(0, self.skipping - 1)
        while self.stack:
            if self.stack.pop().split("#")[0] == tag:
                break

    def handle_data(self, data: str) -> None:
        if not self.skipping and data.strip():
            self.nodes.append((" ".join(data.split()), " > ".join(self.stack[-3:])))


def page_text(html: str) -> list[tuple[str, str]]:
    """Each text node a person reads, with where it sits."""
    parser = _Text()
    parser.feed(html)
    return parser.nodes


def codes_in(text: str, *, whole: bool = True) -> list[str]:
    """The contract ids printed in one piece of text (`whole`: the text is an element's own)."""
    coded, words, places = contract_ids()
    found = [
        code for code in coded if re.search(rf"(?<![\w.]){re.escape(code)}(?![\w]|\.\w)", text)
    ]
    stripped = text.strip().rstrip(".")
    pieces = {piece for piece in PIECES.split(stripped) if piece}
    found += sorted(word for word in words if word in pieces)
    if whole and stripped in places:
        found.append(stripped)
    found += [m.group(1) for m in PRINTED_PLACE.finditer(text) if m.group(1) in places]
    # A stored number shown unrounded ("42.000000") is the program's, not a person's.
    found += UNROUNDED.findall(text)
    return sorted(set(found))


def scan_page(name: str, html: str) -> Iterator[str]:
    for text, where in page_text(html):
        for code in codes_in(text):
            yield f"{name}: {code!r} in {where}: {text[:120]!r}"


def scan_lines(name: str, lines: Iterable[str]) -> Iterator[str]:
    for line in lines:
        for code in codes_in(line, whole=False):
            yield f"{name}: {code!r} in {line[:120]!r}"
