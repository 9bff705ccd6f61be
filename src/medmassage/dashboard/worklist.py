"""The dashboard as a worklist: what is waiting for someone today.

A therapist sees their own work: today's clients, notes left unsigned, adverse events of their
visits still to review, clients due a re-assessment on plans they treat under, and their own
licence if it runs out soon. The owner sees the same for the whole clinic. The front desk sees
today's appointments and licences (identity and standing only, never clinical content).
Each list costs a fixed number of queries, however long the history.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import TypeVar

from django.db.models import Model, QuerySet
from django.utils import timezone

from medmassage.accounts import policy
from medmassage.accounts.models import Clinic, Membership, Role
from medmassage.clients.models import Client
from medmassage.clinical.instruments import get_instrument
from medmassage.practitioners.credentials import WARNING_WINDOW
from medmassage.practitioners.models import Licence
from medmassage.reports.models import CourseSummary
from medmassage.scheduling.calendar import day_bounds, local
from medmassage.scheduling.models import Appointment, Status
from medmassage.scheduling.queries import list_day
from medmassage.visits.models import AdverseEvent, Visit, VisitStatus

# A note left unsigned for more than a day is listed for its therapist to finish (today's
# open notes are among today's clients).
UNSIGNED_AFTER = timedelta(days=1)
# A list names this many (the most overdue first), then says how many more: counted up to a
# cap, so that the page costs the same however large the clinic ("more than 988 more").
SHOWN = 12
COUNTED = 1_000


_Row = TypeVar("_Row", bound=Model)


@dataclass(frozen=True)
class More:
    """How many a list leaves out."""

    count: int = 0
    capped: bool = False  # more than `count`: the count stopped at its cap


def first_of(found: QuerySet[_Row]) -> tuple[list[_Row], More]:
    """The first `SHOWN` of an ordered query, and how many more it holds (up to the cap)."""
    shown = list(found[:SHOWN])
    counted = len(shown)
    if counted == SHOWN:
        counted = found.values("pk")[: COUNTED + 1].count()
    return shown, More(min(counted, COUNTED) - len(shown), capped=counted > COUNTED)


@dataclass(frozen=True)
class TodayItem:
    """One client of today: an appointment, or a visit opened without one."""

    at: datetime
    client: Client
    therapist: str
    state: str
    visit: Visit | None = None
    appointment: Appointment | None = None


@dataclass(frozen=True)
class DueReassessment:
    client: Client
    sessions: int
    reassess_after: int
    measure: str


@dataclass(frozen=True)
class ExpiringLicence:
    licence: Licence
    name: str
    days_left: int

    @property
    def lapsed(self) -> bool:
        return self.days_left < 0


@dataclass(frozen=True)
class Worklist:
    clinic_wide: bool
    clinical: bool
    today: list[TodayItem] = field(default_factory=list)
    unsigned: list[Visit] = field(default_factory=list)
    adverse_events: list[AdverseEvent] = field(default_factory=list)
    reassessments: list[DueReassessment] = field(default_factory=list)
    more_unsigned: More = More()
    more_reassessments: More = More()
    licences: list[ExpiringLicence] = field(default_factory=list)

    @property
    def shown(self) -> dict[str, int]:
        """How many clients each list names (for the read audit: counts, never health data)."""
        counts = {
            "today": len(self.today),
            "unsigned_notes": len(self.unsigned),
            "adverse_events": len(self.adverse_events),
            "reassessments_due": len(self.reassessments),
        }
        return {name: count for name, count in counts.items() if count}


def get_worklist(membership: Membership) -> Worklist:
    """The member's worklist: their own as a therapist, the clinic's as owner or front desk."""
    mine = membership if membership.role == Role.THERAPIST else None
    clinical = policy.allows(membership, "clients.clinical.view")
    day = timezone.localdate(timezone.now(), membership.clinic.zone)
    worklist = Worklist(
        clinic_wide=mine is None,
        clinical=clinical,
        today=list_today(membership, mine, day, visits_too=clinical),
        licences=list_expiring_licences(membership, mine, day),
    )
    if not clinical:
        return worklist
    unsigned, more_unsigned = first_of(list_unsigned(membership, mine))
    due, more_due = list_due_reassessments(membership, mine)
    return Worklist(
        clinic_wide=worklist.clinic_wide,
        clinical=True,
        today=worklist.today,
        unsigned=unsigned,
        more_unsigned=more_unsigned,
        adverse_events=list(list_adverse_events_to_review(membership, mine)),
        reassessments=due,
        more_reassessments=more_due,
        licences=worklist.licences,
    )


_VISIT_STATES = {
    VisitStatus.DRAFT: "note open",
    VisitStatus.SIGNED: "note signed",
    VisitStatus.STOPPED: "stopped at check-in",
}


def _visit_state(visit: Visit) -> str:
    return _VISIT_STATES.get(VisitStatus(visit.status), visit.get_status_display().lower())


def _therapist_name(member: Membership) -> str:
    return member.user.full_name or member.user.email


def list_today(
    membership: Membership, mine: Membership | None, day: date, *, visits_too: bool
) -> list[TodayItem]:
    """Today's appointments (not cancelled) and, for clinical roles, visits opened today
    without one, by time."""
    clinic = membership.clinic
    appointments = list(
        list_day(clinic, day, therapist=mine)
        .exclude(status=Status.CANCELLED)
        .select_related("visit")
    )
    booked = {a.visit_id for a in appointments if a.visit_id}
    items = [
        TodayItem(
            at=local(clinic, a.starts_at),
            client=a.client,
            therapist=_therapist_name(a.therapist),
            state=_visit_state(a.visit) if a.visit else a.get_status_display().lower(),
            visit=a.visit,
            appointment=a,
        )
        for a in appointments
    ]
    if visits_too:
        items += _visits_without_appointment(clinic, mine, day, booked)
    return sorted(items, key=lambda item: item.at)


def _visits_without_appointment(
    clinic: Clinic, mine: Membership | None, day: date, booked: set[int]
) -> list[TodayItem]:
    starts, ends = day_bounds(clinic, day)
    visits = Visit.objects.for_clinic(clinic).filter(started_at__gte=starts, started_at__lt=ends)
    if mine is not None:
        visits = visits.filter(therapist=mine)
    return [
        TodayItem(
            at=local(clinic, v.started_at),
            client=v.client,
            therapist=_therapist_name(v.therapist),
            state=_visit_state(v),
            visit=v,
        )
        for v in visits.select_related("client", "therapist__user")
        if v.pk not in booked
    ]


def list_unsigned(membership: Membership, mine: Membership | None) -> QuerySet[Visit]:
    """Draft notes started more than a day ago, oldest first (with what the list shows)."""
    cutoff = timezone.now() - UNSIGNED_AFTER
    found = Visit.objects.for_clinic(membership.clinic_id).filter(
        status=VisitStatus.DRAFT, started_at__lt=cutoff
    )
    if mine is not None:
        found = found.filter(therapist=mine)
    return (
        found.select_related("client", "therapist__user")
        .only("id", "started_at", "client", "therapist__user__full_name")
        .order_by("started_at", "id")
    )


def list_adverse_events_to_review(
    membership: Membership, mine: Membership | None
) -> QuerySet[AdverseEvent]:
    """Adverse events not yet reviewed (each lowers the next visit's cap), oldest first."""
    found = AdverseEvent.objects.for_clinic(membership.clinic_id).filter(reviewed_at__isnull=True)
    if mine is not None:
        found = found.filter(visit__therapist=mine)
    return found.select_related("client", "visit").order_by("recorded_at", "id")


def list_due_reassessments(
    membership: Membership, mine: Membership | None
) -> tuple[list[DueReassessment], More]:
    """Clients whose plan in force passed its re-assessment point without clinically important
    improvement on its primary measure (the chart's rule, `outcomes.progress`), longest overdue
    first, and how many more. Read from the course
    summaries, which each change to a plan, visit or measurement keeps current: one index
    range of the due rows."""
    due = CourseSummary.objects.for_clinic(membership.clinic_id).filter(
        reassessment_due_since__isnull=False
    )
    if mine is not None:
        due = due.filter(therapist=mine)
    shown, more = first_of(due.select_related("client").order_by("reassessment_due_since", "id"))
    listed = [
        DueReassessment(
            client=summary.client,
            sessions=summary.sessions_since_approval,
            reassess_after=summary.reassess_after,
            measure=get_instrument(summary.primary_instrument).name,
        )
        for summary in shown
    ]
    return listed, more


def list_expiring_licences(
    membership: Membership, mine: Membership | None, day: date
) -> list[ExpiringLicence]:
    """Practitioners whose latest licence lapsed or runs out within the warning window."""
    licences = (
        Licence.objects.for_clinic(membership.clinic_id)
        .filter(practitioner__membership__is_active=True)
        .select_related("practitioner__membership__user")
        .order_by("practitioner_id", "-expires_on", "-id")
    )
    if mine is not None:
        licences = licences.filter(practitioner__membership=mine)
    latest: dict[int, Licence] = {}
    for licence in licences:
        latest.setdefault(licence.practitioner_id, licence)
    found = [
        ExpiringLicence(
            licence=licence,
            name=_therapist_name(licence.practitioner.membership),
            days_left=(licence.expires_on - day).days,
        )
        for licence in latest.values()
        if licence.expires_on <= day + WARNING_WINDOW
    ]
    return sorted(found, key=lambda item: item.days_left)
