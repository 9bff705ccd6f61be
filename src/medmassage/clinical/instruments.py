"""The outcome instruments of knowledge/instruments.toml, loaded and checked once at import."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from types import MappingProxyType
from typing import Any, Literal, get_args

from medmassage.clinical import vocabulary
from medmassage.clinical.knowledge_entry import Entry, KnowledgeError, read_toml
from medmassage.clinical.knowledge_sources import POLICY, Source, packaged_sources

ScoringMethod = Literal["sum", "percent_of_range", "mean", "weighted_subscales"]
BandBasis = Literal["score", "prorated_raw_sum"]
SCORING_METHODS: tuple[ScoringMethod, ...] = get_args(ScoringMethod)
BAND_BASES: tuple[BandBasis, ...] = get_args(BandBasis)


class MeasureError(ValueError):
    """A measure cannot be scored or compared."""


class InvalidInput(MeasureError):
    """The input itself is wrong (unknown instrument, bad count, value or range)."""


class UnknownInstrument(InvalidInput):
    """No instrument has this id."""


FILE = "instruments.toml"


class InstrumentDataError(KnowledgeError):
    """instruments.toml has a broken entry; the message names the instrument and the field."""


@dataclass(frozen=True, kw_only=True)
class Rule:
    """Where a rule comes from: its sources, and whether it is a project policy (and why)."""

    sources: tuple[str, ...]
    policy: bool = False
    rationale: str | None = None


@dataclass(frozen=True, kw_only=True)
class Items:
    """The items of an instrument, in order, and the response values they allow."""

    labels: tuple[str, ...]
    min_count: int
    responses: tuple[int, ...]
    reverse: tuple[int, ...]  # one-based; scored as min + max - x
    # The project's own words beside each response value ("" for the number alone); never
    # the licensed wording of a questionnaire.
    answers: tuple[str, ...] = ()

    def answer_words(self, value: int) -> str:
        """The words beside a response value, or "" when it reads as its number alone."""
        if value in self.responses and self.answers:
            return self.answers[self.responses.index(value)]
        return ""

    @property
    def max_count(self) -> int:
        return len(self.labels)


@dataclass(frozen=True, kw_only=True)
class Subscale:
    """A contiguous block of items (one-based, inclusive) weighted by 1/divisor."""

    id: str
    label: str
    first: int
    last: int
    divisor: int
    max_missing: int

    @property
    def item_count(self) -> int:
        return self.last - self.first + 1


@dataclass(frozen=True, kw_only=True)
class ScoringRule(Rule):
    method: ScoringMethod
    formula: str
    subscales: tuple[Subscale, ...] = ()


@dataclass(frozen=True, kw_only=True)
class MissingRule(Rule):
    max_missing: int
    min_answered: int
    prorate: bool


@dataclass(frozen=True, kw_only=True)
class Band:
    """A band covering (upper of the band before, upper]; the first starts at the minimum."""

    label: str
    upper: float


@dataclass(frozen=True, kw_only=True)
class BandRule(Rule):
    basis: BandBasis
    levels: tuple[Band, ...]


@dataclass(frozen=True, kw_only=True)
class Mcid(Rule):
    """The clinically important change; `points` is None where none is established."""

    points: float | None
    percent_of_baseline: float | None
    item_points: float | None
    label: str = "clinically important change"


@dataclass(frozen=True, kw_only=True)
class Instrument:
    """One outcome instrument with its scoring rules and where each comes from."""

    id: str
    name: str
    unit: str
    min: float
    max: float
    higher_is_better: bool
    items: Items
    scoring: ScoringRule
    missing: MissingRule
    bands: BandRule
    mcid: Mcid
    loinc_panel: str | None
    loinc_score: str | None
    notes: str | None
    always: bool
    suits_regions: tuple[str, ...]
    suits_conditions: tuple[str, ...]
    sources: tuple[str, ...]

    def contains(self, value: float) -> bool:
        """Whether a score lies inside the instrument's range."""
        return self.min <= value <= self.max


def _sources(table: Entry, known: Mapping[str, Source]) -> tuple[str, ...]:
    """The citations of the table's source ids (each a known source)."""
    ids = table.texts("sources")
    unknown = [source for source in ids if source not in known]
    if unknown:
        raise table.fail("sources", f"unknown source {unknown[0]!r}")
    return tuple(known[source].citation for source in ids)


def _rule(table: Entry, known: Mapping[str, Source]) -> dict[str, Any]:
    policy = table.flag("policy")
    rationale = table.optional_text("rationale")
    if policy and rationale is None:
        raise table.fail("rationale", "a policy needs a rationale")
    sources = _sources(table, known)
    if policy and known[POLICY].citation not in sources:
        raise table.fail("sources", "a policy must cite 'policy'")
    return {"sources": sources, "policy": policy, "rationale": rationale}


def _read_items(table: Entry) -> Items:
    labels = table.texts("labels")
    min_count = table.integer("min_count", len(labels))
    responses = table.integers("responses")
    reverse = table.integers("reverse", [])
    answers = tuple(table.get("answers", list, []))
    table.done()
    if not labels or not 1 <= min_count <= len(labels):
        raise table.fail("min_count", f"must be between 1 and {len(labels)} items")
    if len(responses) < 2 or list(responses) != sorted(set(responses)):
        raise table.fail("responses", "expected at least two increasing values")
    if len(set(reverse)) != len(reverse) or not all(1 <= i <= len(labels) for i in reverse):
        raise table.fail("reverse", f"expected distinct item numbers 1 to {len(labels)}")
    if answers and (len(answers) != len(responses) or not all(isinstance(a, str) for a in answers)):
        raise table.fail("answers", f"expected {len(responses)} texts, one per response value")
    return Items(
        labels=labels,
        min_count=min_count,
        responses=responses,
        reverse=reverse,
        answers=answers,
    )


def _read_subscale(table: Entry) -> Subscale:
    subscale = Subscale(
        id=table.text("id"),
        label=table.text("label"),
        first=table.integer("first"),
        last=table.integer("last"),
        divisor=table.integer("divisor"),
        max_missing=table.integer("max_missing"),
    )
    table.done()
    if subscale.first < 1 or subscale.item_count < 1 or subscale.divisor < 1:
        raise table.fail("first", "expected 1 <= first <= last and a positive divisor")
    if not 0 <= subscale.max_missing < subscale.item_count:
        raise table.fail("max_missing", f"must be between 0 and {subscale.item_count - 1}")
    return subscale


def _read_scoring(table: Entry, items: Items, known: Mapping[str, Source]) -> ScoringRule:
    method = table.text("method")
    if method not in SCORING_METHODS:
        raise table.fail("method", f"expected one of {', '.join(SCORING_METHODS)}")
    subscales = tuple(_read_subscale(t) for t in table.tables("subscales", []))
    rule = ScoringRule(
        method=method,
        formula=table.text("formula"),
        subscales=subscales,
        **_rule(table, known),
    )
    table.done()
    covered = [i for s in subscales for i in range(s.first, s.last + 1)]
    if (method == "weighted_subscales") != bool(subscales):
        raise table.fail("subscales", "needed by weighted_subscales and only by it")
    if subscales and covered != list(range(1, items.max_count + 1)):
        raise table.fail("subscales", "must cover every item once, in order")
    if subscales and items.min_count != items.max_count:
        raise table.fail("subscales", "need a fixed item count")
    return rule


def _read_missing(
    table: Entry, items: Items, scoring: ScoringRule, known: Mapping[str, Source]
) -> MissingRule:
    rule = MissingRule(
        max_missing=table.integer("max_missing"),
        min_answered=table.integer("min_answered", 1),
        prorate=table.flag("prorate"),
        **_rule(table, known),
    )
    table.done()
    if not 0 <= rule.max_missing < items.max_count:
        raise table.fail("max_missing", f"must be between 0 and {items.max_count - 1}")
    if not 1 <= rule.min_answered <= items.max_count:
        raise table.fail("min_answered", f"must be between 1 and {items.max_count}")
    if scoring.method == "sum" and rule.max_missing and not rule.prorate:
        raise table.fail("prorate", "a sum with missing items must be prorated")
    return rule


def _read_bands(
    table: Entry,
    items: Items,
    scoring: ScoringRule,
    *,
    low: float,
    high: float,
    known: Mapping[str, Source],
) -> BandRule:
    basis = table.text("basis")
    if basis not in BAND_BASES:
        raise table.fail("basis", f"expected one of {', '.join(BAND_BASES)}")
    if basis == "prorated_raw_sum" and scoring.method == "weighted_subscales":
        raise table.fail("basis", "a raw sum needs unweighted items")
    levels = []
    for level in table.tables("levels"):
        levels.append(Band(label=level.text("label"), upper=level.number("upper")))
        level.done()
    rule = BandRule(basis=basis, levels=tuple(levels), **_rule(table, known))
    table.done()
    bottom, top = low, high
    if basis == "prorated_raw_sum":
        bottom, top = items.responses[0] * items.max_count, items.responses[-1] * items.max_count
    uppers = [band.upper for band in levels]
    if uppers != sorted(set(uppers)) or (uppers and uppers[-1] != top):
        raise table.fail("levels", f"uppers must increase and the last must be {top:g}")
    if uppers and uppers[0] < bottom:
        raise table.fail("levels", f"the first upper is below the lowest value {bottom:g}")
    return rule


def _read_mcid(table: Entry, known: Mapping[str, Source]) -> Mcid:
    rule = Mcid(
        points=table.optional_number("points"),
        percent_of_baseline=table.optional_number("percent_of_baseline"),
        item_points=table.optional_number("item_points"),
        label=table.optional_text("label") or "clinically important change",
        **_rule(table, known),
    )
    table.done()
    if rule.points is None and not rule.policy:
        raise table.fail("points", "missing: with no established change, mark it a policy")
    if rule.points is not None and rule.points <= 0:
        raise table.fail("points", "must be positive")
    if rule.percent_of_baseline is not None and not 0 < rule.percent_of_baseline <= 100:
        raise table.fail("percent_of_baseline", "must be a percentage above 0")
    return rule


def _read_regions(table: Entry) -> tuple[str, ...]:
    if table.flag("suits_all_regions"):
        table.strs("suits_regions")  # marks it read; the flag wins
        return vocabulary.REGIONS
    regions = table.strs("suits_regions")
    unknown = [region for region in regions if region not in vocabulary.REGIONS]
    if unknown:
        raise table.fail("suits_regions", f"unknown body region {unknown[0]!r}")
    return regions


def _read_instrument(instrument_id: str, table: Entry, known: Mapping[str, Source]) -> Instrument:
    low, high = table.number("min"), table.number("max")
    if low >= high:
        raise table.fail("max", "must be above min")
    items = _read_items(table.table("items"))
    scoring = _read_scoring(table.table("scoring"), items, known)
    bands = _read_bands(table.table("bands"), items, scoring, low=low, high=high, known=known)
    instrument = Instrument(
        id=instrument_id,
        name=table.text("name"),
        unit=table.text("unit"),
        min=low,
        max=high,
        higher_is_better=table.flag("higher_is_better"),
        items=items,
        scoring=scoring,
        missing=_read_missing(table.table("missing"), items, scoring, known),
        bands=bands,
        mcid=_read_mcid(table.table("mcid"), known),
        loinc_panel=table.optional_text("loinc_panel"),
        loinc_score=table.optional_text("loinc_score"),
        notes=table.optional_text("notes"),
        always=table.flag("always"),
        suits_regions=_read_regions(table),
        suits_conditions=table.strs("suits_conditions"),
        sources=_sources(table, known),
    )
    table.done()
    return instrument


def parse_instruments(
    data: Mapping[str, Any], sources: Mapping[str, Source] | None = None
) -> Mapping[str, Instrument]:
    """Check parsed instruments.toml and build the instruments, or raise InstrumentDataError."""
    known = packaged_sources() if sources is None else sources
    ids = set(data)
    if ids != set(vocabulary.INSTRUMENTS):
        missing = sorted(set(vocabulary.INSTRUMENTS) - ids)
        extra = sorted(ids - set(vocabulary.INSTRUMENTS))
        raise InstrumentDataError(f"{FILE}: missing {missing}, not in the vocabulary {extra}")
    built = {
        key: _read_instrument(
            key, Entry(f"{FILE}: {key}", data[key], error=InstrumentDataError), known
        )
        for key in vocabulary.INSTRUMENTS
    }
    return MappingProxyType(built)


def _load() -> Mapping[str, Instrument]:
    return parse_instruments(
        read_toml(Path(__file__).parent / "knowledge" / FILE, InstrumentDataError)
    )


INSTRUMENTS: Mapping[str, Instrument] = _load()


def get_instrument(instrument_id: str) -> Instrument:
    """Return the instrument with this id, or raise UnknownInstrument naming the known ones."""
    try:
        return INSTRUMENTS[instrument_id]
    except (KeyError, TypeError):
        known = ", ".join(INSTRUMENTS)
        raise UnknownInstrument(f"unknown instrument {instrument_id!r}; known: {known}") from None
