"""The discharge summary as a document: what its page and its PDF show, wherever it is served
(the plan's page, the client's portal, FHIR's Binary)."""

from __future__ import annotations

from typing import Any

from django.utils import timezone

from medmassage.discharges.models import DischargeSummary
from medmassage.outcomes.charts import chart
from medmassage.outcomes.progress import get_progress
from medmassage.plans.models import TreatmentPlan


def summary_document(plan: TreatmentPlan, summary: DischargeSummary | None) -> dict[str, Any]:
    """The plan, its client and clinic, the summary and each measure's graph (none while the
    plan is not closed)."""
    charts = [chart(m) for m in get_progress(plan.clinic_id, plan.client)] if summary else []
    return {
        "plan": plan,
        "client": plan.client,
        "clinic": plan.client.clinic,
        "summary": summary,
        "charts": charts,
        "today": timezone.localdate(),
    }
