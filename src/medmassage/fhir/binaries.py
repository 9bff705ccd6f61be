"""Binary: the PDF behind each DocumentReference (signed notes and discharge summaries drawn
from the record, letters and reports exactly as they were signed and stored)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db import models

from medmassage.careteam.documents import path_of
from medmassage.discharges.documents import summary_document
from medmassage.discharges.models import DischargeSummary
from medmassage.fhir.errors import not_found
from medmassage.fhir.mapping.documents import (
    DISCHARGE_PREFIX,
    LETTER_PREFIX,
    NOTE_PREFIX,
    REPORT_PREFIX,
)
from medmassage.interop import pdf
from medmassage.referrals.models import ProgressReport, Referral
from medmassage.visits.models import Addendum, AdverseEvent, FeedbackEvent, TreatmentGiven, Visit
from medmassage.words.vocabulary import label, place

PDF = "application/pdf"


@dataclass(frozen=True)
class Document:
    content: bytes
    subject: models.Model
    action: str  # the policy action that reads it

    @property
    def client_id(self) -> int:
        """The client the document is about (every document kind here has one)."""
        return int(self.subject.serializable_value("client_id"))


def document(clinic_id: int, binary_id: str) -> Document:
    """The PDF of one of the clinic's documents, or 404."""
    prefix, _, number = binary_id.rpartition("-")
    if not number.isdigit():
        raise not_found("Binary", binary_id)
    pk = int(number)
    if f"{prefix}-" == NOTE_PREFIX:
        visit = Visit.objects.for_clinic(clinic_id).filter(pk=pk, status="signed").first()
        if visit is not None:
            return Document(pdf.visit_note(_note_context(visit)), visit, "visits.view")
    elif f"{prefix}-" == DISCHARGE_PREFIX:
        summary = DischargeSummary.objects.for_clinic(clinic_id).filter(pk=pk).first()
        if summary is not None:
            return Document(
                pdf.discharge_summary(_discharge_context(summary)), summary, "plans.view"
            )
    elif f"{prefix}-" in (LETTER_PREFIX, REPORT_PREFIX):
        model = Referral if f"{prefix}-" == LETTER_PREFIX else ProgressReport
        row = model.objects.for_clinic(clinic_id).filter(pk=pk).exclude(document_name="").first()
        if row is not None:
            content = path_of(clinic_id, row.document_name).read_bytes()
            return Document(content, row, "referrals.view")
    raise not_found("Binary", binary_id)


def _note_context(visit: Visit) -> dict[str, Any]:
    clinic_id = visit.clinic_id
    treatments = TreatmentGiven.objects.for_clinic(clinic_id).filter(visit=visit)
    feedback = FeedbackEvent.objects.for_clinic(clinic_id).filter(visit=visit)
    adverse = AdverseEvent.objects.for_clinic(clinic_id).filter(visit=visit)
    return {
        "clinic": visit.client.clinic,
        "client": visit.client,
        "visit": visit,
        "therapist": visit.therapist.user.full_name,
        "signed_by": visit.signed_by.user.full_name if visit.signed_by else "",
        "adherence": visit.get_home_care_adherence_display().lower(),
        "pressure_cap": label("pressure", visit.pressure_cap),
        "treatments": [
            {
                "technique": label("technique", row.technique),
                "place": place(row.region, row.side),
                "minutes": row.minutes,
                "pressure": label("pressure", row.pressure).lower(),
                "cpt": row.cpt,
            }
            for row in treatments
        ],
        "feedback": [
            f"{item.get_kind_display()}"
            + (f" ({label('region', item.region).lower()})" if item.region else "")
            + f": {item.get_adjustment_display().lower()}"
            + (f". {item.note}" if item.note else "")
            for item in feedback
        ],
        "adverse_events": [
            f"{event.get_kind_display()} ({event.get_severity_display().lower()})"
            + (f": {event.description}" if event.description else "")
            for event in adverse
        ],
        "addenda": list(Addendum.objects.for_clinic(clinic_id).filter(visit=visit)),
    }


def _discharge_context(summary: DischargeSummary) -> dict[str, Any]:
    return summary_document(summary.plan, summary)
