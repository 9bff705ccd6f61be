"""Keeping each course's summary current: recomputed from the client's own rows whenever a
service reports a change (`medmassage.course_figures.changed`), in that service's transaction.

A client has few courses and each has tens of visits, so recomputing the client's courses is a
handful of indexed queries; the report then never touches visits or measurements. Definitions
(project policy, shown on the report page):

- a course starts when its first plan version is approved and is *completed* when a version
  is closed with a discharge summary;
- its measurements are the client's scores from the end of the previous course to its own end
  (baselines are usually taken before the plan is approved);
- the *primary measure* and its judgement are the core's (`outcomes.progress.primary_measure`,
  `medmassage.clinical.progress`): *reached* means the latest score is improved on the baseline
  by at least the clinically important change; a measure without an established MCID, or
  without a follow-up yet, is not judged;
- *sessions to reach* counts the course's signed visits begun up to the first score that
  reached the MCID;
- *change* is the primary measure's latest minus baseline, in % of the instrument's range, made
  positive for improvement, so that instruments on different scales can share a median;
- a course is *due a re-assessment* (the dashboard's worklist) while its plan in force is
  approved and the chart's rule holds: the plan's re-assessment point reached without
  clinically important improvement on the primary measure (`outcomes.progress`), judged on all
  of the client's scores, as the chart judges them.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from decimal import ROUND_HALF_UP, Decimal
from itertools import groupby, pairwise
from operator import attrgetter, itemgetter
from typing import Any

from django.db import transaction
from django.utils import timezone

from medmassage.clinical.instruments import get_instrument
from medmassage.clinical.progress import progress
from medmassage.discharges.models import DischargeSummary
from medmassage.homecare.models import HomeProgramLog, LogStatus
from medmassage.intake.models import Intake
from medmassage.outcomes.models import Context, Measurement
from medmassage.outcomes.progress import (
    MeasureProgress,
    measure_progress,
    primary_measure,
    reassessment_point,
)
from medmassage.plans.models import PlanStatus, TreatmentPlan
from medmassage.reports.conditions import complaint_codes, condition_groups
from medmassage.reports.models import CourseFacet, CourseSummary, Dimension
from medmassage.tenancy import clinic_scope
from medmassage.visits.models import Adherence, AdverseEvent, TreatmentGiven, Visit, VisitStatus

MOST_OR_ALL = frozenset({Adherence.MOST, Adherence.ALL})
_TENTH = Decimal("0.1")


@dataclass
class _Course:
    """One chain of plan versions with the client's rows that belong to it."""

    root: TreatmentPlan
    versions: list[TreatmentPlan] = field(default_factory=list)
    closed: DischargeSummary | None = None
    window_start: datetime | None = None
    window_end: datetime | None = None

    @property
    def current(self) -> TreatmentPlan:
        return max(self.versions, key=lambda plan: plan.approved_at or plan.created_at)

    @property
    def plan_ids(self) -> set[int]:
        return {plan.pk for plan in self.versions}


def refresh_client_courses(clinic_id: int, client_id: int) -> None:
    """Recompute the summary (and group facets) of each of the client's courses."""
    refresh_clients(clinic_id, [client_id])


def refresh_clients(clinic_id: int, client_ids: Collection[int]) -> None:
    """`refresh_client_courses` for many clients of one clinic at once: each table is read
    once for all of them and the summaries are written in one statement (an upsert, so that
    two transactions refreshing one client both land)."""
    with clinic_scope(clinic_id):
        courses = _courses(client_ids)
        if not courses:
            return
        rows = _ClientRows.load(courses)
        _write(
            [_summarise(course, rows[client]) for client in courses for course in courses[client]]
        )


def refresh_every_course(clinic_id: int | None = None, *, batch: int = 500) -> int:
    """Recompute the summaries of every client with an approved plan (of one clinic, or all),
    a batch of clients per transaction: after an upgrade adds a figure, or a change to the
    knowledge base moves a measure's MCID. Returns how many clients were refreshed."""
    plans = TreatmentPlan.unscoped_objects.filter(approved_at__isnull=False)
    if clinic_id is not None:
        plans = plans.filter(clinic_id=clinic_id)
    pairs = plans.order_by("clinic_id", "client_id").values_list("clinic_id", "client_id")
    refreshed = 0
    for clinic, group in groupby(pairs.distinct().iterator(), key=itemgetter(0)):
        clients = [client for _, client in group]
        for start in range(0, len(clients), batch):
            with transaction.atomic():
                refresh_clients(clinic, clients[start : start + batch])
        refreshed += len(clients)
    return refreshed


def _courses(client_ids: Collection[int]) -> dict[int, list[_Course]]:
    plans = list(
        TreatmentPlan.objects.filter(client_id__in=client_ids)
        .select_related("practitioner")
        .defer("draft", "practitioner_document")
        .order_by("client_id", "version")
    )
    by_id = {plan.pk: plan for plan in plans}
    discharges = {
        d.plan_id: d for d in DischargeSummary.objects.filter(plan__client_id__in=client_ids)
    }
    found: dict[int, list[_Course]] = {}
    for client, own in groupby(plans, key=attrgetter("client_id")):
        if courses := _chain(list(own), by_id, discharges):
            found[client] = courses
    return found


def _chain(
    plans: list[TreatmentPlan],
    by_id: dict[int, TreatmentPlan],
    discharges: dict[int, DischargeSummary],
) -> list[_Course]:
    """One client's plans (by version) as courses, oldest first, each with its window."""
    chains: dict[int, _Course] = {}
    for plan in plans:
        if plan.approved_at is None:
            continue  # a draft: no part of any course yet
        root = plan
        while root.previous_id is not None and root.previous_id in by_id:
            root = by_id[root.previous_id]
        chains.setdefault(root.pk, _Course(root=root)).versions.append(plan)
    courses = sorted(chains.values(), key=lambda c: c.root.approved_at or c.root.created_at)
    for course in courses:
        course.closed = next((discharges[p] for p in course.plan_ids if p in discharges), None)
    for earlier, later in pairwise(courses):
        # A course left open when a new one began ends where the new one starts.
        earlier.window_end = earlier.closed.closed_at if earlier.closed else later.root.approved_at
        later.window_start = earlier.window_end
    if courses and courses[-1].closed is not None:
        courses[-1].window_end = courses[-1].closed.closed_at
    return courses


@dataclass
class _ClientRows:
    visits: list[Visit] = field(default_factory=list)
    techniques: dict[int, set[str]] = field(default_factory=dict)
    adverse: dict[int, int] = field(default_factory=dict)
    measurements: list[Measurement] = field(default_factory=list)
    logs: list[tuple[int, str]] = field(default_factory=list)  # (plan id, status)
    intakes: dict[int, dict[str, Any]] = field(default_factory=dict)

    @classmethod
    def load(cls, courses: dict[int, list[_Course]]) -> dict[int, _ClientRows]:
        """The rows of every client in `courses`, one query per table for all of them."""
        rows = {client: cls() for client in courses}
        signed = Visit.objects.filter(client_id__in=rows, status=VisitStatus.SIGNED)
        for visit in signed.only(
            "id", "client_id", "plan_id", "started_at", "signed_at", "home_care_adherence"
        ).order_by("started_at", "id"):
            rows[visit.client_id].visits.append(visit)
        given = TreatmentGiven.objects.filter(
            visit__client_id__in=rows, visit__status=VisitStatus.SIGNED
        )
        for client, visit_id, technique in given.values_list(
            "visit__client_id", "visit_id", "technique"
        ):
            rows[client].techniques.setdefault(visit_id, set()).add(technique)
        for client, visit_id in AdverseEvent.objects.filter(client_id__in=rows).values_list(
            "client_id", "visit_id"
        ):
            rows[client].adverse[visit_id] = rows[client].adverse.get(visit_id, 0) + 1
        for measurement in (
            Measurement.objects.filter(client_id__in=rows)
            .only("id", "client_id", "instrument", "score", "context", "administered_at", "band")
            .order_by("administered_at", "id")
        ):
            rows[measurement.client_id].measurements.append(measurement)
        for client, plan, status in HomeProgramLog.objects.filter(client_id__in=rows).values_list(
            "client_id", "program__plan_id", "status"
        ):
            rows[client].logs.append((plan, status))
        intakes = {c.current.intake_id: c.root.client_id for cs in courses.values() for c in cs}
        for intake, document in Intake.objects.filter(pk__in=intakes).values_list("id", "document"):
            rows[intakes[intake]].intakes[intake] = document
        return rows


@dataclass(frozen=True)
class _Summarised:
    summary: CourseSummary
    figures: dict[str, Any]
    groups: Sequence[tuple[str, str]]


def _summarise(course: _Course, rows: _ClientRows) -> _Summarised:
    plan = course.current
    visits = [visit for visit in rows.visits if visit.plan_id in course.plan_ids]
    document = rows.intakes.get(plan.intake_id, {})
    outcome = _Outcome.judge(course, plan, rows.measurements, visits)
    techniques = sorted({t for visit in visits for t in rows.techniques.get(visit.pk, ())})
    started_on = timezone.localdate(course.root.approved_at)
    figures: dict[str, Any] = {
        "clinic_id": course.root.clinic_id,
        "client_id": course.root.client_id,
        "therapist_id": plan.practitioner.membership_id,
        "started_on": started_on,
        "last_activity_on": max(
            [started_on, *(timezone.localdate(v.signed_at or v.started_at) for v in visits)]
        ),
        "completed": course.closed is not None,
        "visits": len(visits),
        "adverse_events": sum(rows.adverse.get(visit.pk, 0) for visit in visits),
        "judged": outcome.judged,
        "reached": outcome.reached,
        "change_pct": outcome.change_pct,
        "sessions_to_reach": outcome.sessions_to_reach,
        "adherence_asked": sum(1 for v in visits if v.home_care_adherence),
        "adherence_most": sum(1 for v in visits if v.home_care_adherence in MOST_OR_ALL),
        **_home_figures(rows.logs, course.plan_ids),
    }
    conditions = condition_groups(document)
    point = reassessment_point(plan, rows.measurements)
    in_force = plan.status == PlanStatus.APPROVED  # not closed, nor superseded by a new course
    summary = CourseSummary(
        **figures,
        root_plan=course.root,
        current_plan=plan,
        closed_on=timezone.localdate(course.closed.closed_at) if course.closed else None,
        discharge_reason=course.closed.reason if course.closed else "",
        primary_instrument=outcome.instrument,
        baseline=outcome.measure.baseline if outcome.measure else None,
        latest=outcome.measure.latest if outcome.measure else None,
        change=outcome.measure.change if outcome.measure else None,
        direction=(outcome.measure.direction or "") if outcome.measure else "",
        conditions=conditions,
        codes=complaint_codes(document),
        techniques=techniques,
        reassess_after=point.due_after or 0,
        sessions_since_approval=point.sessions,
        reassessment_due_since=point.reached_at if in_force and point.passed else None,
        updated_at=timezone.now(),
    )
    groups = [
        *((Dimension.CONDITION, value) for value in conditions),
        *((Dimension.TECHNIQUE, value) for value in techniques),
        (Dimension.THERAPIST, str(figures["therapist_id"])),
    ]
    return _Summarised(summary, figures, groups)


# Every column a refresh writes; the course's root plan is the summary's identity.
_WRITTEN = [
    f.name
    for f in CourseSummary._meta.concrete_fields
    if not f.primary_key and f.name != "root_plan"
]


def _write(summarised: list[_Summarised]) -> None:
    summaries = CourseSummary.objects.bulk_create(
        [item.summary for item in summarised],
        update_conflicts=True,
        unique_fields=["root_plan"],
        update_fields=_WRITTEN,
    )
    CourseFacet.objects.filter(course__in=[summary.pk for summary in summaries]).delete()
    CourseFacet.objects.bulk_create(
        CourseFacet(course=summary, dimension=d, value=v, **item.figures)
        for summary, item in zip(summaries, summarised, strict=True)
        for d, v in item.groups
    )


def _home_figures(logs: list[tuple[int, str]], plan_ids: set[int]) -> dict[str, int]:
    statuses = [status for plan_id, status in logs if plan_id in plan_ids]
    return {
        "home_logged": len(statuses),
        "home_done": statuses.count(LogStatus.DONE),
        "home_partly": statuses.count(LogStatus.PARTLY),
    }


@dataclass(frozen=True)
class _Outcome:
    instrument: str
    measure: MeasureProgress | None
    judged: bool
    reached: bool
    change_pct: Decimal | None
    sessions_to_reach: int | None

    @classmethod
    def judge(
        cls,
        course: _Course,
        plan: TreatmentPlan,
        measurements: list[Measurement],
        visits: list[Visit],
    ) -> _Outcome:
        instrument = primary_measure(plan)
        found = [
            m
            for m in measurements
            if m.instrument == instrument and _within(m.administered_at, course)
        ]
        if not found:
            return cls(instrument, None, False, False, None, None)
        measure = measure_progress(found)
        has_mcid = get_instrument(instrument).mcid.points is not None
        judged = has_mcid and measure.direction is not None
        reached = judged and measure.direction == "improved"
        return cls(
            instrument=instrument,
            measure=measure,
            judged=judged,
            reached=reached,
            change_pct=change_in_percent(measure),
            sessions_to_reach=_sessions_to_reach(measure, found, visits) if reached else None,
        )


def _within(when: datetime, course: _Course) -> bool:
    after_start = course.window_start is None or when > course.window_start
    before_end = course.window_end is None or when <= course.window_end
    return after_start and before_end


def change_in_percent(measure: MeasureProgress) -> Decimal | None:
    """Latest minus baseline in % of the instrument's range, positive when better."""
    if measure.change is None:
        return None
    instrument = get_instrument(measure.instrument)
    sign = 1 if instrument.higher_is_better else -1
    span = Decimal(str(instrument.max)) - Decimal(str(instrument.min))
    return (sign * measure.change * 100 / span).quantize(_TENTH, rounding=ROUND_HALF_UP)


def _sessions_to_reach(
    measure: MeasureProgress, found: list[Measurement], visits: list[Visit]
) -> int | None:
    # The baseline as the core's progress takes it: the first baseline score, else the first.
    baselines = [m for m in found if m.context == Context.BASELINE]
    start = found.index((baselines or found)[0])
    for m in found[start + 1 :]:
        compared = progress(measure.instrument, float(measure.baseline), float(m.score))
        if compared.direction == "improved":
            return sum(1 for visit in visits if visit.started_at <= m.administered_at)
    return None
