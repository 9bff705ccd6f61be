"""The only writers of treatment plans: draft, edit, approve, revise. Each runs in one
transaction with its audit event."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from medmassage import course_figures
from medmassage.accounts.actors import Actor
from medmassage.accounts.models import Membership, Practitioner, Role
from medmassage.audit.services import record_event
from medmassage.clients.consents import require_current_consent
from medmassage.clients.models import Client
from medmassage.clinical.intake import parse_intake
from medmassage.clinical.planning import plan as draft_with_core
from medmassage.clinical.practitioner import parse_practitioner
from medmassage.intake.models import Intake
from medmassage.intake.prompts import PromptsUnanswered, unanswered
from medmassage.plans import review
from medmassage.plans.changes import PlanChanges, apply_changes
from medmassage.plans.errors import (
    IntakeRequired,
    NotTreatingTherapist,
    PlanNotEditable,
    PractitionerProfileRequired,
)
from medmassage.plans.models import PlanOverride, PlanStatus, TreatmentPlan
from medmassage.plans.sealing import seal_plan
from medmassage.practitioners.documents import practitioner_document, scope_of_practice
from medmassage.practitioners.status import require_active_licence
from medmassage.tenancy import clinic_scope


def practitioner_of(membership: Membership) -> Practitioner:
    """The acting therapist's practitioner profile in this clinic."""
    practitioner = (
        Practitioner.objects.for_clinic(membership.clinic_id).filter(membership=membership).first()
    )
    if practitioner is None:
        raise PractitionerProfileRequired(
            "You have no practitioner profile in this clinic: add your licence first."
        )
    return practitioner


@transaction.atomic
def draft_plan(*, client: Client, by: Actor) -> TreatmentPlan:
    """Run the core on the client's latest intake and the therapist's credentials."""
    with clinic_scope(client.clinic_id):
        return _new_version(client=client, by=by, previous=None)


@transaction.atomic
def revise_plan(*, plan: TreatmentPlan, by: Actor) -> TreatmentPlan:
    """Start a new draft version that will replace an approved plan once approved."""
    if plan.status != PlanStatus.APPROVED:
        raise PlanNotEditable("Only the approved plan can be revised.")
    with clinic_scope(plan.clinic_id):
        return _new_version(client=plan.client, by=by, previous=plan)


def _new_version(*, client: Client, by: Actor, previous: TreatmentPlan | None) -> TreatmentPlan:
    practitioner = practitioner_of(by.membership)
    require_current_consent(client)
    today = timezone.localdate()
    require_active_licence(practitioner, today)
    intake = (
        Intake.objects.for_clinic(client.clinic_id)
        .filter(client=client)
        .order_by("-version")
        .first()
    )
    if intake is None:
        raise IntakeRequired("Record an intake before drafting a plan.")
    document = practitioner_document(practitioner, client.clinic, today)
    suggestion = _draft(intake, document, practitioner, client)
    plan = TreatmentPlan.objects.create(
        clinic_id=client.clinic_id,
        client=client,
        version=_next_version(client),
        previous=previous,
        intake=intake,
        practitioner=practitioner,
        practitioner_document=document,
        draft=suggestion,
        content=suggestion,
        decision=suggestion["decision"],
        created_by=by.membership,
    )
    record_event(
        action="plans.plan.revised" if previous else "plans.plan.drafted",
        by=by,
        subject=plan,
        details={"decision": plan.decision, "intake": intake.version},
    )
    return plan


def _draft(
    intake: Intake, document: dict[str, Any], practitioner: Practitioner, client: Client
) -> dict[str, Any]:
    core_intake = parse_intake(intake.document)
    suggestion = draft_with_core(core_intake, parse_practitioner(document)).to_json()
    # Clinic rules the core's practitioner format cannot say are applied here, as credential
    # exclusions that no reason can override.
    restricted = scope_of_practice(practitioner, client.clinic).beyond_document
    return review.exclude_for_scope(suggestion, restricted)


def _next_version(client: Client) -> int:
    latest = (
        TreatmentPlan.objects.for_clinic(client.clinic_id)
        .filter(client=client)
        .aggregate(latest=Max("version"))["latest"]
    )
    return (latest or 0) + 1


@transaction.atomic
def update_draft(*, plan: TreatmentPlan, by: Actor, changes: PlanChanges) -> TreatmentPlan:
    """Apply the therapist's edits; departures from the draft need reasons and are recorded."""
    with clinic_scope(plan.clinic_id):
        return _update_draft(plan=_locked(plan), by=by, changes=changes)


def _update_draft(*, plan: TreatmentPlan, by: Actor, changes: PlanChanges) -> TreatmentPlan:
    if not plan.is_draft:
        raise PlanNotEditable("This plan is approved and cannot change; revise it instead.")
    content = apply_changes(plan.content, changes)
    departures = review.departures_needing_reasons(plan, content, reasons=changes.reasons)
    for departure in departures:
        if not _already_recorded(plan, departure):
            PlanOverride.objects.create(
                clinic_id=plan.clinic_id,
                plan=plan,
                kind=departure["kind"],
                technique=departure["technique"],
                finding=departure["finding"],
                departure=departure,
                reason=changes.reasons[departure["technique"]],
                created_by=by.membership,
            )
            record_event(
                action="plans.plan.override_recorded", by=by, subject=plan, details=departure
            )
    plan.content = content
    plan.save(update_fields=["content"])
    record_event(
        action="plans.plan.edited", by=by, subject=plan, details={"departures": len(departures)}
    )
    return plan


def _locked(plan: TreatmentPlan) -> TreatmentPlan:
    # Two tabs saving the same draft at once must not interleave their edits.
    return (
        TreatmentPlan.objects.for_clinic(plan.clinic_id)
        .select_for_update(no_key=True)
        .get(pk=plan.pk)
    )


def _already_recorded(plan: TreatmentPlan, departure: dict[str, Any]) -> bool:
    return (
        PlanOverride.objects.for_clinic(plan.clinic_id)
        .filter(
            plan=plan,
            kind=departure["kind"],
            technique=departure["technique"],
            finding=departure["finding"],
        )
        .exists()
    )


@transaction.atomic
def approve_plan(*, plan: TreatmentPlan, by: Actor) -> TreatmentPlan:
    """Approve a draft: from now on it is immutable; an earlier approved version is superseded."""
    with clinic_scope(plan.clinic_id):
        return _approve(plan=_locked(plan), by=by)


def _approve(*, plan: TreatmentPlan, by: Actor) -> TreatmentPlan:
    if not plan.is_draft:
        raise PlanNotEditable("Only a draft can be approved.")
    treating = plan.practitioner.membership_id == by.membership.pk
    if not treating and by.membership.role != Role.OWNER:
        raise NotTreatingTherapist(
            "Only the treating therapist (whose credentials the plan was drafted under) or the "
            "clinic's owner approves this plan."
        )
    if waiting := unanswered(plan.intake.screening):
        raise PromptsUnanswered(waiting, before="approving the plan")
    require_current_consent(plan.client)
    require_active_licence(practitioner_of(by.membership), timezone.localdate())
    # Re-checked at approval: the content must still satisfy every rule with its reasons.
    review.departures_needing_reasons(plan, plan.content, reasons=_recorded_reasons(plan))
    TreatmentPlan.objects.for_clinic(plan.clinic_id).filter(
        client=plan.client, status=PlanStatus.APPROVED
    ).update(status=PlanStatus.SUPERSEDED)
    plan.status = PlanStatus.APPROVED
    plan.approved_by = by.membership
    plan.approved_at = timezone.now()
    plan.save(update_fields=["status", "approved_by", "approved_at"])
    seal_plan(plan)
    record_event(
        action="plans.plan.approved", by=by, subject=plan, details={"version": plan.version}
    )
    course_figures.changed(clinic_id=plan.clinic_id, client_id=plan.client_id)
    return plan


def _recorded_reasons(plan: TreatmentPlan) -> dict[str, str]:
    overrides = PlanOverride.objects.for_clinic(plan.clinic_id).filter(plan=plan)
    return {override.technique: override.reason for override in overrides}
