"""A plan's course on the calendar: the next sessions at the plan's frequency, proposed.

The plan's content gives sessions_per_week and weeks (DESIGN.md, `medmassage plan`). Sessions
are spread over the week (twice a week: Monday and Thursday of the first session's week
pattern; project policy) at the first session's clock time in the clinic's zone, so a course
keeps its local time across a daylight-saving change.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from medmassage.accounts.models import Clinic, Membership
from medmassage.plans.models import TreatmentPlan
from medmassage.scheduling.calendar import local_instant
from medmassage.scheduling.models import AppointmentType
from medmassage.scheduling.queries import clash, within_hours

# Days after the first session of the week, by sessions per week (project policy).
SPREAD = {1: (0,), 2: (0, 3), 3: (0, 2, 4), 4: (0, 1, 3, 4), 5: (0, 1, 2, 3, 4)}


@dataclass(frozen=True)
class Proposal:
    starts_at: datetime
    problem: str | None  # "therapist", "room", "time off", "outside hours" or None


def plan_frequency(plan: TreatmentPlan) -> tuple[int, int]:
    """Sessions per week and weeks of an approved plan (at least 1 and 1)."""
    content = plan.content or {}
    return max(int(content.get("sessions_per_week") or 1), 1), max(
        int(content.get("weeks") or 1), 1
    )


def propose_course(
    clinic: Clinic,
    *,
    sessions_per_week: int,
    weeks: int,
    therapist: Membership,
    type: AppointmentType,
    first_start: datetime,
) -> list[Proposal]:
    """The course's sessions from the first, each with what stands in its way (if anything)."""
    offsets = SPREAD.get(sessions_per_week) or tuple(
        round(i * 7 / sessions_per_week) for i in range(sessions_per_week)
    )
    first = first_start.astimezone(clinic.zone)
    proposals = []
    for week in range(weeks):
        for offset in offsets:
            day = first.date() + timedelta(days=7 * week + offset)
            starts_at = local_instant(clinic, day, first.time())
            ends_at = starts_at + timedelta(minutes=type.minutes)
            problem = clash(
                clinic,
                therapist_id=therapist.pk,
                room_id=None,
                starts_at=starts_at,
                ends_at=ends_at,
            )
            if problem is None and not within_hours(clinic, therapist.pk, starts_at, ends_at):
                problem = "outside hours"
            proposals.append(Proposal(starts_at, problem))
    return proposals
