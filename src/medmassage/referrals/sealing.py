"""What a signed referral letter and a signed progress report are, for their seals (see
audit/seals.py).

A seal covers what was signed: the letter's or report's words, whom it is for, who signed it
and when, and the stored PDF's SHA-256 (so the file is held to it too). Tracking that moves on
after signing (sent, answered, the date an answer is expected) is not part of it.
"""

from __future__ import annotations

from typing import Any

from medmassage.accounts.actors import Actor
from medmassage.audit.integrity import Integrity, gathered
from medmassage.audit.seals import (
    SealedKind,
    check_seal,
    checked,
    record_broken,
    register,
    seal,
)
from medmassage.careteam import documents as stored
from medmassage.referrals.models import Direction, ProgressReport, Referral

LETTER_FIELDS = (
    "client_id",
    "direction",
    "intent",
    "urgency",
    "provider_id",
    "therapist_id",
    "reason_codes",
    "reason",
    "decision",
    "intake_id",
    "findings",
    "question",
    "done",
    "not_done",
    "client_told",
    "signed_by_id",
    "signed_at",
    "document_name",
    "document_sha256",
    "document_size",
)
REPORT_FIELDS = (
    "client_id",
    "provider_id",
    "recipient",
    "referral_id",
    "period_start",
    "period_end",
    "facts",
    "summary",
    "recommendation",
    "recommendation_note",
    "signed_by_id",
    "signed_at",
    "document_name",
    "document_sha256",
    "document_size",
    "created_by_id",
)


def letter_content(referral: Any) -> dict[str, Any]:
    return {name: getattr(referral, name) for name in LETTER_FIELDS}


def report_content(report: Any) -> dict[str, Any]:
    return {name: getattr(report, name) for name in REPORT_FIELDS}


def seal_letter(referral: Referral) -> None:
    """Seal a letter in the transaction that signs it (its row as stored)."""
    seal(referral, letter_content(Referral.unscoped_objects.get(pk=referral.pk)))


def seal_report(report: ProgressReport) -> None:
    """Seal a report in the transaction that signs it (its row as stored)."""
    seal(report, report_content(ProgressReport.unscoped_objects.get(pk=report.pk)))


def check_signed(record: Referral | ProgressReport, *, by: Actor | None) -> Integrity:
    """A signed letter or report against its seal, as it is read (drafts and referrals in:
    nothing to check)."""
    if record.signed_at is None:
        return Integrity()
    if isinstance(record, Referral):
        return gathered([check_seal(record, letter_content(record), by=by)])
    return gathered([check_seal(record, report_content(record), by=by)])


def check_signed_document(
    record: Referral | ProgressReport, content: bytes, *, by: Actor | None
) -> Integrity:
    """A signed letter or report as its PDF is handed out: the record against its seal, and the
    stored file against the SHA-256 the sealed record keeps; each failure is audited."""
    checks = list(check_signed(record, by=by).checks)
    found = checked(record)
    if stored.sha256_of(content) != record.document_sha256:
        found = checked(record, "its PDF is not the one signed: the file was changed")
        record_broken(record, found, by=by)
    return gathered([*checks, found])


def register_sealed_kinds() -> None:
    register(
        SealedKind(
            "referrals.referral",
            lambda: Referral.unscoped_objects.filter(
                direction=Direction.OUT, signed_at__isnull=False
            ).order_by("id"),
            letter_content,
        )
    )
    register(
        SealedKind(
            "referrals.progressreport",
            lambda: ProgressReport.unscoped_objects.filter(signed_at__isnull=False).order_by("id"),
            report_content,
        )
    )
