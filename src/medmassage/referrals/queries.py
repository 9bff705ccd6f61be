"""Clinic-scoped reads of referrals and reports, with what is computed (overdue, visits used)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.db.models import Count, IntegerField, OuterRef, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce
from django.shortcuts import get_object_or_404
from django.utils import timezone

from medmassage.referrals.models import Direction, ProgressReport, Referral, ReferralStatus
from medmassage.referrals.policy import EXPIRY_WARNING_DAYS, VISITS_LEFT_WARNING, is_overdue
from medmassage.visits.models import Visit, VisitStatus

if TYPE_CHECKING:
    from medmassage.accounts.models import Clinic
    from medmassage.clients.models import Client


def list_referrals(
    clinic: Clinic | int, client: Client | None = None, *, direction: str | None = None
) -> QuerySet[Referral]:
    """Referrals, newest first (of one client, one direction, when given)."""
    found = Referral.objects.for_clinic(clinic).select_related("provider", "client")
    if client is not None:
        found = found.filter(client=client)
    if direction is not None:
        found = found.filter(direction=direction)
    return found.order_by("-created_at", "-pk")


def get_referral(clinic: Clinic | int, referral_id: int) -> Referral:
    """One referral of the clinic (404 for another clinic's)."""
    return get_object_or_404(
        Referral.objects.for_clinic(clinic).select_related(
            "provider", "client", "therapist__user", "signed_by__user", "answer"
        ),
        pk=referral_id,
    )


def shown_status(referral: Referral | ProgressReport, today: dt.date | None = None) -> str:
    """The status as people see it: `overdue` once an answer is late."""
    today = today or timezone.localdate()
    if is_overdue(referral.status, referral.expected_answer_by, today):
        return "overdue"
    return referral.status


@dataclass(frozen=True)
class Authorisation:
    """An incoming referral's visits: authorised, used (signed visits in its dates), left."""

    referral: Referral
    used: int
    left: int | None
    expires_on: dt.date | None
    warning: str

    @property
    def runs_out(self) -> bool:
        return bool(self.warning)


def with_visits_used(clinic: Clinic | int, referrals: QuerySet[Referral]) -> QuerySet[Referral]:
    """The referrals, each annotated with `visits_used`: the client's signed visits within its
    dates, counted in the same query (one subquery, not one query per referral)."""
    signed = (
        Visit.objects.for_clinic(clinic)
        .filter(
            client_id=OuterRef("client_id"),
            status=VisitStatus.SIGNED,
            signed_at__date__gte=Coalesce(OuterRef("valid_from"), Value(dt.date.min)),
            signed_at__date__lte=Coalesce(OuterRef("expires_on"), Value(dt.date.max)),
        )
        .order_by()
        .values("client_id")
        .annotate(count=Count("pk"))
        .values("count")
    )
    return referrals.annotate(
        visits_used=Coalesce(Subquery(signed, output_field=IntegerField()), Value(0))
    )


def _signed_visits(referral: Referral) -> QuerySet[Visit]:
    visits = Visit.objects.for_clinic(referral.clinic_id).filter(
        client_id=referral.client_id, status=VisitStatus.SIGNED
    )
    if referral.valid_from:
        visits = visits.filter(signed_at__date__gte=referral.valid_from)
    if referral.expires_on:
        visits = visits.filter(signed_at__date__lte=referral.expires_on)
    return visits


def authorisation(referral: Referral, today: dt.date | None = None) -> Authorisation:
    """How much of an incoming referral is used, and a warning before it runs out (counted
    here unless the referral comes from `with_visits_used`)."""
    today = today or timezone.localdate()
    used = getattr(referral, "visits_used", None)
    if used is None:  # one referral on its own: one count
        used = _signed_visits(referral).count()
    left = None if referral.visits_authorised is None else referral.visits_authorised - used
    return Authorisation(referral, used, left, referral.expires_on, _warning(left, referral, today))


def _warning(left: int | None, referral: Referral, today: dt.date) -> str:
    if left is not None and left <= 0:
        return "No authorised visits left: ask the referring provider to renew."
    if referral.expires_on and referral.expires_on < today:
        return f"Expired on {referral.expires_on}: ask the referring provider to renew."
    if left is not None and left <= VISITS_LEFT_WARNING:
        return f"{left} authorised visit{'s' if left != 1 else ''} left."
    if referral.expires_on and (referral.expires_on - today).days <= EXPIRY_WARNING_DAYS:
        return f"Expires on {referral.expires_on}."
    return ""


def list_authorisations(clinic: Clinic | int, client: Client) -> list[Authorisation]:
    """The client's active incoming referrals with their visits counted."""
    active = list_referrals(clinic, client, direction=Direction.IN).filter(
        status=ReferralStatus.ACTIVE
    )
    return [authorisation(referral) for referral in with_visits_used(clinic, active)]


@dataclass(frozen=True)
class Attention:
    """What the dashboard lists: referrals out overdue, authorisations running out."""

    overdue: tuple[Referral, ...]
    running_out: tuple[Authorisation, ...]

    def __bool__(self) -> bool:
        return bool(self.overdue or self.running_out)


def needs_attention(clinic: Clinic | int, today: dt.date | None = None) -> Attention:
    """Overdue answers and authorisations near their end, across the clinic."""
    today = today or timezone.localdate()
    overdue = Referral.objects.for_clinic(clinic).filter(
        status=ReferralStatus.SENT, expected_answer_by__lt=today
    )
    active = Referral.objects.for_clinic(clinic).filter(
        direction=Direction.IN, status=ReferralStatus.ACTIVE
    )
    running_out = tuple(
        found
        for found in (
            authorisation(r, today)
            for r in with_visits_used(clinic, active.select_related("client"))
        )
        if found.runs_out
    )
    return Attention(tuple(overdue.select_related("client", "provider")), running_out)


def list_reports(clinic: Clinic | int, client: Client) -> QuerySet[ProgressReport]:
    return (
        ProgressReport.objects.for_clinic(clinic)
        .filter(client=client)
        .select_related("provider")
        .order_by("-created_at", "-pk")
    )


def get_report(clinic: Clinic | int, report_id: int) -> ProgressReport:
    """One progress report of the clinic (404 for another clinic's)."""
    return get_object_or_404(
        ProgressReport.objects.for_clinic(clinic).select_related(
            "client", "provider", "signed_by__user", "created_by__user"
        ),
        pk=report_id,
    )
