"""The front desk's end-of-day report: money in and out by method, invoices issued, on one
clinic-local day (a day of 23 or 25 hours on a daylight-saving change)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from medmassage.accounts.models import Clinic
from medmassage.billing.models import Invoice, InvoiceStatus, Method, Payment, PaymentKind
from medmassage.scheduling.calendar import day_bounds

ZERO = Decimal("0.00")


@dataclass
class MethodTotal:
    method: str
    label: str
    received: Decimal = ZERO
    refunded: Decimal = ZERO
    count: int = 0

    @property
    def net(self) -> Decimal:
        return self.received - self.refunded


@dataclass
class DayReport:
    day: date
    payments: list[Payment] = field(default_factory=list)
    methods: list[MethodTotal] = field(default_factory=list)
    invoices: list[Invoice] = field(default_factory=list)

    @property
    def received(self) -> Decimal:
        return sum((m.received for m in self.methods), ZERO)

    @property
    def refunded(self) -> Decimal:
        return sum((m.refunded for m in self.methods), ZERO)

    @property
    def net(self) -> Decimal:
        return self.received - self.refunded

    @property
    def invoiced(self) -> Decimal:
        return sum((i.total for i in self.invoices if i.status == InvoiceStatus.ISSUED), ZERO)


def day_report(clinic: Clinic, day: date) -> DayReport:
    """Payments and refunds by method, and the invoices issued, on the clinic's day."""
    starts, ends = day_bounds(clinic, day)
    payments = list(
        Payment.objects.for_clinic(clinic)
        .filter(received_at__gte=starts, received_at__lt=ends)
        .select_related("client", "invoice", "recorded_by__user")
        .order_by("received_at", "id")
    )
    totals = {value: MethodTotal(value, str(label)) for value, label in Method.choices}
    for payment in payments:
        total = totals[payment.method]
        total.count += 1
        if payment.kind == PaymentKind.PAYMENT:
            total.received += payment.amount
        else:
            total.refunded += payment.amount
    invoices = list(
        Invoice.objects.for_clinic(clinic)
        .filter(issued_at__gte=starts, issued_at__lt=ends)
        .select_related("client")
        .order_by("number")
    )
    return DayReport(day, payments, list(totals.values()), invoices)
