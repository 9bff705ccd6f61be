"""knowledge/sources.toml: every reference a rule, evidence row or instrument may cite, each
checkable (authors, year, journal volume:pages or DOI/PMID; a book with edition and page) or
the one `policy` entry, and each marked as verified or not by the last citation audit."""

from __future__ import annotations

import functools
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from types import MappingProxyType

from medmassage.clinical.knowledge_entry import Entry, KnowledgeError, read_toml

FILE = "sources.toml"
KNOWLEDGE_DIR = Path(__file__).parent / "knowledge"
POLICY = "policy"
# What each kind of source must give to be checkable (FACTS.md's definition of a source).
REQUIRED: Mapping[str, tuple[str, ...]] = {
    "article": ("authors", "year", "journal"),
    "book": ("authors", "year", "title", "edition", "publisher", "pages"),
    "guideline": ("authors", "year", "title", "url"),
    "web": ("authors", "title", "url"),
    "regulation": ("title", "section", "url"),
    "standard": ("authors", "title", "version"),
    "policy": ("title",),
}
_FIELDS = (
    "kind",
    "authors",
    "year",
    "title",
    "journal",
    "volume",
    "pages",
    "doi",
    "pmid",
    "edition",
    "publisher",
    "section",
    "version",
    "url",
    "verified",
    "note",
)


@dataclass(frozen=True)
class Source:
    """A reference as printed, whether the audit could check it, and what it checked."""

    id: str
    citation: str
    kind: str = "policy"
    verified: bool = False
    note: str | None = None


def _text(entry: Entry, key: str) -> str | None:
    value = entry.data.get(key)
    entry.read.add(key)
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, str | int):
        raise entry.fail(key, f"expected text, got {value!r}")
    return str(value).strip() or None


def _citation(kind: str, f: Mapping[str, str | None]) -> str:
    """The printed reference, Vancouver-like."""
    if kind == "article":
        place = f"{f['volume']}:{f['pages']}" if f["volume"] and f["pages"] else f["volume"] or ""
        ids = "".join(
            part
            for part in (
                f" doi:{f['doi']}." if f["doi"] else "",
                f" PMID {f['pmid']}." if f["pmid"] else "",
            )
        )
        title = f" {f['title']}." if f["title"] else ""
        return f"{f['authors']}.{title} {f['journal']} {f['year']};{place}.{ids}"
    if kind == "book":
        return (
            f"{f['authors']}. {f['title']}. {f['edition']} ed. {f['publisher']}; {f['year']}. "
            f"{f['pages']}."
        )
    if kind in ("guideline", "web"):
        year = f" {f['year']}." if f["year"] else ""
        return f"{f['authors']}. {f['title']}.{year} {f['url']}"
    if kind == "regulation":
        return f"{f['title']}, {f['section']}. {f['url']}"
    if kind == "standard":
        return f"{f['authors']}. {f['title']} ({f['version']})."
    return str(f["title"])


def _source(source_id: str, entry: Entry) -> Source:
    kind = entry.one_of("kind", tuple(REQUIRED))
    fields = {key: _text(entry, key) for key in _FIELDS if key not in ("kind", "verified")}
    missing = [key for key in REQUIRED[kind] if not fields.get(key)]
    if missing:
        raise entry.fail(missing[0], f"missing: a {kind} source needs {', '.join(REQUIRED[kind])}")
    if kind == "article" and not (
        (fields["volume"] and fields["pages"]) or fields["doi"] or fields["pmid"]
    ):
        raise entry.fail("pages", "an article needs volume and pages, or a DOI or PMID")
    if (kind == "policy") != (source_id == POLICY):
        raise entry.fail("kind", "only the 'policy' entry is of kind policy")
    verified = entry.flag("verified")
    entry.done()
    return Source(source_id, _citation(kind, fields), kind, verified, fields["note"])


def parse_sources(document: Mapping[str, object]) -> Mapping[str, Source]:
    """Check the parsed sources.toml and build the sources (raises KnowledgeError)."""
    sources = {key: _source(key, Entry(f"{FILE}: {key}", data)) for key, data in document.items()}
    if POLICY not in sources:
        raise KnowledgeError(f"{FILE}: {POLICY}: missing (policies cite it)")
    return MappingProxyType(sources)


def load_sources(directory: Path = KNOWLEDGE_DIR) -> Mapping[str, Source]:
    """Read and check sources.toml in `directory`."""
    return parse_sources(read_toml(directory / FILE))


@functools.cache
def packaged_sources() -> Mapping[str, Source]:
    """The package's sources, read once (instruments and range of motion cite them at import)."""
    return load_sources()
