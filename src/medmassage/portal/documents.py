"""The client's documents in the portal: the home-program handout, receipts, superbills (to
claim from an insurer), discharge summaries. Each is the client's own (another client's is a
404) and each read is audited with the client as the actor."""

from __future__ import annotations

from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from medmassage.billing import queries as billing
from medmassage.billing.documents import receipt_context, superbill_context
from medmassage.billing.models import Invoice, InvoiceStatus
from medmassage.discharges.documents import summary_document
from medmassage.discharges.models import DischargeSummary
from medmassage.homecare.presenters import handout_context
from medmassage.homecare.queries import get_current_program
from medmassage.interop.pdf import discharge_summary, home_program_handout, receipt, superbill
from medmassage.portal.reads import record_client_read
from medmassage.portal.session import PortalRequest, require_client


def _pdf(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["X-Content-Type-Options"] = "nosniff"
    return response


def _discharges(request: PortalRequest) -> list[DischargeSummary]:
    actor = request.client_actor
    return list(
        DischargeSummary.objects.for_clinic(actor.clinic_id)
        .filter(client=actor.client)
        .select_related("plan")
        .order_by("-closed_at", "-id")
    )


def _invoices(request: PortalRequest) -> list[Invoice]:
    """The client's own invoices that stand (a void invoice has no superbill)."""
    actor = request.client_actor
    found = billing.list_invoices(actor.clinic_id, client=actor.client)
    return list(found.filter(status=InvoiceStatus.ISSUED).order_by("-issued_at", "-id"))


@require_client
@require_GET
def documents(request: PortalRequest) -> HttpResponse:
    """What the client can download: the handout, receipts, superbills, discharge summaries."""
    actor = request.client_actor
    record_client_read(actor, "documents")
    context = {
        "program": get_current_program(actor.clinic_id, actor.client),
        "payments": list(billing.list_payments(actor.clinic_id, client=actor.client)),
        "invoices": _invoices(request),
        "discharges": _discharges(request),
        "zone": actor.clinic.zone,
    }
    return render(request, "portal/documents.html", context)


@require_client
@require_GET
def handout(request: PortalRequest) -> HttpResponse:
    """The current home program as the printable handout."""
    actor = request.client_actor
    program = get_current_program(actor.clinic_id, actor.client)
    if program is None:
        raise Http404("No home program yet")
    record_client_read(actor, "home_program_handout", program)
    return _pdf(home_program_handout(handout_context(program)), "home-program.pdf")


@require_client
@require_GET
def receipt_pdf(request: PortalRequest, payment_id: int) -> HttpResponse:
    """The receipt of one of the client's own payments (or refunds)."""
    actor = request.client_actor
    payment = billing.list_payments(actor.clinic_id, client=actor.client).filter(pk=payment_id)
    found = payment.select_related("client").first()
    if found is None:
        raise Http404("No such payment")
    record_client_read(actor, "receipt", found)
    content = receipt(receipt_context(actor.clinic, found))
    return _pdf(content, f"receipt-{found.invoice.number}-{found.pk}.pdf")


@require_client
@require_GET
def superbill_pdf(request: PortalRequest, invoice_id: int) -> HttpResponse:
    """The superbill of one of the client's own invoices, to claim from their insurer."""
    actor = request.client_actor
    found = next((i for i in _invoices(request) if i.pk == invoice_id), None)
    if found is None:
        raise Http404("No such invoice")
    record_client_read(actor, "superbill", found)
    content = superbill(superbill_context(actor.clinic, found))
    return _pdf(content, f"superbill-{found.number}.pdf")


@require_client
@require_GET
def discharge_pdf(request: PortalRequest, plan_id: int) -> HttpResponse:
    """The discharge summary of one of the client's own closed plans."""
    actor = request.client_actor
    found = next((d for d in _discharges(request) if d.plan_id == plan_id), None)
    if found is None:
        raise Http404("No such discharge summary")
    record_client_read(actor, "discharge_summary", found)
    context = summary_document(found.plan, found)
    return _pdf(discharge_summary(context), f"discharge-summary-{found.plan.version}.pdf")
