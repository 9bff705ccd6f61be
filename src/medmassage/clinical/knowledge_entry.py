"""The one reader of knowledge-file tables: each value read by type, every error naming the file,
the entry and the key, and keys nobody reads reported as unknown.

knowledge.py, instruments.py and range_of_motion.py all read their TOML through `Entry`, so a
broken file fails the same way whichever part of the knowledge base it belongs to.
"""

from __future__ import annotations

import math
import tomllib
from collections.abc import Collection, Mapping
from pathlib import Path
from typing import Any, TypeVar

T = TypeVar("T")
# Keys of a table of entries that describe the table itself (its policy status and sources).
META_KEYS = frozenset({"policy", "rationale", "sources"})


class KnowledgeError(ValueError):
    """A knowledge file is missing, malformed or inconsistent; the message names file and entry."""


def read_toml(path: Path, error: type[KnowledgeError] = KnowledgeError) -> dict[str, Any]:
    """A TOML file as a dict, or `error` naming the file."""
    try:
        with path.open("rb") as handle:
            return tomllib.load(handle)
    except (OSError, tomllib.TOMLDecodeError) as problem:
        raise error(f"{path.name}: {problem}") from problem


class Entry:
    """One TOML table read field by field; `where` is "file: path.to.table"."""

    def __init__(
        self, where: str, data: object, *, error: type[KnowledgeError] = KnowledgeError
    ) -> None:
        if not isinstance(data, dict):
            raise error(f"{where}: expected a table")
        self.where = where
        self.data: dict[str, Any] = data
        self.error = error
        self.read: set[str] = set()

    def fail(self, key: str, problem: str) -> KnowledgeError:
        """An error naming this entry's key."""
        return self.error(f"{self.where}.{key}: {problem}")

    def child(self, key: str, data: object) -> Entry:
        """A nested table, named below this one."""
        return Entry(f"{self.where}.{key}", data, error=self.error)

    # --- Single values ----------------------------------------------------------------------

    def get(self, key: str, kind: type[T], default: T | None = None) -> T:
        """A required (or defaulted) value of the given type; TOML booleans are never numbers."""
        self.read.add(key)
        if key not in self.data:
            if default is None:
                raise self.fail(key, "missing")
            return default
        value = self.data[key]
        if kind is float and isinstance(value, int) and not isinstance(value, bool):
            value = float(value)
        if not isinstance(value, kind) or (kind is not bool and isinstance(value, bool)):
            raise self.fail(key, f"expected {_kind_name(kind)}, got {value!r}")
        return value

    def text(self, key: str) -> str:
        """A required, non-blank string."""
        value = self.get(key, str)
        if not value.strip():
            raise self.fail(key, "must not be empty")
        return value

    def optional_text(self, key: str) -> str | None:
        """A non-blank string, or None when the key is absent."""
        self.read.add(key)
        return self.text(key) if key in self.data else None

    def flag(self, key: str, default: bool = False) -> bool:
        """A boolean, `default` when absent."""
        return self.get(key, bool, default)

    def integer(self, key: str, default: int | None = None) -> int:
        """An integer (never a boolean)."""
        return self.get(key, int, default)

    def number(self, key: str) -> float:
        """A finite number."""
        value = self.get(key, float)
        if not math.isfinite(value):
            raise self.fail(key, "must be finite")
        return value

    def optional_number(self, key: str) -> float | None:
        """A finite number, or None when the key is absent."""
        self.read.add(key)
        return self.number(key) if key in self.data else None

    def one_of(self, key: str, allowed: Collection[str], default: str | None = None) -> str:
        """A string that must be one of `allowed`."""
        value = self.get(key, str, default)
        if value not in allowed:
            raise self.fail(key, f"{value!r} is not one of {', '.join(sorted(allowed))}")
        return value

    # --- Lists and tables ---------------------------------------------------------------------

    def strs(
        self, key: str, allowed: Collection[str] | None = None, *, required: bool = False
    ) -> tuple[str, ...]:
        """A list of strings, each optionally one of `allowed`; empty when absent."""
        self.read.add(key)
        if key not in self.data and not required:
            return ()
        values = self.get(key, list)
        for value in values:
            if not isinstance(value, str):
                raise self.fail(key, f"expected strings, got {value!r}")
            if allowed is not None and value not in allowed:
                raise self.fail(key, f"unknown {value!r}")
        return tuple(values)

    def texts(self, key: str, default: tuple[str, ...] | None = None) -> tuple[str, ...]:
        """A non-empty list of non-blank strings (`default` when absent, if given)."""
        self.read.add(key)
        if key not in self.data and default is not None:
            return default
        values = self.get(key, list)
        if not values or not all(isinstance(value, str) and value.strip() for value in values):
            raise self.fail(key, "expected a non-empty list of texts")
        return tuple(values)

    def integers(self, key: str, default: list[int] | None = None) -> tuple[int, ...]:
        """A list of integers."""
        values = self.get(key, list, default)
        if not all(isinstance(v, int) and not isinstance(v, bool) for v in values):
            raise self.fail(key, "expected a list of integers")
        return tuple(values)

    def table(self, key: str) -> Entry:
        """A required sub-table."""
        return self.child(key, self.get(key, dict))

    def tables(self, key: str, default: list[Any] | None = None) -> tuple[Entry, ...]:
        """A list of sub-tables, each named by its index."""
        values = self.get(key, list, default)
        return tuple(self.child(f"{key}[{index}]", value) for index, value in enumerate(values))

    def sources(self, known: Mapping[str, object]) -> tuple[str, ...]:
        """The non-empty list of source ids, each known; `policy = true` must cite `policy`."""
        ids = self.strs("sources", known, required=True)
        if not ids:
            raise self.fail("sources", "must name at least one source")
        if self.flag("policy") and "policy" not in ids:
            raise self.fail("sources", "a policy entry must cite 'policy'")
        self.read.add("rationale")
        return ids

    def done(self, *also: str) -> None:
        """Fail on the first key nobody read (a typo, or dead data); `also` are read elsewhere."""
        unknown = sorted(set(self.data) - self.read - set(also))
        if unknown:
            raise self.fail(unknown[0], "unknown key")


def _kind_name(kind: type) -> str:
    return {
        bool: "true or false",
        int: "an integer",
        float: "a number",
        str: "text",
        list: "a list",
        dict: "a table",
    }.get(kind, kind.__name__)
