"""The front desk's day: the appointments of a clinic day with what the desk must know about
each client: consent and intake on file, a re-assessment questionnaire due, the balance due.
Flags only: never a finding or a note."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal

from medmassage.accounts.models import Clinic, Membership
from medmassage.billing.queries import balances
from medmassage.clients.models import Client, Consent
from medmassage.clients.signatures import is_minor
from medmassage.intake.models import Intake
from medmassage.intake.review import pending_client_ids
from medmassage.outcomes.progress import needs_reassessment
from medmassage.plans.models import PlanStatus, TreatmentPlan
from medmassage.scheduling.calendar import day_bounds, local, local_instant
from medmassage.scheduling.models import HOLDING, Appointment, Status, WorkingHours
from medmassage.scheduling.queries import list_between, list_day


@dataclass(frozen=True)
class DayRow:
    """One appointment of the day and the flags of its client."""

    appointment: Appointment
    local_start: datetime
    consent: bool
    intake: bool
    reassessment_due: bool
    balance_due: Decimal
    # Online forms the therapist has still to review: "" none, "waiting", or "today" (a red flag;
    # the desk is told when, never why).
    online_review: str = ""

    @property
    def can_check_in(self) -> bool:
        return self.appointment.status == Status.BOOKED


def _with_consent(clinic: Clinic, clients: list[Client], day: date) -> set[int]:
    """Clients with a consent in force (a guardian's lapses at majority, project policy)."""
    adults = {c.pk for c in clients if not is_minor(c.date_of_birth, day)}
    found = Consent.objects.for_clinic(clinic).filter(client__in=clients, revoked_at__isnull=True)
    return {
        client_id
        for client_id, minor_at_signing in found.values_list("client_id", "minor_at_signing")
        if not (minor_at_signing and client_id in adults)
    }


def _due_reassessment(clinic: Clinic, clients: list[Client]) -> set[int]:
    # Only a client with an approved plan can be due: the rest cost no query.
    planned = set(
        TreatmentPlan.objects.for_clinic(clinic)
        .filter(client__in=clients, status=PlanStatus.APPROVED)
        .values_list("client_id", flat=True)
    )
    return {c.pk for c in clients if c.pk in planned and needs_reassessment(clinic, c)}


def day_rows(clinic: Clinic, day: date, *, therapist: Membership | None = None) -> list[DayRow]:
    """The day's appointments (cancelled ones last), each with its client's flags."""
    appointments = list(list_day(clinic, day, therapist=therapist))
    clients = list({a.client_id: a.client for a in appointments}.values())
    ids = [c.pk for c in clients]
    consent = _with_consent(clinic, clients, day)
    intake = set(
        Intake.objects.for_clinic(clinic)
        .filter(client_id__in=ids)
        .values_list("client_id", flat=True)
    )
    due = _due_reassessment(clinic, clients)
    owed = balances(clinic, ids)
    online = pending_client_ids(clinic, ids)
    rows = [
        DayRow(
            appointment=a,
            local_start=local(clinic, a.starts_at),
            consent=a.client_id in consent,
            intake=a.client_id in intake,
            reassessment_due=a.client_id in due,
            balance_due=owed[a.client_id].due,
            online_review=""
            if a.client_id not in online
            else ("today" if online[a.client_id] else "waiting"),
        )
        for a in appointments
    ]
    return sorted(rows, key=lambda r: (r.appointment.status not in HOLDING, r.local_start))


@dataclass(frozen=True)
class Period:
    """A stretch of a therapist's day on the calendar: an appointment, or free working time."""

    starts_at: datetime
    ends_at: datetime
    appointment: Appointment | None = None

    @property
    def minutes(self) -> int:
        return int((self.ends_at - self.starts_at).total_seconds() // 60)


@dataclass(frozen=True)
class TherapistDay:
    therapist: Membership
    day: date
    periods: list[Period]


def _free_and_taken(
    clinic: Clinic, day: date, hours: list[WorkingHours], taken: list[Appointment]
) -> list[Period]:
    periods = [Period(a.starts_at, a.ends_at, a) for a in taken]
    for block in hours:
        at = local_instant(clinic, day, block.starts)
        closes = local_instant(clinic, day, block.ends)
        for appointment in sorted(taken, key=lambda a: a.starts_at):
            if appointment.ends_at <= at or appointment.starts_at >= closes:
                continue
            if appointment.starts_at > at:
                periods.append(Period(at, appointment.starts_at))
            at = max(at, appointment.ends_at)
        if at < closes:
            periods.append(Period(at, closes))
    return sorted(periods, key=lambda p: (p.starts_at, p.appointment is None))


def calendar_days(
    clinic: Clinic, days: list[date], therapists: list[Membership]
) -> list[TherapistDay]:
    """Each therapist's days: appointments that hold time and the free working time around
    them (three queries, however many days and therapists)."""
    starts, _ = day_bounds(clinic, days[0])
    _, ends = day_bounds(clinic, days[-1])
    ids = [t.pk for t in therapists]
    appointments = [
        a
        for a in list_between(clinic, starts, ends)
        if a.therapist_id in ids and a.status in HOLDING
    ]
    hours = list(WorkingHours.objects.for_clinic(clinic).filter(therapist_id__in=ids))
    found = []
    for therapist in therapists:
        for day in days:
            lo, hi = day_bounds(clinic, day)
            taken = [
                a for a in appointments if a.therapist_id == therapist.pk and lo <= a.starts_at < hi
            ]
            blocks = [
                h for h in hours if h.therapist_id == therapist.pk and h.weekday == day.weekday()
            ]
            found.append(TherapistDay(therapist, day, _free_and_taken(clinic, day, blocks, taken)))
    return found


def week_days(day: date) -> list[date]:
    monday = day - timedelta(days=day.weekday())
    return [monday + timedelta(days=offset) for offset in range(7)]
