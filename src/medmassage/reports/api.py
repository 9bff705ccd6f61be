"""JSON API of the outcomes report: the same report as the page, suppression included."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.utils import timezone
from ninja import Query, Router

from medmassage.accounts.access import ClinicRequest
from medmassage.audit.services import record_read
from medmassage.problems import FieldErrors
from medmassage.reports.figures import MIN_CLIENTS
from medmassage.reports.forms import PeriodForm
from medmassage.reports.queries import DROPOUT_POLICY, Group, get_outcomes_report
from medmassage.reports.schemas import OutcomesOut, PeriodQuery
from medmassage.reports.views import report_scope

router = Router(tags=["reports"])


@router.get(
    "/reports/outcomes",
    response=OutcomesOut,
    url_name="reports-outcomes",
    summary="Outcomes of the courses started in a period, by condition, technique, therapist",
)
def outcomes(request: ClinicRequest, filters: Query[PeriodQuery]) -> dict[str, Any]:
    """Owners get the clinic's courses, therapists their own; groups of fewer than 5 clients
    are suppressed (no figures), with the smallest others of their dimension until the
    suppressed hold 5 clients (complementary). Default period: the last year. Audited."""
    scope = report_scope(request)
    today = timezone.localdate()
    form = PeriodForm(
        {k: v.isoformat() for k, v in filters.model_dump().items() if v is not None},
        today=today,
    )
    if not form.is_valid():
        errors = FieldErrors()
        for field, messages in form.errors.items():
            errors.add(field, " ".join(str(m) for m in messages))
        errors.raise_any()
    period = form.period()
    report = get_outcomes_report(scope, period, as_of=today)
    record_read(
        "reports.outcomes.viewed",
        by=request.actor,
        details={"start": period.start, "end": period.end, "own": scope.therapist is not None},
    )
    return {
        "start": period.start,
        "end": period.end,
        "as_of": today,
        "own_courses_only": scope.therapist is not None,
        "min_clients": MIN_CLIENTS,
        "dropout_policy": DROPOUT_POLICY,
        "total": group_out(report.total),
        "conditions": [group_out(g) for g in report.sections["condition"]],
        "techniques": [group_out(g) for g in report.sections["technique"]],
        "therapists": [group_out(g) for g in report.sections["therapist"]],
    }


def group_out(group: Group) -> dict[str, Any]:
    """A group as the API shows it: figures only when not suppressed."""
    f = group.figures
    figures = None
    if f is not None:
        figures = {
            "clients": f.clients,
            "courses_started": f.started,
            "courses_completed": f.completed,
            "courses_dropped_out": f.dropped_out,
            "courses_judged": f.judged,
            "courses_reached_mcid": f.reached,
            "clients_judged": f.judged_clients,
            "clients_reached_mcid": f.reached_clients,
            "reached_percent": _float(f.reached_share),
            "reached_ci95_low_percent": _float(f.reached_low),
            "reached_ci95_high_percent": _float(f.reached_high),
            "median_change_percent_of_scale": _float(f.median_change),
            "courses_with_change": f.changes,
            "median_sessions_to_reach": _float(f.median_sessions),
            "visits": f.visits,
            "adverse_events": f.adverse_events,
            "adverse_events_per_100_visits": _float(f.adverse_per_100),
            "adherence_visits_most_or_all_percent": _float(f.adherence_visits),
            "home_sessions_logged": f.home_logged,
            "home_adherence_percent": _float(f.adherence_portal),
        }
    return {
        "dimension": group.dimension,
        "key": group.key,
        "label": group.label,
        "suppressed": group.suppressed,
        "figures": figures,
        "icd10": list(group.codes),
        "evidence": [{**vars(e), "citations": list(e.citations)} for e in group.evidence],
    }


def _float(value: Decimal | None) -> float | None:
    return None if value is None else round(float(value), 4)
