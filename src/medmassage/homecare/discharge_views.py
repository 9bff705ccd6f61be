"""Discharge pages: close the plan for a reason; the summary with graphs, as a page and a PDF."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from medmassage.accounts import policy
from medmassage.accounts.access import require_clinic
from medmassage.homecare import queries
from medmassage.homecare.discharge import close_plan, record_discharge_viewed
from medmassage.homecare.errors import HomeCareError
from medmassage.homecare.models import DischargeReason
from medmassage.interop.pdf import discharge_summary
from medmassage.outcomes.charts import chart
from medmassage.outcomes.progress import get_progress
from medmassage.plans.models import TreatmentPlan
from medmassage.plans.queries import get_plan
from medmassage.problems import problem_message


def _plan(request: HttpRequest, plan_id: int, action: str) -> TreatmentPlan:
    policy.require(request.membership, action)  # type: ignore[attr-defined]
    return get_plan(request.clinic, plan_id)  # type: ignore[attr-defined]


@require_http_methods(["GET", "POST"])
@require_clinic
def close(request: HttpRequest, plan_id: int) -> HttpResponse:
    """Ask why the plan ends, then close it and write the discharge summary."""
    plan = _plan(request, plan_id, "plans.close")
    problem = None
    if request.method == "POST":
        try:
            close_plan(
                plan=plan,
                membership=request.membership,  # type: ignore[attr-defined]
                reason=request.POST.get("reason", ""),
                note=request.POST.get("note", ""),
                request=request,
            )
        except (HomeCareError, ValidationError) as error:
            problem = problem_message(error)
        else:
            messages.success(request, f"Plan version {plan.version} closed.")
            return redirect("homecare:discharge", plan_id=plan.pk)
    context = {"plan": plan, "client": plan.client, "reasons": DischargeReason.choices}
    return render(
        request,
        "homecare/close.html",
        {**context, "problem": problem},
        status=422 if problem else 200,
    )


@require_GET
@require_clinic
def summary(request: HttpRequest, plan_id: int) -> HttpResponse:
    """The discharge summary of a closed plan, with each measure's graph."""
    plan = _plan(request, plan_id, "plans.view")
    return render(request, "homecare/discharge.html", _summary_context(request, plan))


@require_GET
@require_clinic
def summary_pdf(request: HttpRequest, plan_id: int) -> HttpResponse:
    """The discharge summary as a PDF document."""
    plan = _plan(request, plan_id, "plans.view")
    context = _summary_context(request, plan)
    if context["summary"] is None:
        messages.error(request, "This plan is not closed: there is no discharge summary yet.")
        return redirect("homecare:discharge", plan_id=plan.pk)
    response = HttpResponse(discharge_summary(context), "application/pdf")
    response["Content-Disposition"] = f'inline; filename="discharge-plan-v{plan.version}.pdf"'
    return response


def _summary_context(request: HttpRequest, plan: TreatmentPlan) -> dict[str, Any]:
    found = queries.get_discharge(plan.clinic_id, plan)
    if found is not None:
        membership = request.membership  # type: ignore[attr-defined]
        record_discharge_viewed(plan=plan, membership=membership, request=request)
    charts = [chart(m) for m in get_progress(plan.clinic_id, plan.client)] if found else []
    return {
        "plan": plan,
        "client": plan.client,
        "clinic": plan.client.clinic,
        "summary": found,
        "charts": charts,
        "today": timezone.localdate(),
        "can_close": policy.allows(request.membership, "plans.close"),  # type: ignore[attr-defined]
    }
