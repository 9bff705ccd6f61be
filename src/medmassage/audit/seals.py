"""Seals: a keyed digest of a finished record's content, made once and checked on every read.

The apps that own sealed records say what their content is (`register`) and seal it when it
becomes final (`seal`); every read checks it (`check_seal`). A mismatch, or a final record
without its seal, is reported to the reader (a warning on the page, `integrity` in the API)
and written to the audit trail as `integrity.seal.broken`.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.db import models, transaction
from django.utils import timezone
from django.utils.text import capfirst

from medmassage.audit.models import Seal
from medmassage.audit.services import record_event
from medmassage.integrity.keys import IntegrityKey, keyring

if TYPE_CHECKING:
    from medmassage.accounts.actors import Actor

BROKEN_ACTION = "integrity.seal.broken"


def _plain(value: object) -> object:
    if isinstance(value, datetime):
        return value.astimezone(UTC).isoformat(timespec="microseconds")
    if isinstance(value, date | Decimal):
        return str(value)
    raise TypeError(f"cannot seal a {type(value).__name__}")


def canonical(subject_type: str, subject_id: str, clinic_id: int, content: object) -> bytes:
    """The bytes a seal's digest covers: what the record is, whose, and its content."""
    document = {"type": subject_type, "id": subject_id, "clinic": clinic_id, "content": content}
    text = json.dumps(document, sort_keys=True, separators=(",", ":"), default=_plain)
    return text.encode()


def digest_of(subject: models.Model, content: object, key: IntegrityKey) -> str:
    clinic_id = int(getattr(subject, "clinic_id"))  # noqa: B009 - every sealed row has one
    return key.mac(canonical(subject._meta.label_lower, str(subject.pk), clinic_id, content))


def seal(subject: models.Model, content: object) -> Seal:
    """Seal a record that has just become final; call inside the transaction that made it so."""
    key = keyring().current
    return Seal.objects.create(
        clinic_id=int(getattr(subject, "clinic_id")),  # noqa: B009
        subject_type=subject._meta.label_lower,
        subject_id=str(subject.pk),
        key_id=key.key_id,
        digest=digest_of(subject, content, key),
        sealed_at=timezone.now(),
    )


@dataclass(frozen=True)
class SealCheck:
    subject: str  # e.g. "visits.visit 12" (the API's and the audit trail's name for it)
    problem: str = ""
    what: str = ""  # e.g. "Visit 12", for pages and PDFs

    @property
    def ok(self) -> bool:
        return not self.problem


def checked(subject: models.Model, problem: str = "") -> SealCheck:
    """A check's result for one record, named for the API and for people."""
    name = f"{subject._meta.label_lower} {subject.pk}"
    return SealCheck(name, problem, f"{capfirst(subject._meta.verbose_name)} {subject.pk}")


def _seals_of(subjects: Iterable[models.Model]) -> dict[tuple[str, str], Seal]:
    wanted = models.Q(pk__in=[])
    for subject in subjects:
        wanted |= models.Q(subject_type=subject._meta.label_lower, subject_id=str(subject.pk))
    return {(s.subject_type, s.subject_id): s for s in Seal.objects.filter(wanted)}


def verify_content(
    subject: models.Model, content: object, *, seals: dict[tuple[str, str], Seal] | None = None
) -> SealCheck:
    """Compare a record's content with its seal; no audit, no side effects."""
    seals = _seals_of([subject]) if seals is None else seals
    found = seals.get((subject._meta.label_lower, str(subject.pk)))
    if found is None:
        return checked(
            subject, "it has no seal: it may have been made or changed outside MedMassage"
        )
    key = keyring().get(found.key_id)
    if key is None:
        return checked(subject, f"its seal was made with key {found.key_id}, not in the key ring")
    if found.digest != digest_of(subject, content, key):
        return checked(subject, "its content no longer matches its seal: it was changed")
    return checked(subject)


def check_seals(records: list[tuple[models.Model, object]], *, by: Actor | None) -> list[SealCheck]:
    """Check records (with their content) as they are read, their seals fetched at once; each
    broken seal is written to the audit trail."""
    seals = _seals_of(subject for subject, _content in records)
    results = []
    for subject, content in records:
        result = verify_content(subject, content, seals=seals)
        if not result.ok:
            record_broken(subject, result, by=by)
        results.append(result)
    return results


def record_broken(subject: models.Model, result: SealCheck, *, by: Actor | None) -> None:
    """Write a failed check of a sealed record to the audit trail."""
    with transaction.atomic():
        record_event(
            action=BROKEN_ACTION,
            by=by,
            clinic=int(getattr(subject, "clinic_id")),  # noqa: B009
            subject=subject,
            details={"problem": result.problem, "severity": "high"},
        )


def check_seal(subject: models.Model, content: object, *, by: Actor | None) -> SealCheck:
    """Check one record as it is read (see `check_seals`)."""
    return check_seals([(subject, content)], by=by)[0]


# --- What each app seals ----------------------------------------------------------------------


@dataclass(frozen=True)
class SealedKind:
    """A kind of final record: which rows must be sealed, and each one's content."""

    subject_type: str
    final_rows: Callable[[], Iterable[models.Model]]
    content: Callable[[Any], object]


SEALED_KINDS: dict[str, SealedKind] = {}


def register(kind: SealedKind) -> None:
    """Called by the app that owns the records, from its AppConfig.ready()."""
    SEALED_KINDS[kind.subject_type] = kind


def verify_all_seals() -> tuple[int, list[SealCheck]]:
    """Every final record of every registered kind against its seal: (checked, broken)."""
    checked, broken = 0, []
    for kind in SEALED_KINDS.values():
        for row in kind.final_rows():
            checked += 1
            result = verify_content(row, kind.content(row))
            if not result.ok:
                broken.append(result)
    return checked, broken
