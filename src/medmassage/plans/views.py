"""Plan pages: draft from the latest intake, edit with reasons, approve, revise."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_POST

from medmassage.accounts import policy
from medmassage.accounts.access import ClinicRequest, require_clinic
from medmassage.audit.services import record_read
from medmassage.clients.access import client_for
from medmassage.drafts import pages as drafts
from medmassage.drafts.queries import get_draft
from medmassage.drafts.services import discard_draft
from medmassage.plans import queries, services
from medmassage.plans.changes import read_changes
from medmassage.plans.forms import changes_from_post
from medmassage.plans.models import TreatmentPlan
from medmassage.plans.presenters import plan_context
from medmassage.plans.sealing import check_plan
from medmassage.problems import DOMAIN_ERRORS, problem_message, problem_status


def _draft_form(plan: TreatmentPlan) -> str:
    return f"plan:{plan.pk}"


def _refused(
    request: ClinicRequest, plan: TreatmentPlan, error: Exception, *, keep: bool = True
) -> HttpResponse:
    """The plan again with every edit as typed (kept as the draft unless saved), and why."""
    draft, posted = None, None
    if keep:
        draft = drafts.keep_refused(request, form=_draft_form(plan), client_id=plan.client_id)
        posted = request.POST
    else:  # the edits were saved: show the plan as it now is
        plan = queries.get_plan(request.clinic, plan.pk)
    context = plan_context(request, plan, problem=problem_message(error), posted=posted)
    context |= drafts.draft_context(draft)
    return render(request, "plans/plan_detail.html", context, status=problem_status(error))


def _save_posted(request: ClinicRequest, plan: TreatmentPlan) -> None:
    data = changes_from_post(request.POST, plan.document)
    services.update_draft(plan=plan, by=request.actor, changes=read_changes(data))
    discard_draft(form=_draft_form(plan), by=request.actor)


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
    draft = get_draft(request.membership, _draft_form(plan)) if plan.is_draft else None
    context = plan_context(request, plan, posted=draft.as_post() if draft else None)
    context |= drafts.draft_context(draft)
    context["integrity"] = check_plan(plan, by=request.actor)
    return render(request, "plans/plan_detail.html", context)


@require_POST
@require_clinic
def autosave(request: ClinicRequest, plan_id: int) -> HttpResponse:
    """Keep the edit form as typed (the member's draft) until it is saved or approved."""
    policy.require(request.membership, "plans.draft")
    plan = queries.get_plan(request.clinic, plan_id)
    if not plan.is_draft:
        return JsonResponse({"problem": "This plan is approved and cannot change."}, status=409)
    return drafts.autosave(request, form=_draft_form(plan), client_id=plan.client_id)


@require_POST
@require_clinic
def edit(request: ClinicRequest, plan_id: int) -> HttpResponse:
    """Save the therapist's edits to a draft; a departure without a reason is refused."""
    policy.require(request.membership, "plans.draft")
    plan = queries.get_plan(request.clinic, plan_id)
    try:
        _save_posted(request, plan)
    except DOMAIN_ERRORS as error:
        return _refused(request, plan, error)
    messages.success(request, "Plan saved.")
    return redirect("plans:detail", plan_id=plan.pk)


@require_POST
@require_clinic
def approve(request: ClinicRequest, plan_id: int) -> HttpResponse:
    """Approve what is on the screen: save the posted edits, check them, then approve.

    The edits are saved first (their own transaction), so a refused approval loses nothing:
    the page comes back with every field as typed and says why. It cannot change afterwards.
    """
    policy.require(request.membership, "plans.approve")
    plan = queries.get_plan(request.clinic, plan_id)
    try:
        if "goals" in request.POST:  # the edit form itself, not only the button
            policy.require(request.membership, "plans.draft")
            _save_posted(request, plan)
    except DOMAIN_ERRORS as error:
        return _refused(request, plan, error)
    try:
        services.approve_plan(plan=plan, by=request.actor)
    except DOMAIN_ERRORS as error:
        return _refused(request, plan, error, keep=False)
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
