"""Clinic-scoped reads of treatment plans."""

from __future__ import annotations

from django.db.models import Expression, QuerySet, Subquery
from django.shortcuts import get_object_or_404

from medmassage.accounts.models import Clinic
from medmassage.clients.models import Client
from medmassage.plans.models import PlanOverride, PlanStatus, TreatmentPlan


def list_plans(clinic: Clinic | int, client: Client) -> QuerySet[TreatmentPlan]:
    """The client's plan versions, newest first."""
    return TreatmentPlan.objects.for_clinic(clinic).filter(client=client).order_by("-version")


def get_plan(clinic: Clinic | int, plan_id: int) -> TreatmentPlan:
    """One of the clinic's plans, or 404."""
    queryset = TreatmentPlan.objects.for_clinic(clinic).select_related(
        "client", "intake", "practitioner__membership__user", "approved_by__user"
    )
    return get_object_or_404(queryset, pk=plan_id)


def get_current_plan(clinic: Clinic | int, client: Client) -> TreatmentPlan | None:
    """The approved plan in force, if any."""
    return list_plans(clinic, client).filter(status=PlanStatus.APPROVED).first()


def get_open_draft(clinic: Clinic | int, client: Client) -> TreatmentPlan | None:
    """The newest draft still being edited, if any."""
    return list_plans(clinic, client).filter(status=PlanStatus.DRAFT).first()


def list_overrides(plan: TreatmentPlan) -> QuerySet[PlanOverride]:
    """The plan's recorded departures from its draft, oldest first."""
    return PlanOverride.objects.for_clinic(plan.clinic_id).filter(plan=plan)


def get_chart_plan(
    clinic: Clinic | int, client: Client, **annotations: Expression | Subquery
) -> TreatmentPlan | None:
    """The plan the chart shows, in one query: the approved plan in force, else the draft
    being edited, else the last course's closed plan (its status and discharge); with the
    caller's annotations (figures of the apps above, read in the same query)."""
    shown = list_plans(clinic, client).exclude(status=PlanStatus.SUPERSEDED)
    newest = list(shown.annotate(**annotations)[:2])
    approved = [plan for plan in newest if plan.status == PlanStatus.APPROVED]
    chosen = approved or newest
    return chosen[0] if chosen else None
