"""Plan pages: draft from the latest intake, edit with reasons, approve, revise."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_POST

from medmassage.accounts import policy
from medmassage.accounts.access import ClinicRequest, require_clinic
from medmassage.audit.services import record_read
from medmassage.clients.access import client_for
from medmassage.plans import queries, services
from medmassage.plans.changes import read_changes
from medmassage.plans.forms import changes_from_post
from medmassage.plans.presenters import plan_context
from medmassage.plans.sealing import check_plan
from medmassage.problems import DOMAIN_ERRORS, problem_message


@require_GET
@require_clinic
def plan_list(request: ClinicRequest, client_id: int) -> HttpResponse:
    """The client's plan versions."""
    client = client_for(request, client_id, "plans.view")
    plans = queries.list_plans(request.clinic, client)
    record_read("plans.plan_list.viewed", by=request.actor, subject=client)
    return render(request, "plans/plan_list.html", {"client": client, "plans": plans})


@require_POST
@require_clinic
def draft(request: ClinicRequest, client_id: int) -> HttpResponse:
    """Draft a plan with the core and show it."""
    client = client_for(request, client_id, "plans.draft")
    plan = services.draft_plan(client=client, by=request.actor)
    return redirect("plans:detail", plan_id=plan.pk)


@require_GET
@require_clinic
def detail(request: ClinicRequest, plan_id: int) -> HttpResponse:
    """A plan version: the draft's suggestions with rationale and evidence, and the edit form."""
    policy.require(request.membership, "plans.view")
    plan = queries.get_plan(request.clinic, plan_id)
    record_read(
        "plans.plan.viewed", by=request.actor, subject=plan, details={"version": plan.version}
    )
    context = plan_context(request, plan)
    context["integrity"] = check_plan(plan, by=request.actor)
    return render(request, "plans/plan_detail.html", context)


@require_POST
@require_clinic
def edit(request: ClinicRequest, plan_id: int) -> HttpResponse:
    """Save the therapist's edits to a draft; a departure without a reason is refused."""
    policy.require(request.membership, "plans.draft")
    plan = queries.get_plan(request.clinic, plan_id)
    data = changes_from_post(request.POST, plan.document)
    try:
        services.update_draft(plan=plan, by=request.actor, changes=read_changes(data))
    except DOMAIN_ERRORS as error:
        context = plan_context(request, plan, problem=problem_message(error), posted=request.POST)
        return render(request, "plans/plan_detail.html", context, status=422)
    messages.success(request, "Plan saved.")
    return redirect("plans:detail", plan_id=plan.pk)


@require_POST
@require_clinic
def approve(request: ClinicRequest, plan_id: int) -> HttpResponse:
    """Approve the draft; it cannot change afterwards."""
    policy.require(request.membership, "plans.approve")
    plan = queries.get_plan(request.clinic, plan_id)
    services.approve_plan(plan=plan, by=request.actor)
    messages.success(request, f"Plan version {plan.version} approved.")
    return redirect("plans:detail", plan_id=plan.pk)


@require_POST
@require_clinic
def revise(request: ClinicRequest, plan_id: int) -> HttpResponse:
    """Start a revision of an approved plan."""
    policy.require(request.membership, "plans.draft")
    plan = queries.get_plan(request.clinic, plan_id)
    revision = services.revise_plan(plan=plan, by=request.actor)
    return redirect("plans:detail", plan_id=revision.pk)
