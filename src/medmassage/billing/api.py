"""JSON API of billing: `invoices`, `invoices/{id}`, `payments` (same rules as the pages)."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from ninja import Router, Status

from medmassage.accounts import policy
from medmassage.accounts.access import ClinicRequest
from medmassage.audit.services import record_read
from medmassage.billing import payments, queries, services
from medmassage.billing.models import Invoice, Payment
from medmassage.billing.schemas import InvoiceIn, InvoiceOut, InvoicePatch, PaymentIn, PaymentOut
from medmassage.clients.queries import get_client
from medmassage.inputs import IsoDate
from medmassage.problems import invalid
from medmassage.scheduling.calendar import day_bounds
from medmassage.scheduling.models import AppointmentType
from medmassage.scheduling.queries import list_types
from medmassage.visits.models import Visit

router = Router(tags=["billing"])
MAX_ROWS = 500


def invoice_out(request: ClinicRequest, invoice: Invoice) -> dict[str, Any]:
    state = queries.invoice_state(request.clinic, invoice)
    return {
        "id": invoice.pk,
        "number": invoice.number,
        "client_id": invoice.client_id,
        "client_name": invoice.client.full_name,
        "kind": invoice.kind,
        "status": invoice.status,
        "issued_at": invoice.issued_at,
        "period_start": invoice.period_start,
        "period_end": invoice.period_end,
        "total": invoice.total,
        "paid": state.paid,
        "due": state.due,
        "void_reason": invoice.void_reason,
        "lines": list(queries.list_lines(request.clinic, invoice)),
    }


def payment_out(payment: Payment) -> dict[str, Any]:
    return {
        "id": payment.pk,
        "invoice_id": payment.invoice_id,
        "client_id": payment.client_id,
        "kind": payment.kind,
        "method": payment.method,
        "amount": payment.amount,
        "reference": payment.reference,
        "note": payment.note,
        "refund_of": payment.refund_of_id,
        "received_at": payment.received_at,
    }


def _type(request: ClinicRequest, type_id: int | None) -> AppointmentType | None:
    if type_id is None:
        return None
    found = list_types(request.clinic).filter(pk=type_id).first()
    if found is None:
        raise invalid("type_id", "is not one of the clinic's appointment types")
    return found


@router.get("/invoices", response=list[InvoiceOut], summary="Invoices")
def list_invoices(
    request: ClinicRequest, client_id: int | None = None, status: str | None = None
) -> list[dict[str, Any]]:
    """The clinic's invoices, newest first (one client's with client_id; issued or void)."""
    policy.require(request.membership, "billing.view")
    client = get_client(request.clinic, client_id) if client_id is not None else None
    found: QuerySet[Invoice] = queries.list_invoices(request.clinic, client=client)
    if status is not None:
        found = found.filter(status=status)
    record_read("billing.invoices.viewed", by=request.actor, client=client, details={"api": True})
    return [invoice_out(request, invoice) for invoice in found[:MAX_ROWS]]


@router.post("/invoices", response={201: InvoiceOut}, summary="Invoice a visit or a period")
def create_invoice(request: ClinicRequest, payload: InvoiceIn) -> Status[dict[str, Any]]:
    """One signed visit (visit_id) or a client's signed visits in a period; 409 if invoiced."""
    policy.require(request.membership, "billing.record")
    kind = _type(request, payload.type_id)
    if payload.visit_id is not None:
        visit = Visit.objects.for_clinic(request.clinic).filter(pk=payload.visit_id).first()
        if visit is None:
            raise invalid("visit_id", "is not one of the clinic's visits")
        invoice = services.invoice_visit(visit=visit, by=request.actor, type=kind)
    elif payload.client_id is not None:
        if payload.period_start is None or payload.period_end is None:
            raise invalid("period_start", "give period_start and period_end, or a visit_id")
        invoice = services.invoice_period(
            client=get_client(request.clinic, payload.client_id),
            by=request.actor,
            starts=payload.period_start,
            ends=payload.period_end,
            type=kind,
        )
    else:
        raise invalid("visit_id", "give a visit_id, or a client_id with a period")
    return Status(201, invoice_out(request, queries.get_invoice(request.clinic, invoice.pk)))


@router.get("/invoices/{invoice_id}", response=InvoiceOut, summary="One invoice")
def get_invoice(request: ClinicRequest, invoice_id: int) -> dict[str, Any]:
    """The invoice with its lines (CPT codes and units), paid and due."""
    policy.require(request.membership, "billing.view")
    invoice = queries.get_invoice(request.clinic, invoice_id)
    record_read("billing.invoice.viewed", by=request.actor, subject=invoice, details={"api": True})
    return invoice_out(request, invoice)


@router.patch("/invoices/{invoice_id}", response=InvoiceOut, summary="Void an invoice")
def change_invoice(
    request: ClinicRequest, invoice_id: int, payload: InvoicePatch
) -> dict[str, Any]:
    """Void an invoice nothing is paid on (409 otherwise); its visits may be invoiced again."""
    policy.require(request.membership, "billing.record")
    invoice = queries.get_invoice(request.clinic, invoice_id)
    if payload.status != "void":
        raise invalid("status", "only void is allowed")
    services.void_invoice(invoice=invoice, by=request.actor, reason=payload.reason)
    return invoice_out(request, queries.get_invoice(request.clinic, invoice.pk))


@router.get("/payments", response=list[PaymentOut], summary="Payments and refunds")
def list_payments(
    request: ClinicRequest,
    invoice_id: int | None = None,
    client_id: int | None = None,
    day: IsoDate | None = None,
) -> list[dict[str, Any]]:
    """Payments and refunds, oldest first: of an invoice, a client, or a clinic-local day."""
    policy.require(request.membership, "billing.view")
    invoice = queries.get_invoice(request.clinic, invoice_id) if invoice_id is not None else None
    client = get_client(request.clinic, client_id) if client_id is not None else None
    found = queries.list_payments(request.clinic, invoice=invoice, client=client)
    if day is not None:
        starts, ends = day_bounds(request.clinic, day)
        found = found.filter(received_at__gte=starts, received_at__lt=ends)
    record_read("billing.payments.viewed", by=request.actor, client=client, details={"api": True})
    return [payment_out(payment) for payment in found[:MAX_ROWS]]


@router.post("/payments", response={201: PaymentOut}, summary="Record a payment or a refund")
def create_payment(request: ClinicRequest, payload: PaymentIn) -> Status[dict[str, Any]]:
    """A payment on an invoice (more than is due: 422), or a refund of a payment (refund_of)."""
    if payload.refund_of is not None:
        policy.require(request.membership, "billing.refund")
        paid = queries.get_payment(request.clinic, payload.refund_of)
        made = payments.refund_payment(
            payment=paid,
            by=request.actor,
            amount=payload.amount,
            reason=payload.reason or payload.note,
            method=payload.method,
            reference=payload.reference,
        )
        return Status(201, payment_out(made))
    policy.require(request.membership, "billing.record")
    if payload.invoice_id is None:
        raise invalid("invoice_id", "name the invoice paid (or refund_of for a refund)")
    invoice = queries.get_invoice(request.clinic, payload.invoice_id)
    tender = payments.Tender(payload.method, payload.amount, payload.reference, payload.note)
    made = payments.record_payment(invoice=invoice, by=request.actor, tender=tender)
    return Status(201, payment_out(made))
