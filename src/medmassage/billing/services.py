"""The only writers of invoices: invoice visits (one, or a period's), sell a package, void.

Each runs in one transaction with its audit event. A visit is priced at its appointment type's
price (the type is named when the visit had no appointment) and carries the CPT codes and units
it was signed with (8-minute rule, visits.billing). A visit a package covers costs nothing on
the invoice and uses one of the package's sessions. Payments and refunds: billing.payments.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone

from medmassage.accounts.actors import Actor
from medmassage.accounts.models import Clinic
from medmassage.audit.services import record_event
from medmassage.billing import queries
from medmassage.billing.errors import InvoicePaid, NotBillable
from medmassage.billing.models import (
    Invoice,
    InvoiceKind,
    InvoiceLine,
    InvoiceStatus,
    Package,
)
from medmassage.billing.money import read_amount
from medmassage.clients.models import Client
from medmassage.problems import FieldErrors, invalid
from medmassage.scheduling.calendar import day_bounds, local
from medmassage.scheduling.models import Appointment, AppointmentType
from medmassage.visits.models import Visit, VisitStatus

MAX_REASON = 300


def _next_number(clinic_id: int) -> int:
    # The clinic's row stands for its invoice book: one number at a time.
    list(Clinic.objects.select_for_update(no_key=True).filter(pk=clinic_id).values_list("pk"))
    latest = Invoice.objects.for_clinic(clinic_id).aggregate(latest=Max("number"))["latest"]
    return (latest or 0) + 1


def _new_invoice(client: Client, by: Actor, kind: str, **fields: Any) -> Invoice:
    return Invoice.unscoped_objects.create(
        clinic_id=client.clinic_id,
        client=client,
        number=_next_number(client.clinic_id),
        kind=kind,
        issued_by=by.membership,
        total=Decimal("0.00"),
        **fields,
    )


@dataclass(frozen=True)
class _Priced:
    visit: Visit
    appointment: Appointment | None
    type: AppointmentType


def _price_visits(
    visits: list[Visit], client: Client, type: AppointmentType | None
) -> list[_Priced]:
    appointments = {
        a.visit_id: a
        for a in Appointment.objects.for_clinic(client.clinic_id)
        .filter(visit__in=visits)
        .select_related("type")
    }
    errors = FieldErrors()
    priced = []
    for visit in visits:
        appointment = appointments.get(visit.pk)
        kind = appointment.type if appointment is not None else type
        if kind is None:
            errors.add("type", "choose the kind of appointment this visit was, to price it")
            continue
        priced.append(_Priced(visit, appointment, kind))
    errors.raise_any()
    return priced


def _check_billable(visit: Visit, client: Client) -> None:
    if visit.client_id != client.pk:
        raise invalid("visit", "is not this client's visit")
    if visit.status == VisitStatus.STOPPED:
        raise NotBillable("No treatment was given at this visit (check-in stopped it).")
    if visit.status != VisitStatus.SIGNED or not visit.billing:
        raise NotBillable("The visit note is not signed yet: it is invoiced once signed.")


def _add_lines(invoice: Invoice, priced: list[_Priced], client: Client) -> Decimal:
    total = Decimal("0.00")
    for position, item in enumerate(priced, start=1):
        visit, kind = item.visit, item.type
        on = local(client.clinic, visit.started_at).date()
        package = queries.covering_package(client.clinic_id, client, type_id=kind.pk, on=on)
        codes = [c for c in (visit.billing or {}).get("codes", []) if c.get("units")]
        description = f"{kind.name} on {on:%Y-%m-%d}"
        if package is not None:
            description += f" (prepaid: {package.name})"
        line = InvoiceLine(
            clinic_id=client.clinic_id,
            invoice=invoice,
            position=position,
            service_date=on,
            description=description[:200],
            visit=visit,
            appointment=item.appointment,
            therapist_id=visit.therapist_id,
            codes=codes,
            price=kind.price,
            amount=Decimal("0.00") if package is not None else kind.price,
            package=package,
        )
        try:
            with transaction.atomic():
                line.save()
        except IntegrityError:  # another invoice took the visit in the meantime
            raise NotBillable("This visit is already on an invoice.") from None
        total += line.amount
    return total


def _locked_visits(client: Client, visit_ids: list[int]) -> list[Visit]:
    visits = list(
        Visit.objects.for_clinic(client.clinic_id)
        .select_for_update(no_key=True)
        .filter(pk__in=visit_ids)
        .order_by("started_at", "id")
    )
    if len(visits) != len(set(visit_ids)):
        raise invalid("visit", "is not one of the clinic's visits")
    taken = InvoiceLine.objects.for_clinic(client.clinic_id).filter(visit__in=visits, active=True)
    if taken.exists():
        raise NotBillable("This visit is already on an invoice.")
    for visit in visits:
        _check_billable(visit, client)
    return visits


def _issue(invoice: Invoice, total: Decimal, by: Actor) -> Invoice:
    invoice.total = total
    invoice.save(update_fields=["total"])
    record_event(
        action="billing.invoice.issued",
        by=by,
        subject=invoice,
        details={"number": invoice.number, "kind": invoice.kind, "total": str(total)},
    )
    return invoice


@transaction.atomic
def invoice_visit(*, visit: Visit, by: Actor, type: AppointmentType | None = None) -> Invoice:
    """Invoice one signed visit at its appointment type's price (or a package's session)."""
    if visit.clinic_id != by.clinic_id:
        raise invalid("visit", "is not one of the clinic's visits")
    client = Client.objects.for_clinic(by.clinic_id).get(pk=visit.client_id)
    visits = _locked_visits(client, [visit.pk])
    priced = _price_visits(visits, client, type)
    invoice = _new_invoice(client, by, InvoiceKind.VISIT)
    return _issue(invoice, _add_lines(invoice, priced, client), by)


@transaction.atomic
def invoice_period(
    *,
    client: Client,
    by: Actor,
    starts: date,
    ends: date,
    type: AppointmentType | None = None,
) -> Invoice:
    """Invoice every signed visit of the client not yet invoiced, on clinic days starts..ends."""
    if ends < starts:
        raise invalid("ends", "comes before the start of the period")
    begin, _ = day_bounds(client.clinic, starts)
    _, finish = day_bounds(client.clinic, ends)
    ids = list(
        queries.uninvoiced_visits(client.clinic_id, client)
        .filter(started_at__gte=begin, started_at__lt=finish)
        .values_list("pk", flat=True)
    )
    if not ids:
        raise NotBillable("No signed visit of this client in that period is left to invoice.")
    visits = _locked_visits(client, ids)
    priced = _price_visits(visits, client, type)
    invoice = _new_invoice(client, by, InvoiceKind.PERIOD, period_start=starts, period_end=ends)
    return _issue(invoice, _add_lines(invoice, priced, client), by)


@dataclass(frozen=True)
class PackageSale:
    """What a package is: its name, sessions, price, and optionally the kind it covers."""

    name: str
    sessions: object
    price: object
    type: AppointmentType | None = None
    expires_on: date | None = None


def _read_sale(sale: PackageSale, clinic_id: int) -> tuple[str, int, Decimal]:
    errors = FieldErrors()
    name = (sale.name or "").strip()
    if not name:
        errors.add("name", "name the package, e.g. 5 follow-ups")
    errors.check_text("name", name, 100)
    try:
        sessions = int(str(sale.sessions))
    except ValueError:
        sessions = 0
    if not 1 <= sessions <= 100:
        errors.add("sessions", "must be a whole number from 1 to 100")
    price = read_amount(errors, "price", sale.price, zero=True)
    if sale.type is not None and sale.type.clinic_id != clinic_id:
        errors.add("type", "is not one of the clinic's appointment types")
    if sale.expires_on is not None and sale.expires_on < timezone.localdate():
        errors.add("expires_on", "is in the past")
    errors.raise_any()
    return name, sessions, price


@transaction.atomic
def sell_package(*, client: Client, by: Actor, sale: PackageSale) -> Package:
    """Sell prepaid sessions: an invoice for the package's price, the sessions ready to use."""
    name, sessions, price = _read_sale(sale, client.clinic_id)
    invoice = _new_invoice(client, by, InvoiceKind.PACKAGE)
    package = Package.unscoped_objects.create(
        clinic_id=client.clinic_id,
        client=client,
        name=name,
        sessions=sessions,
        price=price,
        type=sale.type,
        expires_on=sale.expires_on,
        invoice=invoice,
        sold_by=by.membership,
    )
    InvoiceLine.unscoped_objects.create(
        clinic_id=client.clinic_id,
        invoice=invoice,
        position=1,
        service_date=local(client.clinic, timezone.now()).date(),
        description=f"Package: {name} ({sessions} sessions)"[:200],
        price=price,
        amount=price,
    )
    record_event(
        action="billing.package.sold",
        by=by,
        subject=package,
        details={"sessions": sessions, "price": str(price), "invoice": invoice.number},
    )
    _issue(invoice, price, by)
    return package


@transaction.atomic
def void_invoice(*, invoice: Invoice, by: Actor, reason: str) -> Invoice:
    """Void an invoice nothing is paid on: its visits may be invoiced again, sessions return."""
    invoice = (
        Invoice.objects.for_clinic(by.clinic_id).select_for_update(no_key=True).get(pk=invoice.pk)
    )
    if invoice.status == InvoiceStatus.VOID:
        return invoice
    reason = (reason or "").strip()
    if not reason:
        raise invalid("reason", "say why the invoice is void")
    if len(reason) > MAX_REASON:
        raise invalid("reason", f"keep the reason under {MAX_REASON} characters")
    if queries.invoice_state(by.clinic_id, invoice).paid != 0:
        raise InvoicePaid("Money was paid on this invoice: refund it before voiding.")
    used = InvoiceLine.objects.for_clinic(by.clinic_id).filter(
        package__invoice=invoice, active=True
    )
    if used.exists():
        raise InvoicePaid("Sessions of this package were used: void those invoices first.")
    invoice.status = InvoiceStatus.VOID
    invoice.voided_at = timezone.now()
    invoice.void_reason = reason
    invoice.save(update_fields=["status", "voided_at", "void_reason"])
    InvoiceLine.objects.for_clinic(by.clinic_id).filter(invoice=invoice).update(active=False)
    record_event(
        action="billing.invoice.voided", by=by, subject=invoice, details={"number": invoice.number}
    )
    return invoice
