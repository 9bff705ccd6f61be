"""The only writers of payments: record a payment on an invoice, refund (part of) a payment.

No card data is ever stored: a method, an amount and a reference. A payment larger than what
is due on its invoice is refused (project policy: no credit on account is kept); a refund gives
back at most what is left of its payment, by its method unless another is named.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.db import transaction

from medmassage.accounts.actors import Actor
from medmassage.audit.services import record_event
from medmassage.billing import queries
from medmassage.billing.errors import InvoiceVoid
from medmassage.billing.models import Invoice, Method, Payment, PaymentKind
from medmassage.billing.money import looks_like_card_number, read_amount
from medmassage.problems import FieldErrors, invalid

MAX_REFERENCE = 100
MAX_NOTE = 300


@dataclass(frozen=True)
class Tender:
    """What the front desk took (or gives back): method, amount, reference, note."""

    method: str
    amount: object
    reference: str = ""
    note: str = ""


def _read_tender(
    tender: Tender, errors: FieldErrors, *, note_field: str = "note"
) -> tuple[Decimal, str, str]:
    errors.check_choice("method", tender.method, Method.values)
    amount = read_amount(errors, "amount", tender.amount)
    reference = (tender.reference or "").strip()
    errors.check_text("reference", reference, MAX_REFERENCE)
    if looks_like_card_number(reference):
        errors.add(
            "reference",
            "looks like a card number: never record card details, only the terminal's "
            "approval code or the last four digits",
        )
    note = (tender.note or "").strip()
    errors.check_text(note_field, note, MAX_NOTE)
    if looks_like_card_number(note):
        errors.add(note_field, "looks like a card number: never record card details")
    return amount, reference, note


def _locked_invoice(invoice: Invoice, by: Actor) -> Invoice:
    if invoice.clinic_id != by.clinic_id:
        raise invalid("invoice", "is not one of the clinic's invoices")
    invoice = (
        Invoice.objects.for_clinic(by.clinic_id).select_for_update(no_key=True).get(pk=invoice.pk)
    )
    if invoice.is_void:
        raise InvoiceVoid(f"Invoice {invoice.number} is void: nothing is paid on it.")
    return invoice


@transaction.atomic
def record_payment(*, invoice: Invoice, by: Actor, tender: Tender) -> Payment:
    """Record money received for an invoice; more than is due is refused."""
    errors = FieldErrors()
    amount, reference, note = _read_tender(tender, errors)
    errors.raise_any()
    invoice = _locked_invoice(invoice, by)
    due = queries.invoice_state(by.clinic_id, invoice).due
    if due <= 0:
        raise invalid("amount", f"nothing is due on invoice {invoice.number}")
    if amount > due:
        raise invalid(
            "amount",
            f"is more than the {due} due on invoice {invoice.number}: take {due} at most",
        )
    payment = Payment.unscoped_objects.create(
        clinic_id=invoice.clinic_id,
        client_id=invoice.client_id,
        invoice=invoice,
        kind=PaymentKind.PAYMENT,
        method=tender.method,
        amount=amount,
        reference=reference,
        note=note,
        recorded_by=by.membership,
    )
    record_event(
        action="billing.payment.recorded",
        by=by,
        subject=payment,
        details={"invoice": invoice.number, "method": payment.method, "amount": str(amount)},
    )
    return payment


@transaction.atomic
def refund_payment(
    *,
    payment: Payment,
    by: Actor,
    amount: object,
    reason: str,
    method: str = "",
    reference: str = "",
) -> Payment:
    """Give back (part of) a payment; the invoice is due again by that much."""
    if payment.clinic_id != by.clinic_id:
        raise invalid("payment", "is not one of the clinic's payments")
    errors = FieldErrors()
    tender = Tender(method or payment.method, amount, reference, reason)
    value, reference, note = _read_tender(tender, errors, note_field="reason")
    if not note:
        errors.add("reason", "say why the money is given back")
    errors.raise_any()
    invoice = _locked_invoice(payment.invoice, by)
    payment = (
        Payment.objects.for_clinic(by.clinic_id).select_for_update(no_key=True).get(pk=payment.pk)
    )
    if payment.kind != PaymentKind.PAYMENT:
        raise invalid("payment", "is a refund itself: refund the payment it gave back")
    left = payment.amount - queries.refunded_from(by.clinic_id, payment)
    if value > left:
        raise invalid("amount", f"is more than the {left} left of this payment to give back")
    refund = Payment.unscoped_objects.create(
        clinic_id=payment.clinic_id,
        client_id=payment.client_id,
        invoice=invoice,
        kind=PaymentKind.REFUND,
        method=tender.method,
        amount=value,
        reference=reference,
        note=note,
        refund_of=payment,
        recorded_by=by.membership,
    )
    record_event(
        action="billing.payment.refunded",
        by=by,
        subject=refund,
        details={"invoice": invoice.number, "method": refund.method, "amount": str(value)},
    )
    return refund
