"""Clinic-scoped reads of invoices, payments, packages and balances (sums in Decimal)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.db.models import QuerySet
from django.http import Http404

from medmassage.accounts.models import Clinic
from medmassage.billing.models import (
    Invoice,
    InvoiceLine,
    InvoiceStatus,
    Package,
    Payment,
    PaymentKind,
)
from medmassage.clients.models import Client
from medmassage.visits.models import Visit, VisitStatus

ZERO = Decimal("0.00")


def get_invoice(clinic: Clinic | int, invoice_id: int) -> Invoice:
    """One of the clinic's invoices, or 404."""
    found = (
        Invoice.objects.for_clinic(clinic)
        .select_related("client", "issued_by__user")
        .filter(pk=invoice_id)
        .first()
    )
    if found is None:
        raise Http404("No such invoice")
    return found


def list_invoices(clinic: Clinic | int, *, client: Client | None = None) -> QuerySet[Invoice]:
    """The clinic's (or one client's) invoices, newest first."""
    found = Invoice.objects.for_clinic(clinic).select_related("client")
    return found.filter(client=client) if client is not None else found


def list_lines(clinic: Clinic | int, invoice: Invoice) -> QuerySet[InvoiceLine]:
    return (
        InvoiceLine.objects.for_clinic(clinic)
        .filter(invoice=invoice)
        .select_related("package", "therapist__user")
        .order_by("position")
    )


def get_payment(clinic: Clinic | int, payment_id: int) -> Payment:
    """One of the clinic's payments or refunds, or 404."""
    found = (
        Payment.objects.for_clinic(clinic)
        .select_related("client", "invoice", "recorded_by__user")
        .filter(pk=payment_id)
        .first()
    )
    if found is None:
        raise Http404("No such payment")
    return found


def list_payments(
    clinic: Clinic | int, *, invoice: Invoice | None = None, client: Client | None = None
) -> QuerySet[Payment]:
    found = Payment.objects.for_clinic(clinic).select_related("invoice", "recorded_by__user")
    if invoice is not None:
        found = found.filter(invoice=invoice)
    if client is not None:
        found = found.filter(client=client)
    return found


def paid_on(clinic: Clinic | int, invoices: Iterable[Invoice]) -> dict[int, Decimal]:
    """Payments less refunds on each invoice (0.00 when none)."""
    ids = [invoice.pk for invoice in invoices]
    paid: dict[int, Decimal] = dict.fromkeys(ids, ZERO)
    rows = Payment.objects.for_clinic(clinic).filter(invoice_id__in=ids)
    for invoice_id, kind, amount in rows.values_list("invoice_id", "kind", "amount"):
        paid[invoice_id] += amount if kind == PaymentKind.PAYMENT else -amount
    return paid


@dataclass(frozen=True)
class InvoiceState:
    """An invoice with what was paid on it and what is still due."""

    invoice: Invoice
    paid: Decimal

    @property
    def due(self) -> Decimal:
        return ZERO if self.invoice.is_void else self.invoice.total - self.paid


def invoice_state(clinic: Clinic | int, invoice: Invoice) -> InvoiceState:
    return InvoiceState(invoice, paid_on(clinic, [invoice])[invoice.pk])


def invoice_states(clinic: Clinic | int, invoices: Iterable[Invoice]) -> list[InvoiceState]:
    found = list(invoices)
    paid = paid_on(clinic, found)
    return [InvoiceState(invoice, paid[invoice.pk]) for invoice in found]


def refunded_from(clinic: Clinic | int, payment: Payment) -> Decimal:
    """What has been refunded of one payment so far."""
    refunds = Payment.objects.for_clinic(clinic).filter(refund_of=payment)
    return sum(refunds.values_list("amount", flat=True), ZERO)


@dataclass(frozen=True)
class Balance:
    invoiced: Decimal
    paid: Decimal

    @property
    def due(self) -> Decimal:
        return self.invoiced - self.paid


def balances(clinic: Clinic | int, client_ids: Iterable[int]) -> dict[int, Balance]:
    """Each client's issued invoices, net payments and balance due (two queries, any count)."""
    ids = list(client_ids)
    invoiced: dict[int, Decimal] = defaultdict(lambda: ZERO)
    paid: dict[int, Decimal] = defaultdict(lambda: ZERO)
    issued = Invoice.objects.for_clinic(clinic).filter(
        client_id__in=ids, status=InvoiceStatus.ISSUED
    )
    for client_id, total in issued.values_list("client_id", "total"):
        invoiced[client_id] += total
    payments = Payment.objects.for_clinic(clinic).filter(client_id__in=ids)
    for client_id, kind, amount in payments.values_list("client_id", "kind", "amount"):
        paid[client_id] += amount if kind == PaymentKind.PAYMENT else -amount
    return {client_id: Balance(invoiced[client_id], paid[client_id]) for client_id in ids}


def client_balance(clinic: Clinic | int, client: Client) -> Balance:
    """What the client was invoiced, paid (net of refunds) and still owes."""
    return balances(clinic, [client.pk])[client.pk]


@dataclass(frozen=True)
class PackageUse:
    package: Package
    used: int

    @property
    def remaining(self) -> int:
        return max(self.package.sessions - self.used, 0)


def package_uses(clinic: Clinic | int, client: Client) -> list[PackageUse]:
    """The client's packages (of issued invoices) with the sessions used so far, oldest first."""
    packages = list(
        Package.objects.for_clinic(clinic)
        .filter(client=client, invoice__status=InvoiceStatus.ISSUED)
        .select_related("type")
    )
    used: dict[int, int] = defaultdict(int)
    lines = InvoiceLine.objects.for_clinic(clinic).filter(package__in=packages, active=True)
    for package_id in lines.values_list("package_id", flat=True):
        used[package_id] += 1
    return [PackageUse(package, used[package.pk]) for package in packages]


def covering_package(
    clinic: Clinic | int, client: Client, *, type_id: int | None, on: date
) -> Package | None:
    """The oldest package with a session left that covers this kind of visit on that day."""
    for use in package_uses(clinic, client):
        package = use.package
        fits = package.type_id is None or package.type_id == type_id
        current = package.expires_on is None or on <= package.expires_on
        if use.remaining and fits and current:
            return package
    return None


def uninvoiced_visits(clinic: Clinic | int, client: Client) -> QuerySet[Visit]:
    """The client's signed visits that no issued invoice names yet, oldest first."""
    invoiced = InvoiceLine.objects.for_clinic(clinic).filter(
        active=True, visit__isnull=False, visit__client=client
    )
    return (
        Visit.objects.for_clinic(clinic)
        .filter(client=client, status=VisitStatus.SIGNED)
        .exclude(pk__in=invoiced.values("visit_id"))
        .select_related("therapist__user")
        .order_by("started_at", "id")
    )
