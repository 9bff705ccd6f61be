"""The only writers of progress reports: draft from the record, edit, sign (kept as a PDF),
send, acknowledge. Each one transaction with its audit event."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.db import transaction
from django.utils import timezone

from medmassage.accounts.actors import Actor
from medmassage.audit.services import record_event
from medmassage.careteam.models import Provider
from medmassage.clients.models import Client
from medmassage.outcomes.charts import chart
from medmassage.outcomes.progress import get_progress
from medmassage.problems import FieldErrors
from medmassage.referrals import documents
from medmassage.referrals.errors import NotEditable, WrongStep
from medmassage.referrals.models import ProgressReport, Recommendation, ReportStatus, SentVia
from medmassage.referrals.policy import REPORT_ANSWER_DAYS
from medmassage.referrals.report_facts import default_recommendation, gather_facts, period_of
from medmassage.referrals.sealing import seal_report

EDITABLE = ("summary", "recommendation", "recommendation_note", "recipient", "provider")


@transaction.atomic
def draft_report(
    *, client: Client, by: Actor, provider: Provider | None = None, recipient: str = ""
) -> ProgressReport:
    """Draft a progress report from the record, for a provider or an insurer."""
    errors = FieldErrors()
    if provider is not None and provider.clinic_id != client.clinic_id:
        errors.add("provider", "is not in this clinic's directory")
    addressed = (recipient or (provider.name if provider else "")).strip()
    if not addressed:
        errors.add("recipient", "choose a provider or name the insurer")
    errors.check_text("recipient", addressed, 200)
    errors.raise_any()
    facts = gather_facts(client)
    start, end = period_of(facts)
    report = ProgressReport.objects.for_clinic(client.clinic_id).create(
        clinic_id=client.clinic_id,
        client=client,
        provider=provider,
        recipient=addressed,
        status=ReportStatus.DRAFTED,
        period_start=start,
        period_end=end,
        facts=facts,
        recommendation=default_recommendation(facts),
        created_by=by.membership,
    )
    record_event(
        action="referrals.report.drafted",
        by=by,
        subject=report,
        client=client,
        details={"recommendation": report.recommendation},
    )
    return report


def _locked(report: ProgressReport) -> ProgressReport:
    return (
        ProgressReport.objects.for_clinic(report.clinic_id)
        .select_for_update(no_key=True)
        .get(pk=report.pk)
    )


@transaction.atomic
def update_report(*, report: ProgressReport, by: Actor, fields: dict[str, Any]) -> ProgressReport:
    """Edit the drafted report's words and recommendation (the facts stay as drafted)."""
    report = _locked(report)
    if not report.is_draft:
        raise NotEditable("A signed report never changes; draft a new one.")
    errors = FieldErrors()
    for name in sorted(set(fields) - set(EDITABLE)):
        errors.add(name, "cannot be changed here")
    if "recommendation" in fields:
        errors.check_choice("recommendation", fields["recommendation"], Recommendation.values)
    for name, limit in (("summary", 4000), ("recommendation_note", 2000), ("recipient", 200)):
        if name in fields:
            errors.check_text(name, fields[name], limit)
    if "recipient" in fields and not str(fields["recipient"]).strip():
        errors.add("recipient", "is required")
    errors.raise_any()
    for name in EDITABLE:
        if name in fields:
            value = fields[name]
            setattr(report, name, value.strip() if isinstance(value, str) else value)
    report.save()
    record_event(
        action="referrals.report.edited", by=by, subject=report, details={"fields": sorted(fields)}
    )
    return report


def report_context(report: ProgressReport) -> dict[str, Any]:
    """What the report shows (page and PDF): its facts, and each measure's graph now."""
    return {
        "report": report,
        "facts": report.facts,
        "client": report.client,
        "clinic": report.client.clinic,
        "provider": report.provider,
        "recipient": report.recipient,
        "therapist": report.signed_by or report.created_by,
        "charts": [chart(m) for m in get_progress(report.clinic_id, report.client)],
        "today": timezone.localdate(),
    }


@transaction.atomic
def sign_report(*, report: ProgressReport, by: Actor) -> ProgressReport:
    """Sign the report: drawn as a PDF with the graphs and kept as signed."""
    report = _locked(report)
    if not report.is_draft:
        raise WrongStep("This report is already signed.")
    report.status = ReportStatus.SIGNED
    report.signed_by = by.membership
    report.signed_at = timezone.now()
    documents.keep_signed_report(report, report_context(report))
    report.save()
    seal_report(report)
    record_event(
        action="referrals.report.signed",
        by=by,
        subject=report,
        details={"recommendation": report.recommendation, "sha256": report.document_sha256},
    )
    return report


@transaction.atomic
def send_report(*, report: ProgressReport, by: Actor, via: str) -> ProgressReport:
    """Record that the signed report went out; an acknowledgement is expected (policy)."""
    report = _locked(report)
    if report.status != ReportStatus.SIGNED:
        raise WrongStep("Sign the report before sending it.")
    errors = FieldErrors()
    errors.check_choice("via", via, SentVia.values)
    errors.raise_any()
    report.status = ReportStatus.SENT
    report.sent_at = timezone.now()
    report.sent_via = via
    report.expected_answer_by = timezone.localdate() + timedelta(days=REPORT_ANSWER_DAYS)
    report.save(update_fields=["status", "sent_at", "sent_via", "expected_answer_by"])
    record_event(action="referrals.report.sent", by=by, subject=report, details={"via": via})
    return report


@transaction.atomic
def acknowledge_report(*, report: ProgressReport, by: Actor) -> ProgressReport:
    """The recipient answered (acknowledged, or asked for more)."""
    report = _locked(report)
    if report.status != ReportStatus.SENT:
        raise WrongStep("Only a sent report can be acknowledged.")
    report.status = ReportStatus.ANSWERED
    report.answered_at = timezone.now()
    report.save(update_fields=["status", "answered_at"])
    record_event(action="referrals.report.answered", by=by, subject=report, details={})
    return report
