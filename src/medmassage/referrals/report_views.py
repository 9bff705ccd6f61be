"""Progress report pages: draft from the record, edit, sign, send, download."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from medmassage.accounts import policy
from medmassage.accounts.access import ClinicRequest, require_clinic
from medmassage.audit.services import record_read
from medmassage.careteam import documents as stored
from medmassage.clients.access import client_for
from medmassage.problems import problem_message
from medmassage.referrals import queries, reports, sealing
from medmassage.referrals.models import Recommendation, SentVia
from medmassage.referrals.views import _download, _provider
from medmassage.words.vocabulary import label


@require_POST
@require_clinic
def new_report(request: ClinicRequest, client_id: int) -> HttpResponse:
    """Draft a progress report for a provider or an insurer."""
    client = client_for(request, client_id, "referrals.write")
    try:
        report = reports.draft_report(
            client=client,
            by=request.actor,
            provider=_provider(request),
            recipient=request.POST.get("recipient", ""),
        )
    except ValidationError as error:
        messages.error(request, problem_message(error))
        return redirect("referrals:client", client_id=client.pk)
    return redirect("referrals:report", report_id=report.pk)


@require_http_methods(["GET", "POST"])
@require_clinic
def report_detail(request: ClinicRequest, report_id: int) -> HttpResponse:
    """The report as it reads, editable while drafted."""
    policy.require(request.membership, "referrals.view")
    report = queries.get_report(request.clinic, report_id)
    errors: dict[str, list[str]] = {}
    if request.method == "POST":
        policy.require(request.membership, "referrals.write")
        fields = {
            name: request.POST.get(name, "")
            for name in ("summary", "recommendation", "recommendation_note", "recipient")
        }
        try:
            reports.update_report(report=report, by=request.actor, fields=fields)
        except ValidationError as error:
            errors = error.message_dict
            for name, value in fields.items():
                setattr(report, name, value)
        else:
            messages.success(request, "The report was saved.")
            return redirect("referrals:report", report_id=report.pk)
    else:
        record_read("referrals.report.viewed", by=request.actor, subject=report)
    shown = queries.shown_status(report)
    context = {
        **reports.report_context(report),
        "integrity": sealing.check_signed(report, by=request.actor),
        "status_label": label("report_status", shown),
        "errors": errors,
        "recommendations": Recommendation.choices,
        "via": SentVia.choices,
        "can_write": policy.allows(request.membership, "referrals.write"),
        "can_sign": policy.allows(request.membership, "referrals.sign"),
        "can_track": policy.allows(request.membership, "referrals.track"),
    }
    return render(request, "referrals/report.html", context, status=422 if errors else 200)


@require_POST
@require_clinic
def sign_report(request: ClinicRequest, report_id: int) -> HttpResponse:
    policy.require(request.membership, "referrals.sign")
    report = queries.get_report(request.clinic, report_id)
    reports.sign_report(report=report, by=request.actor)
    messages.success(request, "The report is signed: download it and send it.")
    return redirect("referrals:report", report_id=report.pk)


@require_POST
@require_clinic
def send_report(request: ClinicRequest, report_id: int) -> HttpResponse:
    policy.require(request.membership, "referrals.track")
    report = queries.get_report(request.clinic, report_id)
    reports.send_report(report=report, by=request.actor, via=request.POST.get("via", ""))
    messages.success(request, "Recorded as sent.")
    return redirect("referrals:report", report_id=report.pk)


@require_GET
@require_clinic
def report_pdf(request: ClinicRequest, report_id: int) -> HttpResponse:
    """The signed report as a PDF attachment."""
    policy.require(request.membership, "referrals.view")
    report = queries.get_report(request.clinic, report_id)
    return _download(
        request,
        report,
        content_type=stored.PDF,
        filename=f"progress-report-{report.pk}.pdf",
        action="referrals.report_document.viewed",
    )
