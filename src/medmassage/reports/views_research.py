"""The owner's research exports: ask for one (a background job prepares it), download it."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods

from medmassage.accounts import policy
from medmassage.accounts.access import ClinicRequest, require_clinic
from medmassage.audit.services import record_read
from medmassage.reports.deidentify import SAFE_HARBOR
from medmassage.reports.models import ExportStatus
from medmassage.reports.research import get_export, list_exports, request_research_export


@require_http_methods(["GET", "POST"])
@require_clinic
def exports(request: ClinicRequest) -> HttpResponse:
    """The clinic's research exports; POST queues a new one."""
    policy.require(request.membership, "reports.research.export")
    if request.method == "POST":
        request_research_export(by=request.actor)
        messages.success(request, "The de-identified dataset is being prepared.")
        return redirect("reports:research")
    context = {"exports": list_exports(request.clinic)[:20], "safe_harbor": SAFE_HARBOR}
    return render(request, "reports/research.html", context)


@require_GET
@require_clinic
def download(request: ClinicRequest, research_export_id: int) -> HttpResponse:
    """The prepared dataset (a ZIP of CSV files and its data dictionary). Audited."""
    policy.require(request.membership, "reports.research.export")
    export = get_export(request.clinic, research_export_id)
    if export.status != ExportStatus.DONE or export.archive is None:
        messages.info(request, "That dataset is not ready.")
        return redirect("reports:research")
    record_read("reports.research_export.viewed", by=request.actor, subject=export)
    response = HttpResponse(bytes(export.archive), content_type="application/zip")
    name = f"medmassage-research-{export.pk}.zip"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
