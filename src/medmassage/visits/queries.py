"""Clinic-scoped reads of visit notes."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from django.db.models import Count, IntegerField, OuterRef, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.shortcuts import get_object_or_404
from django.utils import timezone

from medmassage.accounts.models import Clinic, Membership
from medmassage.clients.models import Client
from medmassage.plans.models import TreatmentPlan
from medmassage.visits.models import (
    Addendum,
    AdverseEvent,
    FeedbackEvent,
    SafetyOverride,
    TreatmentGiven,
    Visit,
    VisitStatus,
)


def list_visits(clinic: Clinic | int, client: Client) -> QuerySet[Visit]:
    """The client's visits, newest first."""
    return Visit.objects.for_clinic(clinic).filter(client=client).select_related("therapist__user")


def get_visit(clinic: Clinic | int, visit_id: int) -> Visit:
    """One of the clinic's visits, or 404."""
    queryset = Visit.objects.for_clinic(clinic).select_related(
        "client", "plan__intake", "therapist__user", "signed_by__user"
    )
    return get_object_or_404(queryset, pk=visit_id)


def is_open_to(visit: Visit, membership: Membership) -> bool:
    """Whether the member may still change the note: a draft of their own."""
    return visit.is_draft and visit.therapist_id == membership.pk


@dataclass(frozen=True)
class LastVisit:
    """The client's latest visit and how many safety overrides it carries."""

    visit: Visit
    overrides: int


def get_last_visit(clinic: Clinic | int, client: Client) -> LastVisit | None:
    """The client's latest visit, if any (its client is the one given: not read again), with
    its safety overrides counted in the same query."""
    counted = (
        SafetyOverride.objects.for_clinic(clinic)
        .filter(visit=OuterRef("pk"))
        .order_by()
        .values("visit")
        .annotate(count=Count("pk"))
        .values("count")
    )
    visit = (
        list_visits(clinic, client)
        .annotate(overrides_counted=Coalesce(Subquery(counted, output_field=IntegerField()), 0))
        .first()
    )
    if visit is None:
        return None
    visit.client = client
    return LastVisit(visit, int(vars(visit)["overrides_counted"]))


def list_treatments(visit: Visit) -> QuerySet[TreatmentGiven]:
    return TreatmentGiven.objects.for_clinic(visit.clinic_id).filter(visit=visit)


def list_feedback(visit: Visit) -> QuerySet[FeedbackEvent]:
    return FeedbackEvent.objects.for_clinic(visit.clinic_id).filter(visit=visit)


def list_overrides(visit: Visit) -> QuerySet[SafetyOverride]:
    return SafetyOverride.objects.for_clinic(visit.clinic_id).filter(visit=visit)


def list_addenda(visit: Visit) -> QuerySet[Addendum]:
    return (
        Addendum.objects.for_clinic(visit.clinic_id)
        .filter(visit=visit)
        .select_related("author__user")
    )


def list_adverse_events(clinic: Clinic | int, client: Client) -> QuerySet[AdverseEvent]:
    """The client's adverse events, newest first."""
    return AdverseEvent.objects.for_clinic(clinic).filter(client=client)


def get_adverse_event(clinic: Clinic | int, event_id: int) -> AdverseEvent:
    """One of the clinic's adverse events, or 404."""
    return get_object_or_404(AdverseEvent.objects.for_clinic(clinic), pk=event_id)


def list_unsigned_notes(membership: Membership, *, older_than: timedelta) -> QuerySet[Visit]:
    """The therapist's draft notes started before `older_than` ago, oldest first."""
    cutoff = timezone.now() - older_than
    return (
        Visit.objects.for_clinic(membership.clinic_id)
        .filter(therapist=membership, status=VisitStatus.DRAFT, started_at__lt=cutoff)
        .select_related("client")
        .order_by("started_at")
    )


def course_sessions(clinic: Clinic | int) -> Coalesce:
    """An annotation for plan rows: the signed visits of the plan's course (the plan and the
    versions it revises; a course starts with a plan that revises none), the sessions done."""
    first = (
        TreatmentPlan.objects.for_clinic(clinic)
        .filter(
            client_id=OuterRef(OuterRef("client_id")),
            previous__isnull=True,
            version__lte=OuterRef(OuterRef("version")),
        )
        .order_by("-version")
        .values("version")[:1]
    )
    counted = (
        Visit.objects.for_clinic(clinic)
        .filter(client_id=OuterRef("client_id"), status=VisitStatus.SIGNED)
        .filter(plan__version__gte=Subquery(first), plan__version__lte=OuterRef("version"))
        .order_by()
        .values("client_id")
        .annotate(count=Count("pk"))
        .values("count")
    )
    return Coalesce(Subquery(counted, output_field=IntegerField()), 0)
