"""DocumentReference: signed visit notes and discharge summaries, each a PDF served as Binary.

Signed referral letters and progress reports are the referrals app's stored PDFs, served as
they were signed.
"""

from __future__ import annotations

from medmassage.discharges.models import DischargeSummary
from medmassage.fhir.codes import DOCUMENT_KIND, coding
from medmassage.fhir.mapping import Json, compact, instant, ref
from medmassage.referrals.models import ProgressReport, Referral
from medmassage.visits.models import Visit

NOTE_PREFIX = "note-"
DISCHARGE_PREFIX = "discharge-"
LETTER_PREFIX = "letter-"
REPORT_PREFIX = "report-"


def visit_note(visit: Visit) -> Json:
    """A signed SOAP note."""
    document_id = f"{NOTE_PREFIX}{visit.pk}"
    return _document(
        document_id,
        kind=("visit-note", "Visit note (SOAP)"),
        client_id=visit.client_id,
        when=instant(visit.signed_at),
        author=visit.signed_by_id or visit.therapist_id,
        clinic_id=visit.clinic_id,
        context={"encounter": [ref("Encounter", visit.pk)]},
    )


def discharge(summary: DischargeSummary) -> Json:
    """The discharge summary written when a plan was closed."""
    document_id = f"{DISCHARGE_PREFIX}{summary.pk}"
    return _document(
        document_id,
        kind=("discharge-summary", "Discharge summary"),
        client_id=summary.client_id,
        when=instant(summary.closed_at),
        author=summary.closed_by_id,
        clinic_id=summary.clinic_id,
        context={"related": [ref("CarePlan", summary.plan_id)]},
    )


def letter(referral: Referral) -> Json:
    """A signed referral letter (out), with the referral it carries."""
    return _document(
        f"{LETTER_PREFIX}{referral.pk}",
        kind=("referral-letter", "Referral letter"),
        client_id=referral.client_id,
        when=instant(referral.signed_at),
        author=referral.signed_by_id or referral.therapist_id,
        clinic_id=referral.clinic_id,
        context={"related": [ref("ServiceRequest", referral.pk)]},
    )


def report(row: ProgressReport) -> Json:
    """A signed progress report for the referring provider or an insurer."""
    related = [ref("ServiceRequest", row.referral_id)] if row.referral_id else []
    return _document(
        f"{REPORT_PREFIX}{row.pk}",
        kind=("progress-report", "Progress report"),
        client_id=row.client_id,
        when=instant(row.signed_at),
        author=row.signed_by_id or row.created_by_id,
        clinic_id=row.clinic_id,
        context=compact(
            {
                "period": {
                    "start": row.period_start.isoformat(),
                    "end": row.period_end.isoformat(),
                },
                "related": related,
            }
        ),
    )


def _document(
    document_id: str,
    *,
    kind: tuple[str, str],
    client_id: int,
    when: str | None,
    author: int,
    clinic_id: int,
    context: Json,
) -> Json:
    code, title = kind
    return compact(
        {
            "resourceType": "DocumentReference",
            "id": document_id,
            "status": "current",
            "docStatus": "final",
            "type": {"coding": [coding(DOCUMENT_KIND, code, title)], "text": title},
            "subject": ref("Patient", client_id),
            "date": when,
            "author": [ref("Practitioner", author)],
            "custodian": ref("Organization", clinic_id),
            "description": title,
            "content": [
                {
                    "attachment": compact(
                        {
                            "contentType": "application/pdf",
                            "url": f"Binary/{document_id}",
                            "title": f"{title}.pdf",
                            "creation": when,
                        }
                    )
                }
            ],
            "context": context,
        }
    )
