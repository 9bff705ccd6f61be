"""Search keys for finding a client fast: normalised names and phone digits, prefix-matched.

A clinic with 100,000 clients must find "ló" or "555-01" without scanning the table, so each
client carries keys that a B-tree index beginning with the clinic can answer with a prefix
(range) lookup: names lower-cased with accents and punctuation stripped, and the phone's
digits reversed (see `phone_key`).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db import models
from django.db.models import Lookup

_APOSTROPHES = "'’ʼ`´"  # noqa: RUF001 - the typographic apostrophes people type in names
_NON_KEY = re.compile(r"[^\w]+|_")
_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
MIN_PHONE_DIGITS = 3


def name_key(text: str) -> str:
    """Lower-case, accent-free words of a name: "O'Néill-Smith" -> "oneill smith"."""
    decomposed = unicodedata.normalize("NFKD", text)
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    for apostrophe in _APOSTROPHES:
        stripped = stripped.replace(apostrophe, "")
    return " ".join(_NON_KEY.sub(" ", stripped.casefold()).split())


def phone_digits(text: str) -> str:
    """The digits of a phone number, in order."""
    return "".join(ch for ch in text if ch.isdigit() and ch.isascii())


def phone_key(text: str) -> str:
    """The phone's digits reversed.

    People type the end of a number (the last digits, or the number without its country or
    area code); matching the end is a prefix lookup on the reversed digits.
    """
    return phone_digits(text)[::-1]


@dataclass(frozen=True)
class SearchTerms:
    """What to look for; empty parts match everyone."""

    name_words: tuple[str, ...] = ()
    date_of_birth: date | None = None
    phone: str = ""  # reversed digits, as stored in Client.phone_key

    @property
    def is_empty(self) -> bool:
        return not (self.name_words or self.date_of_birth or self.phone)


def build_terms(*, q: str = "", dob: date | None = None, phone: str = "") -> SearchTerms:
    """Search terms from a free-text box (a name, an ISO date or a phone) and explicit fields."""
    words = tuple(name_key(q).split())
    text = q.strip()
    if text and not any(ch.isalpha() for ch in text):
        typed_date = _parse_date(text) if _ISO_DATE.match(text) else None
        if typed_date is not None and dob is None:
            dob, words = typed_date, ()
        elif len(phone_digits(text)) >= MIN_PHONE_DIGITS and not phone:
            phone, words = text, ()
    return SearchTerms(name_words=words, date_of_birth=dob, phone=phone_key(phone))


def _parse_date(text: str) -> date | None:
    try:
        return date.fromisoformat(text)
    except ValueError:
        return None


class SearchKeyField(models.CharField[str, str]):
    """A normalised key (only letters, digits and spaces) that supports `__prefix` lookups."""


@SearchKeyField.register_lookup
class Prefix(Lookup[str]):
    """`key LIKE 'abc%'`, written so that each database answers it from a B-tree index.

    PostgreSQL does with LIKE on a `varchar_pattern_ops` index; SQLite's case-insensitive LIKE
    cannot use an ordinary index, but its case-sensitive GLOB can (keys are lower-case).
    """

    lookup_name = "prefix"
    prepare_rhs = False

    def as_sql(self, compiler: Any, connection: Any) -> tuple[str, tuple[Any, ...]]:
        lhs, lhs_params = self.process_lhs(compiler, connection)
        escaped = str(self.rhs).replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
        return f"{lhs} LIKE %s", (*lhs_params, escaped + "%")

    def as_sqlite(self, compiler: Any, connection: Any) -> tuple[str, list[Any]]:
        lhs, lhs_params = self.process_lhs(compiler, connection)
        escaped = re.sub(r"([*?\[])", r"[\1]", str(self.rhs))
        return f"{lhs} GLOB %s", [*lhs_params, escaped + "*"]
