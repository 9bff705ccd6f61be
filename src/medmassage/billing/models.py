"""Invoices, their lines, packages of prepaid sessions, payments and refunds.

Money is Decimal with two places, never float. No card data is ever stored: a payment keeps
its method, amount and a reference (the terminal's approval code, a claim number, a gift card's
last digits), and the services refuse a reference that looks like a card number.

Arithmetic (project policy, tested by hand in tests/billing):
- an invoice's total is the sum of its lines; a visit's line costs its appointment type's price,
  or nothing when a package's prepaid session covers it;
- an invoice's paid amount is its payments less its refunds; due = total - paid;
- a client's balance is the sum of what is due on their issued invoices;
- a payment larger than what is due is refused (no credit on account is kept).
"""

from __future__ import annotations

from decimal import Decimal
from typing import ClassVar

from django.db import models
from django.db.models import F, Q
from django.utils import timezone

from medmassage.tenancy import ClinicOwned

CENT = Decimal("0.01")


class Method(models.TextChoices):
    CASH = "cash", "Cash"
    CARD_TERMINAL = "card_terminal", "Card (terminal)"
    INSURANCE = "insurance", "Insurance"
    GIFT_CARD = "gift_card", "Gift card"


class InvoiceKind(models.TextChoices):
    VISIT = "visit", "One visit"
    PERIOD = "period", "Visits in a period"
    PACKAGE = "package", "Package of sessions"


class InvoiceStatus(models.TextChoices):
    ISSUED = "issued", "Issued"
    VOID = "void", "Void"


class Invoice(ClinicOwned):
    """What a client owes for visits (one, or a period's) or for a package of sessions."""

    client = models.ForeignKey("clients.Client", on_delete=models.PROTECT, related_name="+")
    number = models.PositiveIntegerField(help_text="Numbered in order within the clinic.")
    kind = models.CharField(max_length=10, choices=InvoiceKind.choices)
    status = models.CharField(
        max_length=10, choices=InvoiceStatus.choices, default=InvoiceStatus.ISSUED
    )
    issued_at = models.DateTimeField(default=timezone.now)
    issued_by = models.ForeignKey("accounts.Membership", on_delete=models.PROTECT, related_name="+")
    period_start = models.DateField(null=True, blank=True)
    period_end = models.DateField(null=True, blank=True)
    total = models.DecimalField(max_digits=10, decimal_places=2)
    voided_at = models.DateTimeField(null=True, blank=True)
    void_reason = models.CharField(max_length=300, blank=True)

    class Meta(ClinicOwned.Meta):
        constraints: ClassVar[list[models.BaseConstraint]] = [
            models.UniqueConstraint(fields=("clinic", "number"), name="invoice_number_unique"),
            models.CheckConstraint(condition=Q(total__gte=0), name="invoice_total_gte_0"),
            models.CheckConstraint(
                condition=Q(status__in=InvoiceStatus.values), name="invoice_status_known"
            ),
        ]
        indexes: ClassVar[list[models.Index]] = [
            models.Index(fields=("clinic", "client", "issued_at"), name="invoice_by_client"),
            models.Index(fields=("clinic", "issued_at"), name="invoice_by_time"),
        ]
        ordering = ("-issued_at", "-id")

    def __str__(self) -> str:
        return f"Invoice {self.number}"

    @property
    def is_void(self) -> bool:
        return self.status == InvoiceStatus.VOID


class Package(ClinicOwned):
    """Prepaid sessions sold to a client; each invoiced visit it covers uses one."""

    client = models.ForeignKey("clients.Client", on_delete=models.PROTECT, related_name="+")
    name = models.CharField(max_length=100)
    sessions = models.PositiveSmallIntegerField()
    price = models.DecimalField(max_digits=10, decimal_places=2)
    type = models.ForeignKey(
        "scheduling.AppointmentType",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text="The kind of appointment it covers (any when empty).",
    )
    expires_on = models.DateField(null=True, blank=True)
    invoice = models.ForeignKey(Invoice, on_delete=models.PROTECT, related_name="+")
    sold_at = models.DateTimeField(default=timezone.now)
    sold_by = models.ForeignKey("accounts.Membership", on_delete=models.PROTECT, related_name="+")

    class Meta(ClinicOwned.Meta):
        constraints: ClassVar[list[models.BaseConstraint]] = [
            models.CheckConstraint(condition=Q(sessions__gte=1), name="package_sessions_gte_1"),
            models.CheckConstraint(condition=Q(price__gte=0), name="package_price_gte_0"),
        ]
        ordering = ("sold_at", "id")

    def __str__(self) -> str:
        return f"{self.name} ({self.sessions} sessions)"


class InvoiceLine(ClinicOwned):
    """One thing invoiced: a visit (with its CPT codes and units) or a package."""

    invoice = models.ForeignKey(Invoice, on_delete=models.PROTECT, related_name="+")
    position = models.PositiveSmallIntegerField()
    service_date = models.DateField()
    description = models.CharField(max_length=200)
    visit = models.ForeignKey(
        "visits.Visit", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    appointment = models.ForeignKey(
        "scheduling.Appointment", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    therapist = models.ForeignKey(
        "accounts.Membership", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    # The visit's CPT codes with minutes and units (8-minute rule), as signed.
    codes = models.JSONField(default=list, blank=True)
    price = models.DecimalField(
        max_digits=10, decimal_places=2, help_text="The price before a package covers it."
    )
    amount = models.DecimalField(max_digits=10, decimal_places=2)
    package = models.ForeignKey(
        Package,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text="The package whose prepaid session covers this visit.",
    )
    # False once its invoice is void: the visit may be invoiced again, the session is back.
    active = models.BooleanField(default=True)

    class Meta(ClinicOwned.Meta):
        constraints: ClassVar[list[models.BaseConstraint]] = [
            models.UniqueConstraint(
                fields=("visit",),
                condition=Q(active=True, visit__isnull=False),
                name="visit_invoiced_once",
            ),
            models.CheckConstraint(condition=Q(amount__gte=0), name="line_amount_gte_0"),
            models.CheckConstraint(
                condition=Q(amount__lte=F("price")), name="line_amount_lte_price"
            ),
        ]
        ordering = ("invoice_id", "position")

    def __str__(self) -> str:
        return f"{self.description}: {self.amount}"

    @property
    def units(self) -> int:
        return sum(int(code.get("units", 0)) for code in self.codes)


class PaymentKind(models.TextChoices):
    PAYMENT = "payment", "Payment"
    REFUND = "refund", "Refund"


class Payment(ClinicOwned):
    """Money received for an invoice, or given back (a refund of one payment)."""

    client = models.ForeignKey("clients.Client", on_delete=models.PROTECT, related_name="+")
    invoice = models.ForeignKey(Invoice, on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(max_length=10, choices=PaymentKind.choices)
    method = models.CharField(max_length=20, choices=Method.choices)
    amount = models.DecimalField(max_digits=10, decimal_places=2, help_text="Always positive.")
    reference = models.CharField(
        max_length=100, blank=True, help_text="Approval code, claim or gift card reference."
    )
    note = models.CharField(max_length=300, blank=True)
    refund_of = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    received_at = models.DateTimeField(default=timezone.now)
    recorded_by = models.ForeignKey(
        "accounts.Membership", on_delete=models.PROTECT, related_name="+"
    )

    class Meta(ClinicOwned.Meta):
        constraints: ClassVar[list[models.BaseConstraint]] = [
            models.CheckConstraint(condition=Q(amount__gt=0), name="payment_amount_gt_0"),
            models.CheckConstraint(
                condition=Q(method__in=Method.values), name="payment_method_known"
            ),
            models.CheckConstraint(
                condition=Q(kind=PaymentKind.PAYMENT, refund_of__isnull=True)
                | Q(kind=PaymentKind.REFUND, refund_of__isnull=False),
                name="refund_names_its_payment",
            ),
        ]
        indexes: ClassVar[list[models.Index]] = [
            models.Index(fields=("clinic", "received_at"), name="payment_by_time"),
            models.Index(fields=("clinic", "client"), name="payment_by_client"),
        ]
        ordering = ("received_at", "id")

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.amount} ({self.method})"

    @property
    def signed_amount(self) -> Decimal:
        """Positive for money in, negative for money out."""
        return self.amount if self.kind == PaymentKind.PAYMENT else -self.amount
