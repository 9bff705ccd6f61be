"""The outcomes report page, the courses behind each figure, and the report as CSV."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.db.models import Q, QuerySet
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from medmassage.accounts import policy
from medmassage.accounts.access import ClinicRequest, require_clinic
from medmassage.accounts.models import Role
from medmassage.audit.services import record_read
from medmassage.recordaccess.models import TreatingTeamMember
from medmassage.reports import presenters
from medmassage.reports.forms import DrillForm, PeriodForm
from medmassage.reports.models import CourseSummary
from medmassage.reports.queries import (
    DROPOUT_POLICY,
    FIGURE_LABELS,
    TOTAL,
    Group,
    OutcomesReport,
    Period,
    Scope,
    courses_behind,
    get_outcomes_report,
)
from medmassage.reports.research import list_exports

PAGE_SIZE = 50


def report_scope(request: ClinicRequest) -> Scope:
    """Owners see the clinic's courses; a therapist sees their own (403 for anyone else)."""
    policy.require(request.membership, "reports.outcomes.view")
    if policy.allows(request.membership, "reports.outcomes.clinic"):
        return Scope(request.clinic)
    return Scope(request.clinic, therapist=request.membership)


@require_GET
@require_clinic
def outcomes(request: ClinicRequest) -> HttpResponse:
    """Courses started in a period, by condition, technique and therapist, with the evidence."""
    scope = report_scope(request)
    today = timezone.localdate()
    form = PeriodForm(request.GET or None, today=today)
    period = form.period()
    report = get_outcomes_report(scope, period, as_of=today)
    record_read(
        "reports.outcomes.viewed",
        by=request.actor,
        details={"start": period.start, "end": period.end, "own": scope.therapist is not None},
    )
    context = {
        "form": form,
        "report": report,
        "sections": presenters.sections(report),
        "total": presenters.row(report, report.total),
        "period": period,
        "total_key": TOTAL,
        "dropout_policy": DROPOUT_POLICY,
        "can_export": policy.allows(request.membership, "reports.research.export"),
        "exports": list_exports(request.clinic)[:5]
        if policy.allows(request.membership, "reports.research.export")
        else [],
    }
    status = 422 if form.is_bound and form.errors else 200
    return render(request, "reports/outcomes.html", context, status=status)


@require_GET
@require_clinic
def courses(request: ClinicRequest) -> HttpResponse:
    """The courses behind one figure, for those allowed to see them; every client shown is
    recorded in the audit trail as read by this member."""
    scope = report_scope(request)
    today = timezone.localdate()
    form = DrillForm(request.GET, today=today)
    if not form.is_valid():
        return render(request, "reports/courses.html", {"form": form}, status=422)
    period = form.period()
    dimension, key = form.cleaned_data["dimension"], form.cleaned_data["group"]
    figure = form.cleaned_data["figure"]
    report = get_outcomes_report(scope, period, as_of=today)
    group = _group_of(report, dimension, key)
    page, off_team = None, 0
    if group is not None and not group.suppressed:
        found = courses_behind(
            scope, period, dimension=dimension, key=key, figure=figure, as_of=today
        )
        found, off_team = _treating_team_only(request, found)
        page = Paginator(found, PAGE_SIZE).get_page(request.GET.get("page"))
        for summary in page.object_list:
            record_read(
                "reports.outcomes.courses.viewed",
                by=request.actor,
                subject=summary,
                details={"dimension": dimension, "figure": figure},
            )
    context = {
        "form": form,
        "group": group,
        "figure_label": FIGURE_LABELS[figure],
        "page": page,
        "off_team": off_team,
        "period": period,
        "back": _back(period),
    }
    return render(request, "reports/courses.html", context, status=200 if group else 404)


def _treating_team_only(
    request: ClinicRequest, found: QuerySet[CourseSummary]
) -> tuple[QuerySet[CourseSummary], int]:
    """Under the clinic's treating-team setting a therapist lists only the courses of clients on
    their team (the figure still counts the others); returns the list and how many were left
    out. Break-glass opens one record, never a list."""
    membership = request.membership
    if not request.clinic.care_team_only or membership.role != Role.THERAPIST:
        return found, 0
    teams = TreatingTeamMember.objects.for_clinic(request.clinic).filter(membership=membership)
    mine = found.filter(
        Q(client__primary_therapist=membership) | Q(client_id__in=teams.values("client_id"))
    )
    return mine, found.count() - mine.count()


def _group_of(report: OutcomesReport, dimension: str, key: str) -> Group | None:
    if dimension == TOTAL:
        return report.total
    return next((g for g in report.sections.get(dimension, []) if g.key == key), None)


def _back(period: Period) -> str:
    return f"?start={period.start.isoformat()}&end={period.end.isoformat()}"


@require_GET
@require_clinic
def outcomes_csv(request: ClinicRequest) -> HttpResponse:
    """The report as CSV (suppressed groups without numbers)."""
    scope = report_scope(request)
    today = timezone.localdate()
    period = PeriodForm(request.GET or None, today=today).period()
    report = get_outcomes_report(scope, period, as_of=today)
    record_read(
        "reports.outcomes_csv.viewed",
        by=request.actor,
        details={"start": period.start, "end": period.end, "own": scope.therapist is not None},
    )
    response = HttpResponse(presenters.csv_text(report), content_type="text/csv; charset=utf-8")
    name = f"outcomes-{period.start.isoformat()}-{period.end.isoformat()}.csv"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
