"""The client's chart at a glance: what clinical roles see on the client page.

`get_chart` returns a frozen `Chart` gathered from the apps below it: consent (clients), the
latest screening (intake), the plan in force (plans), the last visit (visits), the measures and
the re-assessment prompt (outcomes). Each part has its template include under `charts/chart/`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from django.db.models import Q
from django.utils import timezone

from medmassage.accounts.models import Clinic
from medmassage.careteam.models import CareTeamMember
from medmassage.careteam.queries import list_care_team
from medmassage.clients.models import Client
from medmassage.clients.queries import ConsentStatus, get_consent_status
from medmassage.discharges.queries import get_discharge
from medmassage.homecare.adherence import Adherence, get_adherence
from medmassage.intake.queries import get_intake_summary
from medmassage.outcomes.models import Measurement
from medmassage.outcomes.progress import ReassessmentPrompt, reassessment_under
from medmassage.outcomes.queries import get_measure_summary, list_measurements
from medmassage.plans.models import PlanStatus, TreatmentPlan
from medmassage.plans.queries import get_chart_plan
from medmassage.referrals.models import Direction, Referral, ReferralStatus
from medmassage.referrals.queries import (
    Authorisation,
    authorisation,
    list_referrals,
    shown_status,
    with_visits_used,
)
from medmassage.visits.presenters import chart_summary
from medmassage.visits.queries import course_sessions, get_last_visit
from medmassage.words.vocabulary import label, lower_label

# Finding kinds as in the clinical core (DESIGN.md); these two must stand out on the chart.
STANDOUT_KINDS = frozenset({"red_flag", "contraindication"})


@dataclass(frozen=True)
class ChartFinding:
    """An active screening finding (from the latest intake)."""

    code: str
    kind: str  # red_flag, contraindication, precaution, scope, consent
    summary: str
    action: str = ""
    regions: tuple[str, ...] = ()
    recorded_on: date | None = None

    @property
    def stands_out(self) -> bool:
        return self.kind in STANDOUT_KINDS

    @property
    def kind_label(self) -> str:
        return label("finding_kind", self.kind)


@dataclass(frozen=True)
class ChartPlan:
    """The current treatment plan in brief."""

    plan_id: int
    status: str
    summary: str
    sessions_done: int = 0
    sessions_planned: int = 0
    approved_on: date | None = None
    discharged_on: date | None = None
    discharge_reason: str = ""


@dataclass(frozen=True)
class ChartVisit:
    """The last visit in brief."""

    visit_id: int
    visited_at: datetime
    therapist: str
    summary: str
    signed: bool = False


@dataclass(frozen=True)
class ChartMeasure:
    """The latest result of one outcome measure, against its baseline."""

    instrument: str
    label: str
    latest: Decimal
    measured_on: date
    baseline: Decimal | None = None
    mcid_met: bool | None = None


@dataclass(frozen=True)
class Chart:
    client: Client
    consent: ConsentStatus
    findings: tuple[ChartFinding, ...] = ()
    plan: ChartPlan | None = None
    last_visit: ChartVisit | None = None
    measures: tuple[ChartMeasure, ...] = ()
    # A prompt when the course is not working as planned.
    reassessment: ReassessmentPrompt | None = None
    # What the client logged of their home program in the portal.
    adherence: Adherence | None = None

    @property
    def alerts(self) -> tuple[ChartFinding, ...]:
        """Red flags and contraindications, shown first and loudest."""
        return tuple(f for f in self.findings if f.stands_out)


def get_chart(clinic: Clinic | int, client: Client) -> Chart:
    """Everything clinical on the client's page; call only for roles allowed clinical content."""
    # Read once for the plan panel and the re-assessment prompt (which needs the approved plan).
    shown = get_chart_plan(clinic, client, sessions_done=course_sessions(clinic))
    current = shown if shown is not None and shown.status == PlanStatus.APPROVED else None
    # Read once for the measures panel and the re-assessment prompt.
    measurements = list(list_measurements(clinic, client))
    return Chart(
        client=client,
        consent=get_consent_status(clinic, client),
        findings=_load_findings(clinic, client),
        plan=_load_plan(clinic, shown),
        last_visit=_load_last_visit(clinic, client),
        measures=_load_measures(clinic, client, measurements),
        reassessment=reassessment_under(clinic, client, current, measurements),
        adherence=get_adherence(clinic if isinstance(clinic, int) else clinic.pk, client),
    )


def _load_findings(clinic: Clinic | int, client: Client) -> tuple[ChartFinding, ...]:
    summary = get_intake_summary(clinic, client)
    if summary is None:
        return ()
    findings = [
        ChartFinding(
            code=item.code,
            kind=item.kind,
            summary=item.rationale,
            action=item.action,
            regions=tuple(item.regions),
            recorded_on=summary.visit_date,
        )
        for item in summary.findings
    ]
    # Standouts first; otherwise the screening's own order (most severe first).
    return tuple(sorted(findings, key=lambda finding: not finding.stands_out))


def _load_plan(clinic: Clinic | int, plan: TreatmentPlan | None) -> ChartPlan | None:
    if plan is None:
        return None
    document = plan.document
    techniques = ", ".join(label("technique", item.technique) for item in document.techniques)
    cap = lower_label("pressure", document.max_pressure) if document.max_pressure else "no"
    summary = f"v{plan.version}: {techniques or 'no hands-on work'}; up to {cap} pressure"
    if document.weeks:
        summary += f"; {document.sessions_per_week}/week for {document.weeks} weeks"
    discharge = get_discharge(clinic, plan) if plan.status == PlanStatus.CLOSED else None
    return ChartPlan(
        plan_id=plan.pk,
        status=plan.get_status_display(),
        summary=summary,
        sessions_done=int(vars(plan)["sessions_done"]),
        sessions_planned=document.planned_sessions,
        approved_on=plan.approved_at.date() if plan.approved_at else None,
        discharged_on=timezone.localdate(discharge.closed_at) if discharge else None,
        discharge_reason=discharge.get_reason_display() if discharge else "",
    )


def _load_last_visit(clinic: Clinic | int, client: Client) -> ChartVisit | None:
    last = get_last_visit(clinic, client)
    if last is None:
        return None
    visit = last.visit
    return ChartVisit(
        visit_id=visit.pk,
        visited_at=visit.started_at,
        therapist=visit.therapist.user.full_name,
        summary=chart_summary(visit, last.overrides),
        signed=visit.status == "signed",
    )


def _load_measures(
    clinic: Clinic | int, client: Client, measurements: list[Measurement]
) -> tuple[ChartMeasure, ...]:
    return tuple(
        ChartMeasure(
            instrument=item.instrument,
            label=item.name,
            latest=item.latest,
            measured_on=item.measured_on,
            baseline=item.baseline,
            mcid_met=item.mcid_met,
        )
        for item in get_measure_summary(clinic, client, measurements)
    )


# Referrals out that need nothing more: the answer came, or they were withdrawn.
CLOSED_OUT = (ReferralStatus.ANSWERED, ReferralStatus.CANCELLED)


@dataclass(frozen=True)
class CareLoop:
    """The care team, referrals out still open (with their shown status) and referrals in."""

    team: tuple[CareTeamMember, ...]
    open_referrals: tuple[tuple[Referral, str], ...]
    authorisations: tuple[Authorisation, ...]


def get_care_loop(clinic: Clinic | int, client: Client) -> CareLoop:
    """The chart's panel of the loop with the care team."""
    both = with_visits_used(
        clinic,
        list_referrals(clinic, client).filter(
            (Q(direction=Direction.OUT) & ~Q(status__in=CLOSED_OUT))
            | Q(direction=Direction.IN, status=ReferralStatus.ACTIVE)
        ),
    )
    referrals = list(both)  # one query for the open referrals out and the referrals in
    return CareLoop(
        team=tuple(list_care_team(clinic, client)),
        open_referrals=tuple(
            (r, shown_status(r)) for r in referrals if r.direction == Direction.OUT
        ),
        authorisations=tuple(authorisation(r) for r in referrals if r.direction == Direction.IN),
    )
