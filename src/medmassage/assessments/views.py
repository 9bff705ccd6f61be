"""Assessment pages: a client's assessments, recording one, and one read back with comparisons."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods

from medmassage.accounts import policy
from medmassage.accounts.access import ClinicRequest, require_clinic
from medmassage.assessments import queries, services
from medmassage.assessments.forms import AssessmentPage
from medmassage.audit.services import record_read
from medmassage.clients.access import client_for, record_shown
from medmassage.clients.models import Client
from medmassage.clinical.instruments import INSTRUMENTS
from medmassage.intake.queries import get_suggested_measures


def questionnaires_asked(request: ClinicRequest, client: Client) -> list[str]:
    """The questionnaires on the page: those submitted, `?instruments=ndi,nprs`, or by default
    the measures the plan for the latest intake calls for."""
    if request.method == "POST":
        names = request.POST.getlist("questionnaires")
    elif "instruments" in request.GET:
        names = request.GET["instruments"].split(",")
    else:
        names = list(get_suggested_measures(request.clinic, client))
    return list(dict.fromkeys(name.strip() for name in names if name.strip() in INSTRUMENTS))


@require_GET
@require_clinic
def assessment_list(request: ClinicRequest, client_id: int) -> HttpResponse:
    """The client's assessments, newest first."""
    client = client_for(request, client_id, "assessments.view")
    record_read("assessments.list.viewed", by=request.actor, client=client)
    context = {
        "client": client,
        "assessments": queries.list_assessments(request.clinic, client),
        "can_record": policy.allows(request.membership, "assessments.record"),
    }
    return render(request, "assessments/assessment_list.html", context)


@require_http_methods(["GET", "POST"])
@require_clinic
def assessment_create(request: ClinicRequest, client_id: int) -> HttpResponse:
    """Record objective findings and baseline questionnaires; all saved, or nothing."""
    client = client_for(request, client_id, "assessments.record")
    page = AssessmentPage(request.POST or None, instruments=questionnaires_asked(request, client))
    if request.method == "POST" and page.is_valid():
        try:
            assessment = services.record_assessment(
                client=client,
                by=request.actor,
                entry=page.entry(),
            )
        except ValidationError as error:
            page.add_service_errors(error)
        else:
            messages.success(request, "Assessment recorded.")
            return redirect("assessments:detail", assessment.pk)
    context = {"client": client, "page": page, "instruments": INSTRUMENTS.values()}
    status = 422 if page.has_errors else 200
    record_shown(request, client, "assessment form")
    return render(request, "assessments/assessment_form.html", context, status=status)


@require_GET
@require_clinic
def assessment_detail(request: ClinicRequest, assessment_id: int) -> HttpResponse:
    """One assessment: range of motion against normal and side to side, every finding."""
    policy.require(request.membership, "assessments.view")
    assessment = queries.get_assessment(request.clinic, assessment_id)
    record_read("assessments.assessment.viewed", by=request.actor, subject=assessment)
    context = {
        "client": assessment.client,
        "detail": queries.get_assessment_detail(request.clinic, assessment),
        "next_steps": _next_steps(request, assessment.client_id),
    }
    return render(request, "assessments/assessment_detail.html", context)


def _next_steps(request: ClinicRequest, client_id: int) -> list[dict[str, object]]:
    """After an assessment: the plan (drafted from the latest intake), or back to the chart."""
    chart = {"label": "Back to the chart", "url": reverse("charts:client", args=[client_id])}
    if not policy.allows(request.membership, "plans.draft"):
        return [{**chart, "id": "next-chart"}]
    url = reverse("plans:draft", args=[client_id])
    plan = {"label": "Draft the treatment plan", "url": url, "id": "next-plan", "post": True}
    return [plan, {**chart, "id": "next-chart"}]
