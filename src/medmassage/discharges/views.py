"""Discharge pages: close the plan for a reason; the summary with graphs, as a page and a PDF."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods

from medmassage.accounts import policy
from medmassage.accounts.access import ClinicRequest, require_clinic
from medmassage.audit.services import record_read
from medmassage.discharges import queries
from medmassage.discharges.documents import summary_document
from medmassage.discharges.models import DischargeReason
from medmassage.discharges.sealing import check_summary
from medmassage.discharges.services import close_plan
from medmassage.interop.pdf import discharge_summary
from medmassage.plans.models import TreatmentPlan
from medmassage.plans.queries import get_plan
from medmassage.problems import DOMAIN_ERRORS, problem_message


def _plan(request: ClinicRequest, plan_id: int, action: str) -> TreatmentPlan:
    policy.require(request.membership, action)
    return get_plan(request.clinic, plan_id)


@require_http_methods(["GET", "POST"])
@require_clinic
def close(request: ClinicRequest, plan_id: int) -> HttpResponse:
    """Ask why the plan ends, then close it and write the discharge summary."""
    plan = _plan(request, plan_id, "plans.close")
    problem = None
    if request.method == "POST":
        try:
            close_plan(
                plan=plan,
                by=request.actor,
                reason=request.POST.get("reason", ""),
                note=request.POST.get("note", ""),
            )
        except DOMAIN_ERRORS as error:
            problem = problem_message(error)
        else:
            messages.success(request, f"Plan version {plan.version} closed.")
            return redirect("discharges:summary", plan_id=plan.pk)
    context = {"plan": plan, "client": plan.client, "reasons": DischargeReason.choices}
    return render(
        request,
        "discharges/close.html",
        {**context, "problem": problem},
        status=422 if problem else 200,
    )


@require_GET
@require_clinic
def summary(request: ClinicRequest, plan_id: int) -> HttpResponse:
    """The discharge summary of a closed plan, with each measure's graph."""
    plan = _plan(request, plan_id, "plans.view")
    return render(request, "discharges/discharge.html", _summary_context(request, plan))


@require_GET
@require_clinic
def summary_pdf(request: ClinicRequest, plan_id: int) -> HttpResponse:
    """The discharge summary as a PDF document."""
    plan = _plan(request, plan_id, "plans.view")
    context = _summary_context(request, plan, action="plans.discharge.printed")
    if context["summary"] is None:
        messages.error(request, "This plan is not closed: there is no discharge summary yet.")
        return redirect("discharges:summary", plan_id=plan.pk)
    response = HttpResponse(discharge_summary(context), "application/pdf")
    response["Content-Disposition"] = f'inline; filename="discharge-plan-v{plan.version}.pdf"'
    return response


def _summary_context(
    request: ClinicRequest, plan: TreatmentPlan, *, action: str = "plans.discharge.viewed"
) -> dict[str, Any]:
    found = queries.get_discharge(plan.clinic_id, plan)
    # The page names the client even before the plan is closed; a PDF is its own action.
    record_read(action if found else "plans.plan.viewed", by=request.actor, subject=plan)
    return {
        **summary_document(plan, found),
        "can_close": policy.allows(request.membership, "plans.close"),
        "integrity": check_summary(found, by=request.actor),
    }
