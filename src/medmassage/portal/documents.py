"""The client's documents in the portal: the home-program handout, receipts, superbills (to
claim from an insurer), discharge summaries. Each is the client's own (another client's is a
404) and each read is audited with the client as the actor."""

from __future__ import annotations

from dataclasses import dataclass

from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from medmassage.billing import queries as billing
from medmassage.billing.documents import receipt_context, superbill_context
from medmassage.billing.models import Invoice, InvoiceStatus, Payment
from medmassage.clientaccounts.actors import ClientActor
from medmassage.discharges.documents import summary_document
from medmassage.discharges.models import DischargeSummary
from medmassage.homecare.models import HomeProgram
from medmassage.homecare.presenters import handout_context
from medmassage.homecare.queries import get_current_program
from medmassage.interop.pdf import discharge_summary, home_program_handout, receipt, superbill
from medmassage.portal.reads import record_client_read
from medmassage.portal.session import PortalRequest, require_client


def pdf_response(found: ClientFile) -> HttpResponse:
    """The document as a download."""
    response = HttpResponse(found.content, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{found.filename}"'
    response["X-Content-Type-Options"] = "nosniff"
    return response


@dataclass(frozen=True)
class ClientFile:
    """One of the client's documents, rendered, with the name to save it under."""

    content: bytes
    filename: str


@dataclass(frozen=True)
class Listing:
    """What the client can download."""

    program: HomeProgram | None
    payments: list[Payment]
    invoices: list[Invoice]
    discharges: list[DischargeSummary]


def discharges_of(actor: ClientActor) -> list[DischargeSummary]:
    return list(
        DischargeSummary.objects.for_clinic(actor.clinic_id)
        .filter(client=actor.client)
        .select_related("plan")
        .order_by("-closed_at", "-id")
    )


def invoices_of(actor: ClientActor) -> list[Invoice]:
    """The client's own invoices that stand (a void invoice has no superbill)."""
    found = billing.list_invoices(actor.clinic_id, client=actor.client)
    return list(found.filter(status=InvoiceStatus.ISSUED).order_by("-issued_at", "-id"))


def listing_of(actor: ClientActor) -> Listing:
    """The client's documents (the read is audited)."""
    record_client_read(actor, "documents")
    return Listing(
        program=get_current_program(actor.clinic_id, actor.client),
        payments=list(billing.list_payments(actor.clinic_id, client=actor.client)),
        invoices=invoices_of(actor),
        discharges=discharges_of(actor),
    )


def handout_file(actor: ClientActor) -> ClientFile:
    """The current home program as the printable handout."""
    program = get_current_program(actor.clinic_id, actor.client)
    if program is None:
        raise Http404("No home program yet")
    record_client_read(actor, "home_program_handout", program)
    return ClientFile(home_program_handout(handout_context(program)), "home-program.pdf")


def receipt_file(actor: ClientActor, payment_id: int) -> ClientFile:
    """The receipt of one of the client's own payments (or refunds)."""
    payment = billing.list_payments(actor.clinic_id, client=actor.client).filter(pk=payment_id)
    found = payment.select_related("client").first()
    if found is None:
        raise Http404("No such payment")
    record_client_read(actor, "receipt", found)
    content = receipt(receipt_context(actor.clinic, found))
    return ClientFile(content, f"receipt-{found.invoice.number}-{found.pk}.pdf")


def superbill_file(actor: ClientActor, invoice_id: int) -> ClientFile:
    """The superbill of one of the client's own invoices, to claim from their insurer."""
    found = next((i for i in invoices_of(actor) if i.pk == invoice_id), None)
    if found is None:
        raise Http404("No such invoice")
    record_client_read(actor, "superbill", found)
    content = superbill(superbill_context(actor.clinic, found))
    return ClientFile(content, f"superbill-{found.number}.pdf")


def discharge_file(actor: ClientActor, plan_id: int) -> ClientFile:
    """The discharge summary of one of the client's own closed plans."""
    found = next((d for d in discharges_of(actor) if d.plan_id == plan_id), None)
    if found is None:
        raise Http404("No such discharge summary")
    record_client_read(actor, "discharge_summary", found)
    content = discharge_summary(summary_document(found.plan, found))
    return ClientFile(content, f"discharge-summary-{found.plan.version}.pdf")


@require_client
@require_GET
def documents(request: PortalRequest) -> HttpResponse:
    """What the client can download: the handout, receipts, superbills, discharge summaries."""
    actor = request.client_actor
    found = listing_of(actor)
    context = {
        "program": found.program,
        "payments": found.payments,
        "invoices": found.invoices,
        "discharges": found.discharges,
        "zone": actor.clinic.zone,
    }
    return render(request, "portal/documents.html", context)


@require_client
@require_GET
def handout(request: PortalRequest) -> HttpResponse:
    return pdf_response(handout_file(request.client_actor))


@require_client
@require_GET
def receipt_pdf(request: PortalRequest, payment_id: int) -> HttpResponse:
    return pdf_response(receipt_file(request.client_actor, payment_id))


@require_client
@require_GET
def superbill_pdf(request: PortalRequest, invoice_id: int) -> HttpResponse:
    return pdf_response(superbill_file(request.client_actor, invoice_id))


@require_client
@require_GET
def discharge_pdf(request: PortalRequest, plan_id: int) -> HttpResponse:
    return pdf_response(discharge_file(request.client_actor, plan_id))
