"""One knowledge-file table read field by field, every error naming file, entry and key."""

from __future__ import annotations

from collections.abc import Collection, Mapping
from typing import Any, TypeVar

from medmassage.clinical.knowledge_model import Source

T = TypeVar("T")
# Keys of a table of entries that describe the table itself (its policy status and sources).
META_KEYS = frozenset({"policy", "rationale", "sources"})


class KnowledgeError(ValueError):
    """A knowledge file is missing, malformed or inconsistent; the message names file and entry."""


class Entry:
    """One TOML table read field by field, every error naming its file, entry and key."""

    def __init__(self, where: str, data: object) -> None:
        if not isinstance(data, dict):
            raise KnowledgeError(f"{where}: expected a table")
        self.where = where
        self.data: dict[str, Any] = data

    def fail(self, key: str, message: str) -> KnowledgeError:
        """An error naming this entry's key."""
        return KnowledgeError(f"{self.where}.{key}: {message}")

    def get(self, key: str, kind: type[T], default: T | None = None) -> T:
        """A required (or defaulted) value of the given type."""
        if key not in self.data:
            if default is None:
                raise self.fail(key, "is required")
            return default
        value = self.data[key]
        if kind is float and isinstance(value, int) and not isinstance(value, bool):
            value = float(value)
        if not isinstance(value, kind) or (kind is int and isinstance(value, bool)):
            raise self.fail(key, f"expected {kind.__name__}, got {value!r}")
        return value

    def strs(
        self, key: str, allowed: Collection[str] | None = None, *, required: bool = False
    ) -> tuple[str, ...]:
        """A list of strings, each optionally one of `allowed`."""
        if key not in self.data and not required:
            return ()
        values = self.get(key, list)
        for value in values:
            if not isinstance(value, str):
                raise self.fail(key, f"expected strings, got {value!r}")
            if allowed is not None and value not in allowed:
                raise self.fail(key, f"unknown {value!r}")
        return tuple(values)

    def one_of(self, key: str, allowed: Collection[str], default: str | None = None) -> str:
        """A string that must be one of `allowed`."""
        value = self.get(key, str, default)
        if value not in allowed:
            raise self.fail(key, f"{value!r} is not one of {', '.join(sorted(allowed))}")
        return value

    def sources(self, known: Mapping[str, Source]) -> tuple[str, ...]:
        """The non-empty list of source ids, each known; `policy = true` must cite `policy`."""
        ids = self.strs("sources", known, required=True)
        if not ids:
            raise self.fail("sources", "must name at least one source")
        if self.get("policy", bool, False) and "policy" not in ids:
            raise self.fail("sources", "a policy entry must cite 'policy'")
        return ids
