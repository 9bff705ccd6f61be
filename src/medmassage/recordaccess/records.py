"""Which client a URL's record belongs to, for every kind of record a URL can name."""

from __future__ import annotations

from typing import Any

from medmassage.assessments.models import Assessment
from medmassage.billing.models import Invoice, Payment
from medmassage.careteam.models import CareTeamMember, Clearance
from medmassage.clients.models import Client, Consent
from medmassage.discharges.models import DischargeSummary
from medmassage.intake.models import Intake
from medmassage.outcomes.models import Measurement
from medmassage.plans.models import TreatmentPlan
from medmassage.referrals.models import ProgressReport, Referral
from medmassage.scheduling.models import Appointment
from medmassage.visits.models import AdverseEvent, Visit

# URL parameter -> the model whose row names its client.
BY_PARAMETER: dict[str, Any] = {
    "client_id": Client,
    "consent_id": Consent,
    "intake_id": Intake,
    "assessment_id": Assessment,
    "measurement_id": Measurement,
    "plan_id": TreatmentPlan,
    "visit_id": Visit,
    "adverse_event_id": AdverseEvent,
    "summary_id": DischargeSummary,
    "appointment_id": Appointment,
    "referral_id": Referral,
    "report_id": ProgressReport,
    "invoice_id": Invoice,
    "payment_id": Payment,
    "clearance_id": Clearance,
    "member_id": CareTeamMember,  # an outside provider on the client's care team
}


def register(parameter: str, model: Any) -> None:
    """A higher app's URL parameter naming a record with a `client` (read at its app's ready();
    the record's client may be unset, e.g. an import not yet confirmed: then no rule applies)."""
    BY_PARAMETER.setdefault(parameter, model)


def client_of(clinic_id: int, kwargs: dict[str, Any]) -> int | None:
    """The client of the first record named in the URL (None: no record, or not found)."""
    for parameter, model in BY_PARAMETER.items():
        if parameter not in kwargs:
            continue
        try:
            key = int(kwargs[parameter])
        except (TypeError, ValueError):
            return None
        rows = model.objects.for_clinic(clinic_id).filter(pk=key)
        field = "pk" if model is Client else "client_id"
        found = rows.values_list(field, flat=True).first()
        return int(found) if found is not None else None
    return None
