"""Plan pages: draft from the latest intake, edit with reasons, approve, revise."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_POST

from medmassage.accounts import policy
from medmassage.accounts.access import require_clinic
from medmassage.clients.queries import get_client
from medmassage.plans import queries, services
from medmassage.plans.changes import read_changes
from medmassage.plans.forms import changes_from_post
from medmassage.plans.presenters import plan_context
from medmassage.problems import DOMAIN_ERRORS, problem_message


@require_GET
@require_clinic
def plan_list(request: HttpRequest, client_id: int) -> HttpResponse:
    """The client's plan versions."""
    policy.require(request.membership, "plans.view")  # type: ignore[attr-defined]
    client = get_client(request.clinic, client_id)  # type: ignore[attr-defined]
    plans = queries.list_plans(request.clinic, client)  # type: ignore[attr-defined]
    return render(request, "plans/plan_list.html", {"client": client, "plans": plans})


@require_POST
@require_clinic
def draft(request: HttpRequest, client_id: int) -> HttpResponse:
    """Draft a plan with the core and show it."""
    policy.require(request.membership, "plans.draft")  # type: ignore[attr-defined]
    client = get_client(request.clinic, client_id)  # type: ignore[attr-defined]
    try:
        plan = services.draft_plan(client=client, membership=request.membership, request=request)  # type: ignore[attr-defined]
    except DOMAIN_ERRORS as error:
        messages.error(request, problem_message(error))
        return redirect("plans:list", client_id=client.pk)
    return redirect("plans:detail", plan_id=plan.pk)


@require_GET
@require_clinic
def detail(request: HttpRequest, plan_id: int) -> HttpResponse:
    """A plan version: the draft's suggestions with rationale and evidence, and the edit form."""
    policy.require(request.membership, "plans.view")  # type: ignore[attr-defined]
    plan = queries.get_plan(request.clinic, plan_id)  # type: ignore[attr-defined]
    services.record_plan_viewed(plan=plan, membership=request.membership, request=request)  # type: ignore[attr-defined]
    return render(request, "plans/plan_detail.html", plan_context(request, plan))


@require_POST
@require_clinic
def edit(request: HttpRequest, plan_id: int) -> HttpResponse:
    """Save the therapist's edits to a draft; a departure without a reason is refused."""
    policy.require(request.membership, "plans.draft")  # type: ignore[attr-defined]
    plan = queries.get_plan(request.clinic, plan_id)  # type: ignore[attr-defined]
    data = changes_from_post(request.POST, plan.content)
    try:
        services.update_draft(
            plan=plan,
            membership=request.membership,
            changes=read_changes(data),
            request=request,  # type: ignore[attr-defined]
        )
    except DOMAIN_ERRORS as error:
        context = plan_context(request, plan, problem=problem_message(error), posted=request.POST)
        return render(request, "plans/plan_detail.html", context, status=422)
    messages.success(request, "Plan saved.")
    return redirect("plans:detail", plan_id=plan.pk)


@require_POST
@require_clinic
def approve(request: HttpRequest, plan_id: int) -> HttpResponse:
    """Approve the draft; it cannot change afterwards."""
    policy.require(request.membership, "plans.approve")  # type: ignore[attr-defined]
    plan = queries.get_plan(request.clinic, plan_id)  # type: ignore[attr-defined]
    try:
        services.approve_plan(plan=plan, membership=request.membership, request=request)  # type: ignore[attr-defined]
    except DOMAIN_ERRORS as error:
        messages.error(request, problem_message(error))
        return redirect("plans:detail", plan_id=plan.pk)
    messages.success(request, f"Plan version {plan.version} approved.")
    return redirect("plans:detail", plan_id=plan.pk)


@require_POST
@require_clinic
def revise(request: HttpRequest, plan_id: int) -> HttpResponse:
    """Start a revision of an approved plan."""
    policy.require(request.membership, "plans.draft")  # type: ignore[attr-defined]
    plan = queries.get_plan(request.clinic, plan_id)  # type: ignore[attr-defined]
    try:
        revision = services.revise_plan(plan=plan, membership=request.membership, request=request)  # type: ignore[attr-defined]
    except DOMAIN_ERRORS as error:
        messages.error(request, problem_message(error))
        return redirect("plans:detail", plan_id=plan.pk)
    return redirect("plans:detail", plan_id=revision.pk)
