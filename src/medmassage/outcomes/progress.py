"""A client's progress per measure over time, and when the chart should prompt re-assessment.

Project policy (documented here and in the progress page): a *session* is a visit at which the
client rated pain, i.e. an NPRS measurement given in the "visit" context, counted from the
approval of the plan in force. NPRS is recorded at every visit, so the count follows the visits
actually held, not those booked; a revised plan starts its own count. The *primary measure* is
the plan's first region-specific measure (one not given to everyone), else NPRS.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import TYPE_CHECKING

from django.utils import timezone

from medmassage.clinical.instruments import INSTRUMENTS, get_instrument
from medmassage.clinical.knowledge import knowledge
from medmassage.clinical.progress import Direction, progress
from medmassage.interop.svg_chart import mcid_target
from medmassage.outcomes.models import Context, Measurement, display_number
from medmassage.outcomes.queries import list_measurements
from medmassage.plans.queries import get_current_plan

if TYPE_CHECKING:
    from medmassage.accounts.models import Clinic
    from medmassage.clients.models import Client
    from medmassage.plans.models import TreatmentPlan

PAIN = "nprs"
SUGGESTION = (
    "Re-assess: give {name} again, then revise the treatment plan or refer the client "
    "(e.g. to their physician)."
)


@dataclass(frozen=True)
class SeriesPoint:
    on: date
    score: Decimal
    context: str


@dataclass(frozen=True, kw_only=True)
class MeasureProgress:
    """One instrument's scores over time against its baseline, judged by the clinical core."""

    instrument: str
    name: str
    unit: str
    higher_is_better: bool
    baseline: Decimal
    baseline_on: date
    latest: Decimal
    latest_on: date
    latest_band: str
    change: Decimal | None  # None while the baseline is the only score
    mcid: float | None
    mcid_target: float | None  # the score a clinically important improvement reaches
    direction: Direction | None
    series: tuple[SeriesPoint, ...]


@dataclass(frozen=True, kw_only=True)
class ReassessmentPrompt:
    """Why the chart asks for a re-assessment, and what it suggests."""

    reasons: tuple[str, ...]  # "reassessment_due", "pain_worse"
    messages: tuple[str, ...]
    primary: str
    sessions: int
    reassess_after: int | None
    suggestion: str


def get_progress(clinic: Clinic | int, client: Client) -> tuple[MeasureProgress, ...]:
    """Per instrument the client has done: baseline, latest, change and the core's direction."""
    by_instrument: dict[str, list[Measurement]] = {}
    for measurement in list_measurements(clinic, client):
        by_instrument.setdefault(measurement.instrument, []).append(measurement)
    return tuple(
        measure_progress(found) for key in INSTRUMENTS if (found := by_instrument.get(key))
    )


def measure_progress(measurements: list[Measurement]) -> MeasureProgress:
    """One instrument's measurements (oldest first) as progress against the baseline."""
    baselines = [m for m in measurements if m.context == Context.BASELINE]
    baseline, latest = (baselines or measurements)[0], measurements[-1]
    instrument = get_instrument(latest.instrument)
    compared = None
    if latest.pk != baseline.pk:
        compared = progress(instrument.id, float(baseline.score), float(latest.score))
    return MeasureProgress(
        instrument=instrument.id,
        name=instrument.name,
        unit=instrument.unit,
        higher_is_better=instrument.higher_is_better,
        baseline=baseline.score,
        baseline_on=_day(baseline),
        latest=latest.score,
        latest_on=_day(latest),
        latest_band=latest.band,
        change=None if compared is None else latest.score - baseline.score,
        mcid=instrument.mcid.points,
        mcid_target=mcid_target(instrument, float(baseline.score)),
        direction=None if compared is None else compared.direction,
        series=tuple(SeriesPoint(_day(m), m.score, m.context) for m in measurements),
    )


def needs_reassessment(clinic: Clinic | int, client: Client) -> ReassessmentPrompt | None:
    """A prompt when the re-assessment point passed without clinically important improvement
    on the primary measure, or pain rose at each of the last two visits; else None."""
    return reassessment_under(clinic, client, get_current_plan(clinic, client))


def reassessment_under(
    clinic: Clinic | int,
    client: Client,
    plan: TreatmentPlan | None,
    measurements: Sequence[Measurement] | None = None,
) -> ReassessmentPrompt | None:
    """`needs_reassessment` with the client's current plan already read (None: no plan), and
    their measurements if already read (oldest first, as `list_measurements` gives them)."""
    history = list(list_measurements(clinic, client)) if measurements is None else measurements
    point = reassessment_point(plan, history)
    name = get_instrument(point.primary).name
    reasons, messages = [], []
    if point.passed:
        reasons.append("reassessment_due")
        messages.append(
            f"Re-assessment point reached: {point.sessions} sessions since the plan was "
            f"approved (re-assess after {point.due_after}) without clinically important "
            f"improvement on {name}."
        )
    if rising := _pain_rising(history):
        reasons.append("pain_worse")
        messages.append(
            "Pain rose at each of the last two visits (NPRS "
            + " → ".join(display_number(score) for score in rising)
            + ")."
        )
    if not reasons:
        return None
    return ReassessmentPrompt(
        reasons=tuple(reasons),
        messages=tuple(messages),
        primary=point.primary,
        sessions=point.sessions,
        reassess_after=point.due_after,
        suggestion=SUGGESTION.format(name=name),
    )


@dataclass(frozen=True)
class ReassessmentPoint:
    """Where a client stands against their plan's re-assessment point."""

    primary: str
    sessions: int  # since the plan in force was approved
    due_after: int | None  # None: the plan sets no point
    reached_at: datetime | None  # when the session that reached the point was recorded
    # Clinically important improvement on the primary measure; None: not judged, the point is
    # not reached yet.
    improved: bool | None

    @property
    def passed(self) -> bool:
        """The point is reached without clinically important improvement: re-assess."""
        return self.improved is False


def reassessment_point(
    plan: TreatmentPlan | None, history: Sequence[Measurement]
) -> ReassessmentPoint:
    """The client's sessions under `plan` and its primary measure's judgement, from their
    measurements (oldest first)."""
    primary = primary_measure(plan)
    sessions = _sessions(history, plan)
    due_after = _due_after(plan)
    reached = sessions[due_after - 1] if due_after and len(sessions) >= due_after else None
    return ReassessmentPoint(
        primary=primary,
        sessions=len(sessions),
        due_after=due_after,
        reached_at=reached.administered_at if reached else None,
        improved=_improved(history, primary) if reached else None,
    )


def primary_measure(plan: TreatmentPlan | None) -> str:
    """The plan's first region-specific measure, else NPRS (project policy)."""
    given_to_all = set(knowledge().measures_always)
    measures = plan.document.measures if plan is not None else ()
    return next((m for m in measures if m in INSTRUMENTS and m not in given_to_all), PAIN)


def _pain_at_visits(history: Sequence[Measurement]) -> list[Measurement]:
    return [m for m in history if m.instrument == PAIN and m.context == Context.VISIT]


def _sessions(history: Sequence[Measurement], plan: TreatmentPlan | None) -> list[Measurement]:
    if plan is None or plan.approved_at is None:
        return []
    approved_at = plan.approved_at
    since = [m for m in _pain_at_visits(history) if m.administered_at >= approved_at]
    return sorted(since, key=lambda m: (m.administered_at, m.pk))


def _due_after(plan: TreatmentPlan | None) -> int | None:
    value = plan.document.reassess_after_sessions if plan is not None else 0
    return value if value > 0 else None


def _improved(history: Sequence[Measurement], instrument: str) -> bool:
    found = [m for m in history if m.instrument == instrument]
    return bool(found) and measure_progress(found).direction == "improved"


def _pain_rising(history: Sequence[Measurement]) -> tuple[Decimal, ...] | None:
    visits = sorted(_pain_at_visits(history), key=lambda m: (m.administered_at, m.pk))
    last = [m.score for m in visits[-3:]]
    if len(last) == 3 and last[0] < last[1] < last[2]:
        return tuple(last)
    return None


def _day(measurement: Measurement) -> date:
    return timezone.localdate(measurement.administered_at)
