"""Signed letters and reports as PDF documents in the clinic's letterhead, kept as signed."""

from __future__ import annotations

from typing import Any

from django.utils import timezone

from medmassage.careteam import documents as store
from medmassage.interop.pdf import progress_report, referral_letter
from medmassage.referrals.models import ProgressReport, Referral


def letter_context(referral: Referral) -> dict[str, Any]:
    """What the letter shows (the page preview and the PDF alike)."""
    return {
        "referral": referral,
        "client": referral.client,
        "clinic": referral.client.clinic,
        "provider": referral.provider,
        "therapist": referral.signed_by or referral.therapist,
        "today": timezone.localdate(),
    }


def keep_signed_letter(referral: Referral) -> None:
    """Draw the signed letter and keep its bytes; the record names the stored file."""
    content = referral_letter(letter_context(referral))
    _keep(referral, content)


def keep_signed_report(report: ProgressReport, context: dict[str, Any]) -> None:
    """Draw the signed report and keep its bytes."""
    _keep(report, progress_report(context))


def _keep(record: Referral | ProgressReport, content: bytes) -> None:
    record.document_name = store.store(record.clinic_id, content, store.PDF)
    record.document_sha256 = store.sha256_of(content)
    record.document_size = len(content)
