from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from ninja import Field, Schema

from medmassage.inputs import StrictInput


class CodeUnitsOut(Schema):
    code: str = Field(description="CPT code")
    minutes: int
    units: int = Field(description="Units by the 8-minute rule (CMS 100-04 ch. 5 §20.2)")


class InvoiceLineOut(Schema):
    position: int
    service_date: date
    description: str
    visit_id: int | None
    appointment_id: int | None
    therapist_id: int | None
    codes: list[CodeUnitsOut]
    price: Decimal
    amount: Decimal
    package_id: int | None = Field(description="The package whose prepaid session covers it.")


class InvoiceOut(Schema):
    id: int
    number: int
    client_id: int
    client_name: str
    kind: str = Field(description="visit, period or package")
    status: str = Field(description="issued or void")
    issued_at: datetime
    period_start: date | None
    period_end: date | None
    total: Decimal
    paid: Decimal = Field(description="Payments less refunds.")
    due: Decimal
    void_reason: str
    lines: list[InvoiceLineOut]


class InvoiceIn(StrictInput):
    """Invoice one signed visit (visit_id), or a client's visits of a period (client_id with
    period_start and period_end, clinic-local dates); type_id prices a visit that had no
    appointment."""

    visit_id: int | None = None
    client_id: int | None = None
    period_start: date | None = None
    period_end: date | None = None
    type_id: int | None = None


class InvoicePatch(StrictInput):
    status: str = Field(description="void (only an invoice nothing is paid on)")
    reason: str = ""


class PaymentOut(Schema):
    id: int
    invoice_id: int
    client_id: int
    kind: str = Field(description="payment or refund")
    method: str = Field(description="cash, card_terminal, insurance or gift_card")
    amount: Decimal
    reference: str
    note: str
    refund_of: int | None
    received_at: datetime


class PaymentIn(StrictInput):
    """A payment (invoice_id, method, amount) or a refund (refund_of, amount, reason). No card
    data: the reference is an approval code, a claim number or a gift card reference."""

    invoice_id: int | None = None
    refund_of: int | None = None
    method: str = ""
    amount: str = Field(description="Decimal as text, two places at most, e.g. 95.00")
    reference: str = ""
    note: str = ""
    reason: str = ""
