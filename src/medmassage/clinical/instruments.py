"""The outcome instruments of knowledge/instruments.toml, loaded and checked once at import."""

from __future__ import annotations

import math
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from importlib.resources import files
from types import MappingProxyType
from typing import Any, Literal, cast, get_args

from medmassage.clinical import vocabulary

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


class InstrumentDataError(Exception):
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


class _Table:
    """One TOML table being read: each error names where it is, unknown keys are errors."""

    def __init__(self, data: object, where: str) -> None:
        if not isinstance(data, dict):
            raise InstrumentDataError(f"instruments.toml: {where}: expected a table")
        self.data: dict[str, Any] = data
        self.where = where
        self.read: set[str] = set()

    def error(self, key: str, problem: str) -> InstrumentDataError:
        return InstrumentDataError(f"instruments.toml: {self.where}.{key}: {problem}")

    def get(self, key: str, kind: type | tuple[type, ...], what: str, default: Any = None) -> Any:
        """The value of `key`, checked to be of `kind`; required unless a default is given."""
        self.read.add(key)
        if key not in self.data:
            if default is None:
                raise self.error(key, "missing")
            return default
        value = self.data[key]
        # TOML booleans are ints to isinstance; a flag is never a valid count or number.
        if (isinstance(value, bool) and kind is not bool) or not isinstance(value, kind):
            raise self.error(key, f"expected {what}, got {value!r}")
        return value

    def text(self, key: str) -> str:
        value = cast(str, self.get(key, str, "text"))
        if not value.strip():
            raise self.error(key, "must not be empty")
        return value

    def optional_text(self, key: str) -> str | None:
        self.read.add(key)
        return self.text(key) if key in self.data else None

    def number(self, key: str) -> float:
        value = self.get(key, (int, float), "a number")
        if not math.isfinite(value):
            raise self.error(key, "must be finite")
        return float(value)

    def optional_number(self, key: str) -> float | None:
        self.read.add(key)
        return self.number(key) if key in self.data else None

    def integer(self, key: str, default: int | None = None) -> int:
        return cast(int, self.get(key, int, "an integer", default))

    def flag(self, key: str, default: bool = False) -> bool:
        return cast(bool, self.get(key, bool, "true or false", default))

    def texts(self, key: str, default: list[str] | None = None) -> tuple[str, ...]:
        values = self.get(key, list, "a list", default)
        if not all(isinstance(value, str) and value.strip() for value in values):
            raise self.error(key, "expected a list of non-empty texts")
        return tuple(values)

    def integers(self, key: str, default: list[int] | None = None) -> tuple[int, ...]:
        values = self.get(key, list, "a list", default)
        if not all(isinstance(v, int) and not isinstance(v, bool) for v in values):
            raise self.error(key, "expected a list of integers")
        return tuple(values)

    def table(self, key: str) -> _Table:
        return _Table(self.get(key, dict, "a table"), f"{self.where}.{key}")

    def tables(self, key: str, default: list[Any] | None = None) -> tuple[_Table, ...]:
        values = self.get(key, list, "a list of tables", default)
        return tuple(_Table(v, f"{self.where}.{key}[{i}]") for i, v in enumerate(values))

    def done(self) -> None:
        unknown = sorted(set(self.data) - self.read)
        if unknown:
            raise self.error(unknown[0], "unknown field")


def _sources(table: _Table) -> tuple[str, ...]:
    sources = table.texts("sources")
    if not sources:
        raise table.error("sources", "needs at least one source")
    return sources


def _rule(table: _Table) -> dict[str, Any]:
    policy = table.flag("policy")
    rationale = table.optional_text("rationale")
    if policy and rationale is None:
        raise table.error("rationale", "a policy needs a rationale")
    return {"sources": _sources(table), "policy": policy, "rationale": rationale}


def _read_items(table: _Table) -> Items:
    labels = table.texts("labels")
    min_count = table.integer("min_count", len(labels))
    responses = table.integers("responses")
    reverse = table.integers("reverse", [])
    table.done()
    if not labels or not 1 <= min_count <= len(labels):
        raise table.error("min_count", f"must be between 1 and {len(labels)} items")
    if len(responses) < 2 or list(responses) != sorted(set(responses)):
        raise table.error("responses", "expected at least two increasing values")
    if len(set(reverse)) != len(reverse) or not all(1 <= i <= len(labels) for i in reverse):
        raise table.error("reverse", f"expected distinct item numbers 1 to {len(labels)}")
    return Items(labels=labels, min_count=min_count, responses=responses, reverse=reverse)


def _read_subscale(table: _Table) -> Subscale:
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
        raise table.error("first", "expected 1 <= first <= last and a positive divisor")
    if not 0 <= subscale.max_missing < subscale.item_count:
        raise table.error("max_missing", f"must be between 0 and {subscale.item_count - 1}")
    return subscale


def _read_scoring(table: _Table, items: Items) -> ScoringRule:
    method = table.text("method")
    if method not in SCORING_METHODS:
        raise table.error("method", f"expected one of {', '.join(SCORING_METHODS)}")
    subscales = tuple(_read_subscale(t) for t in table.tables("subscales", []))
    rule = ScoringRule(
        method=method,
        formula=table.text("formula"),
        subscales=subscales,
        **_rule(table),
    )
    table.done()
    covered = [i for s in subscales for i in range(s.first, s.last + 1)]
    if (method == "weighted_subscales") != bool(subscales):
        raise table.error("subscales", "needed by weighted_subscales and only by it")
    if subscales and covered != list(range(1, items.max_count + 1)):
        raise table.error("subscales", "must cover every item once, in order")
    if subscales and items.min_count != items.max_count:
        raise table.error("subscales", "need a fixed item count")
    return rule


def _read_missing(table: _Table, items: Items, scoring: ScoringRule) -> MissingRule:
    rule = MissingRule(
        max_missing=table.integer("max_missing"),
        min_answered=table.integer("min_answered", 1),
        prorate=table.flag("prorate"),
        **_rule(table),
    )
    table.done()
    if not 0 <= rule.max_missing < items.max_count:
        raise table.error("max_missing", f"must be between 0 and {items.max_count - 1}")
    if not 1 <= rule.min_answered <= items.max_count:
        raise table.error("min_answered", f"must be between 1 and {items.max_count}")
    if scoring.method == "sum" and rule.max_missing and not rule.prorate:
        raise table.error("prorate", "a sum with missing items must be prorated")
    return rule


def _read_bands(
    table: _Table, items: Items, scoring: ScoringRule, *, low: float, high: float
) -> BandRule:
    basis = table.text("basis")
    if basis not in BAND_BASES:
        raise table.error("basis", f"expected one of {', '.join(BAND_BASES)}")
    if basis == "prorated_raw_sum" and scoring.method == "weighted_subscales":
        raise table.error("basis", "a raw sum needs unweighted items")
    levels = []
    for level in table.tables("levels"):
        levels.append(Band(label=level.text("label"), upper=level.number("upper")))
        level.done()
    rule = BandRule(basis=basis, levels=tuple(levels), **_rule(table))
    table.done()
    bottom, top = low, high
    if basis == "prorated_raw_sum":
        bottom, top = items.responses[0] * items.max_count, items.responses[-1] * items.max_count
    uppers = [band.upper for band in levels]
    if uppers != sorted(set(uppers)) or (uppers and uppers[-1] != top):
        raise table.error("levels", f"uppers must increase and the last must be {top:g}")
    if uppers and uppers[0] < bottom:
        raise table.error("levels", f"the first upper is below the lowest value {bottom:g}")
    return rule


def _read_mcid(table: _Table) -> Mcid:
    rule = Mcid(
        points=table.optional_number("points"),
        percent_of_baseline=table.optional_number("percent_of_baseline"),
        item_points=table.optional_number("item_points"),
        **_rule(table),
    )
    table.done()
    if rule.points is None and not rule.policy:
        raise table.error("points", "missing: with no established change, mark it a policy")
    if rule.points is not None and rule.points <= 0:
        raise table.error("points", "must be positive")
    if rule.percent_of_baseline is not None and not 0 < rule.percent_of_baseline <= 100:
        raise table.error("percent_of_baseline", "must be a percentage above 0")
    return rule


def _read_regions(table: _Table) -> tuple[str, ...]:
    if table.flag("suits_all_regions"):
        table.texts("suits_regions", [])  # marks it read; the flag wins
        return vocabulary.REGIONS
    regions = table.texts("suits_regions", [])
    unknown = [region for region in regions if region not in vocabulary.REGIONS]
    if unknown:
        raise table.error("suits_regions", f"unknown body region {unknown[0]!r}")
    return regions


def _read_instrument(instrument_id: str, table: _Table) -> Instrument:
    low, high = table.number("min"), table.number("max")
    if low >= high:
        raise table.error("max", "must be above min")
    items = _read_items(table.table("items"))
    scoring = _read_scoring(table.table("scoring"), items)
    bands = _read_bands(table.table("bands"), items, scoring, low=low, high=high)
    instrument = Instrument(
        id=instrument_id,
        name=table.text("name"),
        unit=table.text("unit"),
        min=low,
        max=high,
        higher_is_better=table.flag("higher_is_better"),
        items=items,
        scoring=scoring,
        missing=_read_missing(table.table("missing"), items, scoring),
        bands=bands,
        mcid=_read_mcid(table.table("mcid")),
        loinc_panel=table.optional_text("loinc_panel"),
        loinc_score=table.optional_text("loinc_score"),
        notes=table.optional_text("notes"),
        always=table.flag("always"),
        suits_regions=_read_regions(table),
        suits_conditions=table.texts("suits_conditions", []),
        sources=_sources(table),
    )
    table.done()
    return instrument


def parse_instruments(data: Mapping[str, Any]) -> Mapping[str, Instrument]:
    """Check parsed instruments.toml and build the instruments, or raise InstrumentDataError."""
    ids = set(data)
    if ids != set(vocabulary.INSTRUMENTS):
        missing = sorted(set(vocabulary.INSTRUMENTS) - ids)
        extra = sorted(ids - set(vocabulary.INSTRUMENTS))
        raise InstrumentDataError(
            f"instruments.toml: missing {missing}, not in the vocabulary {extra}"
        )
    built = {key: _read_instrument(key, _Table(data[key], key)) for key in vocabulary.INSTRUMENTS}
    return MappingProxyType(built)


def _load() -> Mapping[str, Instrument]:
    text = files("medmassage.clinical").joinpath("knowledge", "instruments.toml").read_text("utf-8")
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise InstrumentDataError(f"instruments.toml is not valid TOML: {error}") from error
    return parse_instruments(data)


INSTRUMENTS: Mapping[str, Instrument] = _load()


def get_instrument(instrument_id: str) -> Instrument:
    """Return the instrument with this id, or raise UnknownInstrument naming the known ones."""
    try:
        return INSTRUMENTS[instrument_id]
    except (KeyError, TypeError):
        known = ", ".join(INSTRUMENTS)
        raise UnknownInstrument(f"unknown instrument {instrument_id!r}; known: {known}") from None
