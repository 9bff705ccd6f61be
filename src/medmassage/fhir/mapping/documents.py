"""DocumentReference: signed visit notes and discharge summaries, each a PDF served as Binary.

Letters and progress reports of the referrals work join here once that branch is on main (see
referrals.py for the ServiceRequest side).
"""

from __future__ import annotations

from medmassage.discharges.models import DischargeSummary
from medmassage.fhir.codes import DOCUMENT_KIND, coding
from medmassage.fhir.mapping import Json, compact, instant, ref
from medmassage.visits.models import Visit

NOTE_PREFIX = "note-"
DISCHARGE_PREFIX = "discharge-"


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
